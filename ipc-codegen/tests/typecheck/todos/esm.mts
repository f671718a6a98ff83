// ES-module code against main.d.mts and ipc-api.d.mts, which re-export the
// CommonJS declarations.
import { contextBridge, ipcRenderer } from "electron";
import type { TodosApi } from "../../fixtures/todos/expected/ipc.js";
import { createTodosApi, exposeIpc } from "../../fixtures/todos/expected/ipc-api.mjs";
import {
  CHANNELS,
  type IpcBackend,
  type IpcRegistration,
  registerIpc,
  secureWebPreferences,
} from "../../fixtures/todos/expected/main.mjs";

const backend: IpcBackend = { call: () => '{"ok":true,"value":null}' };
const registration: IpcRegistration = registerIpc({ backend, allowedOrigins: ["app://main"] });
registration.dispose();
const preferences = secureWebPreferences({ preload: "/app/preload.js" });
const sandboxed: true = preferences.sandbox;
const first: "todos:add" = CHANNELS[0].channel;
console.log(sandboxed, first);

const todos: TodosApi = createTodosApi(ipcRenderer);
console.log(todos);
exposeIpc(contextBridge, ipcRenderer);
// @ts-expect-error allowedOrigins is required
registerIpc({ backend });
