// A main-js service's state is set from the registration.
import { registerIpc } from "../../fixtures/state/expected/main.cjs";

const registration = registerIpc({
  backend: { call: () => '{"ok":true,"value":null}' },
  allowedOrigins: ["app://main"],
  handlers: { shell: { title: () => "title" } },
});
const version: number = registration.states.shell.maximized.set(true);
console.log(version, registration.states.shell.maximized.version);
