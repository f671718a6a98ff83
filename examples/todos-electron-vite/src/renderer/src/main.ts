// The page: the todos example's renderer as a TypeScript module, bundled by
// electron-vite. The list lives in Rust; window.todos (exposed by the
// preload) is typed by the generated declarations, so a wrong argument or a
// misspelt method fails `npm run typecheck`.
import type { IpcError, Todo, TodoError } from "@generated/ipc";
import "./styles.css";

type TodoCallError = IpcError<TodoError>;

function find<T extends HTMLElement>(selector: string, type: { new (): T }, root: ParentNode = document): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`index.html has no ${selector}`);
  return element;
}

const form = find("#new-todo", HTMLFormElement);
const newTitle = find("#new-title", HTMLInputElement);
const errorLine = find("#error", HTMLElement);
const list = find("#list", HTMLUListElement);
const remaining = find("#remaining", HTMLElement);
const itemTemplate = find("#todo-item", HTMLTemplateElement);

const todos = new Map<number, Todo>();

/** What to tell the user: from the error's `code` and typed `data`, never its `message`. */
function explain(error: TodoCallError): string {
  switch (error.code) {
    case "ERR_HANDLER": {
      const data = error.data;
      if (data === "EmptyTitle") return "A todo needs a title.";
      if ("TitleTooLong" in data) {
        const { max, length } = data.TitleTooLong;
        return `A title can have at most ${max} characters; this one has ${length}.`;
      }
      return `Todo #${data.NotFound.id} no longer exists.`;
    }
    case "ERR_BAD_ARGUMENTS":
      return "The app refused this input.";
    default:
      return `Something went wrong (${error.code}).`;
  }
}

/** Runs a call; on failure shows why, and answers undefined. */
async function attempt<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    const value = await call;
    errorLine.textContent = "";
    return value;
  } catch (error) {
    errorLine.textContent = explain(error as TodoCallError);
    return undefined;
  }
}

function itemOf(todo: Todo): HTMLLIElement {
  const existing = list.querySelector(`li[data-id="${todo.id}"]`);
  if (existing instanceof HTMLLIElement) return existing;
  const fragment = itemTemplate.content.cloneNode(true) as DocumentFragment;
  const item = find("li", HTMLLIElement, fragment);
  item.dataset.id = String(todo.id);
  find(".toggle", HTMLInputElement, item).addEventListener("change", () => {
    attempt(window.todos.toggle(todo.id));
  });
  const title = find(".title", HTMLInputElement, item);
  title.addEventListener("change", async () => {
    const renamed = await attempt(window.todos.rename(todo.id, title.value));
    // Refused: show the title the list still has.
    if (renamed === undefined) title.value = todos.get(todo.id)?.title ?? title.value;
  });
  find(".remove", HTMLButtonElement, item).addEventListener("click", () => {
    attempt(window.todos.remove(todo.id));
  });
  list.append(item);
  return item;
}

function updateCount(): void {
  const open = [...todos.values()].filter((todo) => !todo.done).length;
  remaining.textContent = `${open} left`;
}

function show(todo: Todo): void {
  todos.set(todo.id, todo);
  const item = itemOf(todo);
  item.classList.toggle("done", todo.done);
  find(".toggle", HTMLInputElement, item).checked = todo.done;
  const title = find(".title", HTMLInputElement, item);
  if (title.value !== todo.title) title.value = todo.title;
  updateCount();
}

function forget(id: number): void {
  todos.delete(id);
  list.querySelector(`li[data-id="${id}"]`)?.remove();
  updateCount();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  // The new todo arrives with the list's next version, in every window.
  const added = await attempt(window.todos.add(newTitle.value));
  if (added !== undefined) newTitle.value = "";
});
find("#clear-completed", HTMLButtonElement).addEventListener("click", () => {
  attempt(window.todos.clearCompleted());
});

/** Shows the latest list main published: its todos, in its order, and nothing else. */
function render(): void {
  const all = window.todos.todosState.getSnapshot() ?? [];
  const kept = new Set(all.map((todo) => todo.id));
  for (const id of [...todos.keys()]) if (!kept.has(id)) forget(id);
  for (const todo of all) {
    show(todo);
    // In main's order: an item already on screen moves to its place.
    list.append(itemOf(todo));
  }
  updateCount();
}

// The list is the state `todos`, kept by main: the first subscription loads
// it, and every change made in any window, this one included, arrives as
// its next version.
window.todos.todosState.subscribe(render);
render();
