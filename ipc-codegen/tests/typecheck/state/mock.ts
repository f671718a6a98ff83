// The mock's states are set by the test, typed by the schema.
import { installIpcMock } from "../../fixtures/state/expected/ipc-mock.cjs";

const mock = installIpcMock(globalThis, {});
mock.todos.setState("todos", [{ id: 1, title: "milk" }]);
mock.shell.setState("maximized", true);
const following: number = mock.todos.stateFollowers("todos");
console.log(following);
// @ts-expect-error the value has the state's type
mock.todos.setState("todos", "milk");
// @ts-expect-error no such state
mock.todos.setState("todo", []);
