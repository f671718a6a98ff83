// The todos example's main process, played for its page in Chromium: the
// generated typed mock (examples/todos/generated/ipc-mock.cjs, loaded before
// this script as `window.__ipcMockModule`) stands in for the preload, and
// these handlers do what the Rust core does (trimmed titles, EmptyTitle,
// TitleTooLong of 200, NotFound) with the list kept in the page, published
// after each change as the next version of the state `todos`, as the core
// does. The mock's controls are `window.__ipcMock`, for the test alone.
"use strict";

{
  const { installIpcMock, fail, failWith } = window.__ipcMockModule;
  const MAX_TITLE = 200;
  const todos = new Map();
  let nextId = 1;
  let mock;

  /** Answers on a later task, as a round trip to main would. */
  const later = (answer) => new Promise((resolve) => setTimeout(resolve, 0)).then(answer);
  const checkTitle = (title) => {
    if (typeof title !== "string") throw failWith("ERR_BAD_ARGUMENTS", "title must be a string", { argument: "title" });
    const trimmed = title.trim();
    if (trimmed === "") throw fail("EmptyTitle", "the title is empty");
    const length = [...trimmed].length;
    if (length > MAX_TITLE) throw fail({ TitleTooLong: { max: MAX_TITLE, length } }, "the title is too long");
    return trimmed;
  };
  const existing = (id) => {
    if (!Number.isInteger(id) || id < 0) throw failWith("ERR_BAD_ARGUMENTS", "id must be a u32", { argument: "id" });
    const todo = todos.get(id);
    if (todo === undefined) throw fail({ NotFound: { id } }, `no todo ${id}`);
    return todo;
  };
  const publish = () => mock.todos.setState("todos", [...todos.values()]);
  const changed = (todo) => {
    todos.set(todo.id, todo);
    publish();
    return todo;
  };

  mock = installIpcMock(window, {
    todos: {
      add: (title) => later(() => changed({ id: nextId++, title: checkTitle(title), done: false })),
      report: () =>
        later(() =>
          todos.size === 0
            ? "Nothing to do."
            : [...todos.values()].map((todo) => `[${todo.done ? "x" : " "}] ${todo.title}`).join("\n"),
        ),
      toggle: (id) =>
        later(() => {
          const todo = existing(id);
          return changed({ ...todo, done: !todo.done });
        }),
      rename: (id, title) =>
        later(() => {
          const todo = existing(id);
          return changed({ ...todo, title: checkTitle(title) });
        }),
      remove: (id) =>
        later(() => {
          existing(id);
          todos.delete(id);
          publish();
        }),
      count: () => later(() => todos.size),
      clearCompleted: () =>
        later(() => {
          const done = [...todos.values()].filter((todo) => todo.done);
          for (const todo of done) {
            todos.delete(todo.id);
          }
          if (done.length > 0) publish();
          return done.length;
        }),
      log: () => {},
    },
  });
  publish();
  Object.defineProperty(window, "__ipcMock", { value: mock });
}
