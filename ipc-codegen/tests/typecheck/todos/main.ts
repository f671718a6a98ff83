// Main-process code against the generated main.d.cts and Electron's own types.

import * as path from "node:path";
import { BrowserWindow, ipcMain } from "electron";
import {
  CHANNELS,
  type IpcBackend,
  type IpcMainError,
  type IpcSender,
  type IpcSenderValues,
  registerIpc,
  secureWebPreferences,
} from "../../fixtures/todos/expected/main.cjs";

const backend: IpcBackend = {
  call(channel: string, argsJson: string, sender: IpcSenderValues): string {
    const origin: IpcSender["origin"] = sender[4];
    return JSON.stringify({ ok: true, value: [channel, argsJson, origin] });
  },
  setEventSink(sink) {
    sink?.("todos:changed", "[]", { kind: "frame", processId: 1, frameId: 2 });
  },
};

const dispose: () => void = registerIpc({
  backend,
  allowedOrigins: ["app://main"],
  onError: (error: IpcMainError, channel: string) => console.warn(error.code, channel),
});
dispose();

const window = new BrowserWindow({
  webPreferences: secureWebPreferences({ preload: path.join(__dirname, "preload.js") }),
});
registerIpc({
  backend,
  allowedOrigins: ["app://main"],
  ipc: window.webContents.ipc,
  allowSubframes: true,
  maxPayloadBytes: 1024,
});
registerIpc({ backend: { call: async () => "{}" }, allowedOrigins: ["http://localhost:5173"], ipc: ipcMain });

const first: "todos:add" = CHANNELS[0].channel;
console.log(first);

// @ts-expect-error allowedOrigins is required
registerIpc({ backend });
// @ts-expect-error the backend must return envelope text
registerIpc({ backend: { call: () => 42 }, allowedOrigins: ["app://main"] });
// @ts-expect-error the sandbox cannot be turned off
secureWebPreferences({ preload: "/app/preload.js", sandbox: false });
// @ts-expect-error the preload path is required
secureWebPreferences({});
