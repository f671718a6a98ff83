// A state's store is what React's useSyncExternalStore takes, as declared by
// @types/react, without a cast; the page reads it and cannot write it.
import { useSyncExternalStore } from "react";
import type { IpcState, Todo } from "../../fixtures/state/expected/ipc.js";

/** The list, re-rendered on every new version; `undefined` until the first arrives. */
export function useTodos(): Todo[] | undefined {
  const todos = window.todos.todosState;
  return useSyncExternalStore(todos.subscribe, todos.getSnapshot);
}

/** Any framework, or plain DOM code: subscribe, then read the snapshot. */
export function render(list: HTMLElement): () => void {
  const todos: IpcState<Todo[]> = window.todos.todosState;
  return todos.subscribe(() => {
    list.textContent = (todos.getSnapshot() ?? []).map((todo) => todo.title).join(", ");
  });
}

export async function first(): Promise<number> {
  const loaded: Todo[] = await window.todos.todosState.load();
  const now: boolean = window.shell.maximizedState.loadSync();
  const bytes: Uint8Array | undefined = window.todos.thumbnailState.getSnapshot();
  console.log(now, bytes);
  return loaded.length + window.todos.todosState.getVersion();
}

export function misuse(): void {
  // @ts-expect-error the snapshot is undefined until the first value arrives
  const list: Todo[] = window.todos.todosState.getSnapshot();
  // @ts-expect-error the page cannot write a state: main owns it
  window.todos.todosState.set([]);
  // @ts-expect-error a listener gets no arguments: it reads getSnapshot()
  window.todos.todosState.subscribe((todos: Todo[]) => console.log(todos));
  // @ts-expect-error a state of booleans is not a store of numbers
  const count: number | undefined = window.shell.maximizedState.getSnapshot();
  console.log(list, count);
}
