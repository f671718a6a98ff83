// @ts-check
// The page of the todos example. The list lives in Rust, in the main
// process, as the state `window.todos.todosState` (exposed by the generated
// preload; types in generated/ipc.d.ts): this page renders whatever
// `getSnapshot()` holds, again at each new version `subscribe` announces, so
// every open window shows the same list. Its calls only ask main to change it.
"use strict";

{
  /** @typedef {import('./generated/ipc').Todo} Todo */
  /** @typedef {import('./generated/ipc').TodoError} TodoError */
  /** @typedef {import('./generated/ipc').IpcError<TodoError>} TodoCallError */

  /**
   * @template {HTMLElement} T
   * @param {string} selector
   * @param {{ new (): T }} type
   * @param {ParentNode} [root]
   * @returns {T}
   */
  const find = (selector, type, root = document) => {
    const element = root.querySelector(selector);
    if (!(element instanceof type)) throw new Error(`index.html has no ${selector}`);
    return element;
  };
  const form = find("#new-todo", HTMLFormElement);
  const newTitle = find("#new-title", HTMLInputElement);
  const errorLine = find("#error", HTMLElement);
  const list = find("#list", HTMLUListElement);
  const remaining = find("#remaining", HTMLElement);
  const itemTemplate = find("#todo-item", HTMLTemplateElement);

  const store = window.todos.todosState;
  /** The todos on screen, by id. @type {Map<number, Todo>} */
  const todos = new Map();

  /**
   * What to tell the user about a failed call: written from the error's
   * `code` and typed `data`, never from its `message` (meant for logs).
   * @param {TodoCallError} error
   * @returns {string}
   */
  const explain = (error) => {
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
  };

  /**
   * Runs a call; on failure shows why, and answers undefined.
   * @template T
   * @param {Promise<T>} call
   * @returns {Promise<T | undefined>}
   */
  const attempt = async (call) => {
    try {
      const value = await call;
      errorLine.textContent = "";
      return value;
    } catch (error) {
      errorLine.textContent = explain(/** @type {TodoCallError} */ (error));
      return undefined;
    }
  };

  /** @param {Todo} todo */
  const itemOf = (todo) => {
    const existing = list.querySelector(`li[data-id="${todo.id}"]`);
    if (existing instanceof HTMLLIElement) return existing;
    const fragment = /** @type {DocumentFragment} */ (itemTemplate.content.cloneNode(true));
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
  };

  /** @param {Todo} todo */
  const show = (todo) => {
    todos.set(todo.id, todo);
    const item = itemOf(todo);
    item.classList.toggle("done", todo.done);
    find(".toggle", HTMLInputElement, item).checked = todo.done;
    const title = find(".title", HTMLInputElement, item);
    if (title.value !== todo.title) title.value = todo.title;
    updateCount();
  };

  /** @param {number} id */
  const forget = (id) => {
    todos.delete(id);
    list.querySelector(`li[data-id="${id}"]`)?.remove();
    updateCount();
  };

  /** Shows the latest list main published: its todos, in its order, and nothing else. */
  const render = () => {
    const all = store.getSnapshot() ?? [];
    const kept = new Set(all.map((todo) => todo.id));
    for (const id of [...todos.keys()]) if (!kept.has(id)) forget(id);
    for (const todo of all) {
      show(todo);
      // In main's order: an item already on screen moves to its place.
      list.append(itemOf(todo));
    }
    updateCount();
  };

  const updateCount = () => {
    const open = [...todos.values()].filter((todo) => !todo.done).length;
    remaining.textContent = `${open} left`;
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // The new todo arrives with the list's next version, in every window.
    const added = await attempt(window.todos.add(newTitle.value));
    if (added !== undefined) newTitle.value = "";
  });
  find("#clear-completed", HTMLButtonElement).addEventListener("click", () => {
    attempt(window.todos.clearCompleted());
  });

  // The report is a long job in Rust: Cancel aborts the call's signal, the
  // promise rejects at once with ERR_CANCELLED and main drops the job.
  const reportButton = find("#report", HTMLButtonElement);
  const cancelButton = find("#cancel-report", HTMLButtonElement);
  const reportOutput = find("#report-output", HTMLElement);
  /** @type {AbortController | undefined} */
  let reporting;
  reportButton.addEventListener("click", async () => {
    const controller = new AbortController();
    reporting = controller;
    reportButton.disabled = true;
    cancelButton.disabled = false;
    reportOutput.textContent = "Writing the report…";
    try {
      reportOutput.textContent = await window.todos.report({ signal: controller.signal });
    } catch (error) {
      const failed = /** @type {TodoCallError} */ (error);
      reportOutput.textContent = failed.code === "ERR_CANCELLED" ? "Report cancelled." : explain(failed);
    } finally {
      reporting = undefined;
      reportButton.disabled = false;
      cancelButton.disabled = true;
    }
  });
  cancelButton.addEventListener("click", () => reporting?.abort());

  // The same report, streamed from Rust a line at a time with its progress.
  // Cancel aborts the stream's signal: the loop ends, and main drops the
  // Rust stream between two lines.
  const streamButton = find("#stream-report", HTMLButtonElement);
  const progress = find("#report-progress", HTMLProgressElement);
  streamButton.addEventListener("click", async () => {
    const controller = new AbortController();
    reporting = controller;
    reportButton.disabled = true;
    streamButton.disabled = true;
    cancelButton.disabled = false;
    reportOutput.textContent = "";
    progress.value = 0;
    progress.hidden = false;
    try {
      for await (const { line, done, total } of window.todos.reportLines({ signal: controller.signal })) {
        reportOutput.textContent += `${line}\n`;
        progress.max = total;
        progress.value = done;
      }
      if (controller.signal.aborted) reportOutput.textContent += "Report cancelled.";
      else if (reportOutput.textContent === "") reportOutput.textContent = "Nothing to do.";
    } catch (error) {
      reportOutput.textContent = explain(/** @type {TodoCallError} */ (error));
    } finally {
      reporting = undefined;
      progress.hidden = true;
      reportButton.disabled = false;
      streamButton.disabled = false;
      cancelButton.disabled = true;
    }
  });

  // Changes made in any window, this one included.
  store.subscribe(render);
  render();
}
