// Renderer code against the generated ipc.d.ts: what must compile, and
// (`@ts-expect-error`) what must not.
import type { IpcChannel, Todo, TodoError, TodosAddError } from "../../fixtures/todos/expected/ipc.js";

export async function addTodo(title: string): Promise<Todo | undefined> {
  try {
    return await window.todos.add(title);
  } catch (reason) {
    const error = reason as TodosAddError;
    if (error.code === "ERR_HANDLER") {
      // Typed error data: TodoError.
      const data: TodoError = error.data;
      if (typeof data === "object" && "NotFound" in data) {
        const id: number = data.NotFound.id;
        console.log(`todo ${id} not found`);
      }
    } else if (error.code === "ERR_BAD_ARGUMENTS") {
      console.log(error.data.expected, error.data.received, error.data.path);
    } else if (error.code === "ERR_FORBIDDEN") {
      console.log(error.data.reason);
    } else if (error.code === "ERR_TRANSPORT") {
      console.log(error.message, error.channel);
    }
    return undefined;
  }
}

export async function usage(): Promise<void> {
  const count: number = await window.todos.count();
  const todo: Todo = await window.todos.get(count);
  const found: Todo[] = await window.todos.find(null);
  const renamed: null = await window.todos.setTitle(todo.id, "new title");
  // biome-ignore lint/suspicious/noConfusingVoidType: checks the declared return type is void (undefined would not take it)
  const logged: void = window.todos.log("a line");
  const unsubscribe: () => void = window.todos.onChanged((changed) => {
    const title: string = changed.title;
    console.log(title);
  });
  unsubscribe();
  window.todos.onCleared(() => undefined)();
  const channel: IpcChannel = "todos:add";
  console.log(found, renamed, logged, channel);

  // @ts-expect-error wrong argument type
  await window.todos.add(42);
  // @ts-expect-error missing argument
  await window.todos.add();
  // @ts-expect-error too many arguments
  await window.todos.get(1, 2);
  // @ts-expect-error unknown method
  await window.todos.remove(1);
  // @ts-expect-error wrong event payload
  window.todos.onChanged((changed: number) => console.log(changed));
  // @ts-expect-error a send returns nothing, not a promise
  await window.todos.log("line").then(() => undefined);
  const exposed = window.todos;
  // @ts-expect-error the exposed object is read-only
  window.todos = exposed;
  // @ts-expect-error not a channel of the app
  const unknownChannel: IpcChannel = "todos:nope";
  // @ts-expect-error the handler error of `add` is a TodoError, not a string
  const wrongData: string = ({} as TodosAddError & { code: "ERR_HANDLER" }).data;
  console.log(unknownChannel, wrongData);
}

export function deprecatedStillTyped(): Promise<Todo> {
  return window.todos.create("old way");
}
