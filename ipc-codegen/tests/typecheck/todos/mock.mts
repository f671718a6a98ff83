// Renderer tests against ipc-mock.d.mts: handlers are typed by the Rust
// signatures, and each misuse below must keep failing to compile.
import { fail, failWith, type IpcMock, installIpcMock } from "../../fixtures/todos/expected/ipc-mock.mjs";

const page = {};
const mock: IpcMock = installIpcMock(page, {
  todos: {
    add: (title) => (title === "" ? fail("EmptyTitle") : { id: 1, title, done: false }),
    find: async (query) => (query === null ? [] : [{ id: 2, title: query, done: false }]),
    setTitle: () => failWith("ERR_FORBIDDEN", "refused", { reason: "test" }),
    log: (line) => {
      console.log(line.toUpperCase());
    },
  },
});
mock.todos.handle("get", (id) => fail({ NotFound: { id } }));
mock.todos.emit("changed", { id: 1, title: "milk", done: false });
const added: Array<[title: string]> = mock.todos.calls("add");
const subscribed: number = mock.todos.listenerCount("cleared");
mock.todos.emit("cleared");
console.log(added, subscribed, mock.calls.length, mock.unhandled[0]?.channel);
mock.reset();
mock.restore();

installIpcMock(page, {
  todos: {
    // @ts-expect-error a todo's title is a string
    add: (title: number) => ({ id: title, title: "", done: false }),
  },
});
installIpcMock(page, {
  todos: {
    // @ts-expect-error add answers a Todo, not a string
    add: () => "milk",
  },
});
installIpcMock(page, {
  todos: {
    // @ts-expect-error the error of add is a TodoError
    add: () => fail({ Unknown: 1 }),
  },
});
installIpcMock(page, {
  todos: {
    // @ts-expect-error count declares no typed error
    count: () => fail("EmptyTitle"),
  },
});
installIpcMock(page, {
  todos: {
    // @ts-expect-error the service has no method `destroy`
    destroy: () => null,
  },
});
// @ts-expect-error no service has the namespace `files`
installIpcMock(page, { files: {} });
// @ts-expect-error events are emitted, not handled
mock.todos.handle("changed", () => null);
// @ts-expect-error `changed` carries a Todo
mock.todos.emit("changed", 3);
// @ts-expect-error `changed` carries one todo
mock.todos.emit("changed");
// @ts-expect-error there is no event `renamed`
mock.todos.listenerCount("renamed");
// @ts-expect-error not an IpcErrorCode
failWith("ERR_NOPE", "no");
