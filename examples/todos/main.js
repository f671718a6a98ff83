// @ts-check
// The main process of the todos example. The list lives in Rust: this
// folder's crate is built into `core.node` (`npm run build`), whose router
// serves every `todos:*` channel. This file opens windows, hands the addon
// to the generated glue (which checks every sender and argument), grants
// the settings window, and it alone, the capability `settings` that
// `todos.clearAll` requires, and locks the pages in: they can neither
// navigate, open windows, nor be granted a permission (SECURITY.md, "What
// stays the app's job").
"use strict";

const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { app, BrowserWindow, Menu, session } = require("electron");
const { registerIpc, secureWebPreferences } = require("./generated/main.cjs");

/** @type {import('./generated/main.cjs').IpcBackend} */
const backend = require(path.join(__dirname, "core.node"));

/**
 * One line per IPC message, for `IPC_TRACE=1 npm start`, e.g.
 * `[ipc] invoke todos:add OK 0.4 ms 8→41 B from window 1`.
 * @param {import('./generated/main.cjs').IpcTraceRecord} record
 */
const traceLine = ({ kind, channel, code, durationMs, argsBytes, answerBytes, sender }) => {
  const from = sender === undefined ? "" : ` from window ${sender.webContentsId}`;
  return `[ipc] ${kind} ${channel} ${code} ${durationMs.toFixed(1)} ms ${argsBytes}→${answerBytes} B${from}`;
};

const LIST_PAGE = pathToFileURL(path.join(__dirname, "index.html")).href;
const SETTINGS_PAGE = pathToFileURL(path.join(__dirname, "settings.html")).href;

const ipc = registerIpc({
  backend,
  // Every local file has the origin "file://": name the app's own pages
  // instead, so that no other HTML file a window might come to show can
  // use IPC (SECURITY.md).
  allowedOrigins: [LIST_PAGE, SETTINGS_PAGE],
  // Off unless asked for: with no `trace`, tracing costs nothing.
  trace: process.env.IPC_TRACE === "1" ? (record) => console.log(traceLine(record)) : undefined,
});

app.on("web-contents-created", (_event, contents) => {
  // The app is one page, loaded by loadFile (which emits no
  // 'will-navigate'): any navigation the page starts, a link or a script
  // setting location, would leave it, so every one is refused. (Comparing
  // origins would not do: every file:// URL has the same one.)
  contents.on("will-navigate", (event) => event.preventDefault());
  // The page opens no windows; File > New Window is main's own doing.
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
});

function createWindow() {
  // secureWebPreferences sets contextIsolation and sandbox to true and
  // nodeIntegration to false, and throws if anything turns them back; the
  // scanner cannot see through the call. Middle-click (auxclick) opens
  // nothing: setWindowOpenHandler above denies every new window.
  const webPreferences = secureWebPreferences({ preload: path.join(__dirname, "generated", "preload.js") });
  // biome-ignore format: electronegativity reads the eng-disable comment on the line where the call starts
  const window = new BrowserWindow({ width: 640, height: 720, webPreferences }); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK NODE_INTEGRATION_JS_CHECK */
  window.loadFile(path.join(__dirname, "index.html"));
  return window;
}

/** @type {BrowserWindow | undefined} */
let settingsWindow;

/** The one settings window: the only window granted `settings`, so the only one that may clear the list. */
function openSettings() {
  if (settingsWindow !== undefined && !settingsWindow.isDestroyed()) {
    settingsWindow.focus();
    return settingsWindow;
  }
  const webPreferences = secureWebPreferences({ preload: path.join(__dirname, "generated", "preload.js") });
  // biome-ignore format: electronegativity reads the eng-disable comment on the line where the call starts
  const window = new BrowserWindow({ width: 420, height: 260, webPreferences }); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK NODE_INTEGRATION_JS_CHECK */
  // Before the page loads, so its preload sees the grant; bound to this
  // window and to settings.html: if the window ever showed another page, the
  // grant would be gone.
  ipc.grant(window, ["settings"], { origin: SETTINGS_PAGE });
  window.on("closed", () => {
    settingsWindow = undefined;
  });
  window.loadFile(path.join(__dirname, "settings.html"));
  settingsWindow = window;
  return window;
}

function buildMenu() {
  return Menu.buildFromTemplate([
    {
      label: "File",
      submenu: [
        // Each window shows the same list: Rust broadcasts every change.
        { label: "New Window", accelerator: "CmdOrCtrl+N", click: () => createWindow() },
        { label: "Settings…", accelerator: "CmdOrCtrl+,", click: () => openSettings() },
        { label: "Close Window", accelerator: "CmdOrCtrl+W", click: (_item, window) => window?.close() },
        { label: "Quit", accelerator: "CmdOrCtrl+Q", click: () => app.quit() },
      ],
    },
  ]);
}

app.whenReady().then(() => {
  // The page needs no camera, notifications or anything else that asks.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on("window-all-closed", () => {
  if (process.platform !== "darwin") app.quit();
});

app.on("will-quit", () => ipc.dispose());
