// main-js services are implemented by `handlers`, typed from the schema.
import { type IpcHandlers, registerIpc } from "../../fixtures/multi/expected/main.cjs";

let current: "light" | "dark" | "system" = "system";
const handlers: IpcHandlers = {
  settings: {
    theme: () => current,
    setTheme: async (theme, sender) => {
      console.log(sender.origin);
      current = theme;
      return null;
    },
    pin: (todo) => console.log(todo.title),
  },
};

registerIpc({ backend: { call: () => '{"ok":true,"value":null}' }, allowedOrigins: ["app://main"], handlers });

// @ts-expect-error handlers are required when a service is implemented in main
registerIpc({ backend: { call: () => "" }, allowedOrigins: ["app://main"] });
