// A main-js sync method is implemented by a handler that answers at once.
import { type IpcHandlers, registerIpc } from "../../fixtures/sync/expected/main.cjs";

const handlers: IpcHandlers = {
  shell: {
    isMaximized: () => false,
    setTitle: (title, sender) => {
      console.log(title, sender.origin);
      return null;
    },
    version: async () => "1.0.0",
    log: (line) => console.log(line),
  },
};

registerIpc({ backend: { call: () => '{"ok":true,"value":null}' }, allowedOrigins: ["app://main"], handlers });

export const late: IpcHandlers = {
  shell: {
    // @ts-expect-error a sync method's handler cannot answer with a promise
    isMaximized: async () => false,
    setTitle: () => null,
    version: () => "1.0.0",
    log: () => {},
  },
};
