// @ts-check
// The main process of the seed-patterns example: the three patterns of
// Electron's IPC tutorial, with the IPC surface declared in Rust
// (src/lib.rs) and the handlers written here, where Electron's APIs are.
"use strict";

const { readFile, stat } = require("node:fs/promises");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { app, BrowserWindow, Menu, dialog, session, webContents } = require("electron");
const { registerIpc, secureWebPreferences } = require("./generated/main.cjs");

/**
 * The addon built from this folder's Rust crate (`npm run build`). It runs
 * none of the handlers below, but decodes every call's arguments with the
 * Rust types first: a handler only ever sees values that match them.
 * @type {import('./generated/main.cjs').IpcBackend}
 */
const backend = require(path.join(__dirname, "core.node"));

/** The window the menu's counter talks to. @type {BrowserWindow | null} */
let mainWindow = null;

/** The most windows pattern 4 opens: a page cannot make main open windows without end. */
const MAX_WINDOWS = 4;

/** The last value the renderer reported for the counter (pattern 3's reply). */
let reportedCounter = 0;

/**
 * The window of the frame that sent a message.
 * @param {import('./generated/main.cjs').IpcSender} sender
 */
function windowOf(sender) {
  const contents = webContents.fromId(sender.webContentsId);
  return contents ? BrowserWindow.fromWebContents(contents) : null;
}

/**
 * The open-file dialog each window has open, by webContents id.
 * @type {Map<number, Promise<import('./generated/ipc.js').OpenedFile | null>>}
 */
const openDialogs = new Map();

/**
 * Shows the native open-file dialog, modal to `window` when there is one,
 * and reads the chosen file. Its bytes go to the page as they are: a
 * Buffer here, a Uint8Array there, never a JSON array of numbers; its size
 * is the file system's own `bigint`, which the page receives exactly.
 * @param {BrowserWindow | null} window
 * @returns {Promise<import('./generated/ipc.js').OpenedFile | null>} the file, or null when the user cancels
 */
async function showOpenDialog(window) {
  /** @type {import('electron').OpenDialogOptions} */
  const options = { properties: ["openFile"] };
  const { canceled, filePaths } = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  if (canceled || filePaths.length === 0) {
    return null;
  }
  const [contents, { size }] = await Promise.all([readFile(filePaths[0]), stat(filePaths[0], { bigint: true })]);
  return { path: filePaths[0], contents, size };
}

const ipc = registerIpc({
  backend,
  // Every local file has the origin "file://": name the app's own page
  // instead, so that no other HTML file a window might come to show can
  // use IPC (SECURITY.md).
  allowedOrigins: [pathToFileURL(path.join(__dirname, "index.html")).href],
  handlers: {
    // Pattern 1: renderer to main, one way.
    titleBar: {
      setTitle(title, sender) {
        windowOf(sender)?.setTitle(title);
      },
    },
    // Pattern 2: renderer to main and back.
    files: {
      // One dialog per window at a time: a page that asks again while its
      // dialog is open gets the answer of that dialog, so no page can stack
      // up native dialogs (SECURITY.md, "What stays the app's job").
      openFile(sender) {
        let pending = openDialogs.get(sender.webContentsId);
        if (pending === undefined) {
          pending = showOpenDialog(windowOf(sender)).finally(() => openDialogs.delete(sender.webContentsId));
          openDialogs.set(sender.webContentsId, pending);
        }
        return pending;
      },
    },
    // Pattern 3's reply. It is handled here rather than in Rust because the
    // counter belongs to the menu, which only main-process JavaScript has;
    // the Rust types still check that the renderer sent an i32.
    counter: {
      counterValue(value) {
        reportedCounter = value;
        console.log(`counter: the renderer shows ${value}`);
      },
    },
    // Pattern 4: another window, for the relay to reach.
    peers: {
      openWindow() {
        if (BrowserWindow.getAllWindows().length < MAX_WINDOWS) {
          createWindow();
        }
      },
    },
  },
});

/** Pattern 3: main to renderer, from the app menu. */
function buildMenu() {
  /** @param {number} step */
  const move = (step) => {
    if (mainWindow !== null && !mainWindow.isDestroyed()) {
      ipc.events.counter.updateCounter(mainWindow.webContents, step);
    }
  };
  return Menu.buildFromTemplate([
    {
      label: "Counter",
      submenu: [
        { label: "Increment", accelerator: "CmdOrCtrl+Up", click: () => move(1) },
        { label: "Decrement", accelerator: "CmdOrCtrl+Down", click: () => move(-1) },
      ],
    },
  ]);
}

// The page is locked in: it can neither navigate, open windows, nor be
// granted a permission (SECURITY.md, "What stays the app's job").
app.on("web-contents-created", (_event, contents) => {
  // The app is one page, loaded by loadFile (which emits no
  // 'will-navigate'): any navigation the page starts, a link or a script
  // setting location, would leave it, so every one is refused. (Comparing
  // origins would not do: every file:// URL has the same one.)
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
});

function createWindow() {
  // secureWebPreferences sets contextIsolation and sandbox to true and
  // nodeIntegration to false, and throws if anything turns them back; the
  // scanner cannot see through the call. Middle-click (auxclick) opens
  // nothing: setWindowOpenHandler above denies every new window.
  const webPreferences = secureWebPreferences({ preload: path.join(__dirname, "generated", "preload.js") });
  // biome-ignore format: electronegativity reads the eng-disable comment on the line where the call starts
  const win = new BrowserWindow({ width: 800, height: 600, webPreferences }); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK NODE_INTEGRATION_JS_CHECK */
  // Pattern 4: every window of the app has the role "peer"; a page's note
  // to "peer" reaches the others, never the sender (docs/wire.md,
  // "Window-to-window messages"). Main gives the role, not the page.
  ipc.registerWindow(win, "peer");
  if (mainWindow === null) {
    mainWindow = win;
    win.on("closed", () => {
      mainWindow = null;
    });
  }
  win.loadFile(path.join(__dirname, "index.html"));
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

// For tests and debugging: what the renderer last reported.
module.exports = { reportedCounter: () => reportedCounter };
