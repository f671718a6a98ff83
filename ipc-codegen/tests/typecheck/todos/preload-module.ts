// A bundled preload using the module form.
import { contextBridge, ipcRenderer } from "electron";
import type { TodosApi } from "../../fixtures/todos/expected/ipc.js";
import { createTodosApi, exposeIpc } from "../../fixtures/todos/expected/ipc-api.cjs";

const todos: TodosApi = createTodosApi(ipcRenderer);
console.log(todos);
exposeIpc(contextBridge, ipcRenderer);
// @ts-expect-error exposeIpc needs ipcRenderer
exposeIpc(contextBridge);
