// A stand-in for the todos example's generated preload (window.todos, typed
// by examples/todos/generated/ipc.d.ts), with the list kept in the page:
// what the Rust core does (trimmed titles, EmptyTitle, TitleTooLong of 200,
// NotFound) is played here so that the page can be clicked through without
// Electron. Runs after common.js.
"use strict";

{
  const { emit, ipcError, record, subscriber, exposeStandIn } = window.__standIn;
  const MAX_TITLE = 200;
  const todos = new Map();
  let nextId = 1;

  const invoke = (channel, args, answer) => {
    record(channel, args);
    return new Promise((resolve) => setTimeout(resolve, 0)).then(answer);
  };
  const checkTitle = (channel, title) => {
    if (typeof title !== "string") {
      throw ipcError("ERR_BAD_ARGUMENTS", `${channel}: title must be a string`, { argument: "title" }, channel);
    }
    const trimmed = title.trim();
    if (trimmed === "") throw ipcError("ERR_HANDLER", "the title is empty", "EmptyTitle", channel);
    const length = [...trimmed].length;
    if (length > MAX_TITLE) {
      throw ipcError("ERR_HANDLER", "the title is too long", { TitleTooLong: { max: MAX_TITLE, length } }, channel);
    }
    return trimmed;
  };
  const existing = (channel, id) => {
    if (!Number.isInteger(id) || id < 0) {
      throw ipcError("ERR_BAD_ARGUMENTS", `${channel}: id must be a u32`, { argument: "id" }, channel);
    }
    const todo = todos.get(id);
    if (todo === undefined) throw ipcError("ERR_HANDLER", `no todo ${id}`, { NotFound: { id } }, channel);
    return todo;
  };
  const changed = (todo) => {
    todos.set(todo.id, todo);
    emit("todos:changed", { ...todo });
    return { ...todo };
  };

  exposeStandIn("todos", {
    add: (title) =>
      invoke("todos:add", [title], () => changed({ id: nextId++, title: checkTitle("todos:add", title), done: false })),
    list: () => invoke("todos:list", [], () => [...todos.values()].map((todo) => ({ ...todo }))),
    toggle: (id) =>
      invoke("todos:toggle", [id], () => {
        const todo = existing("todos:toggle", id);
        return changed({ ...todo, done: !todo.done });
      }),
    rename: (id, title) =>
      invoke("todos:rename", [id, title], () => {
        const todo = existing("todos:rename", id);
        return changed({ ...todo, title: checkTitle("todos:rename", title) });
      }),
    remove: (id) =>
      invoke("todos:remove", [id], () => {
        existing("todos:remove", id);
        todos.delete(id);
        emit("todos:removed", id);
      }),
    count: () => invoke("todos:count", [], () => todos.size),
    clearCompleted: () =>
      invoke("todos:clearCompleted", [], () => {
        const done = [...todos.values()].filter((todo) => todo.done);
        for (const todo of done) {
          todos.delete(todo.id);
          emit("todos:removed", todo.id);
        }
        return done.length;
      }),
    log: (line) => record("todos:log", [line]),
    onChanged: subscriber("todos:changed"),
    onRemoved: subscriber("todos:removed"),
  });
}
