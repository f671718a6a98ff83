// The preload, bundled by electron-vite into one CommonJS file that requires
// only "electron": the window is sandboxed. It exposes the generated API,
// one function per channel, and nothing of ipcRenderer.
import { exposeIpc } from "@generated/ipc-api.mjs";
import { contextBridge, ipcRenderer } from "electron";

exposeIpc(contextBridge, ipcRenderer);
