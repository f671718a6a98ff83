// @ts-check
// The preload, bundled by Forge's Vite plugin into one CommonJS file that
// requires only "electron": the window is sandboxed. It exposes the generated
// API, one function per channel, and nothing of ipcRenderer.
import { contextBridge, ipcRenderer } from "electron";
import { exposeIpc } from "./generated/ipc-api.mjs";

exposeIpc(contextBridge, ipcRenderer);
