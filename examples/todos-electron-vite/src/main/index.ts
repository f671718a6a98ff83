// The main process, as in electron-vite's template, serving the todos
// example's Rust core over the generated IPC. electron-vite bundles this
// file, the generated glue it imports and nothing else of the app into
// out/main/index.js; the addon is copied beside it (see below).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type IpcBackend, registerIpc, secureWebPreferences } from "@generated/main.mjs";
import { app, BrowserWindow, session } from "electron";
// The Rust core, built by `npm run ipc` into resources/ as electron-vite's
// template keeps such files. The bundle requires it relative to itself
// (../../resources/core.node); electron-builder's `asarUnpack: resources/**`
// keeps it outside app.asar, where the OS can load it.
import core from "../../resources/core.node";

const backend: IpcBackend = core;

// electron-vite's dev server (`npm run dev`) serves the page over HTTP and
// says where; a built app loads the file next to its bundle.
const devServer = process.env.ELECTRON_RENDERER_URL;
const pageFile = join(__dirname, "../renderer/index.html");

const ipc = registerIpc({
  backend,
  // The page's exact origin: the dev server's, or the built file's URL
  // (every local file has the origin "file://", so name the one page).
  allowedOrigins: [devServer ? new URL(devServer).origin : pathToFileURL(pageFile).href],
});

app.on("web-contents-created", (_event, contents) => {
  // One page, loaded by main: every navigation it starts would leave it.
  contents.on("will-navigate", (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
});

function createWindow(): BrowserWindow {
  // secureWebPreferences sets contextIsolation and sandbox and refuses
  // nodeIntegration; the scanner cannot see through the call, and
  // setWindowOpenHandler above denies what a middle-click would open. The
  // preload is electron-vite's CommonJS bundle.
  const webPreferences = secureWebPreferences({ preload: join(__dirname, "../preload/index.js") });
  // biome-ignore format: electronegativity reads the eng-disable comment on the line where the call starts
  const window = new BrowserWindow({ width: 640, height: 720, webPreferences }); /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK */
  if (devServer) {
    window.loadURL(devServer);
  } else {
    window.loadFile(pageFile);
  }
  return window;
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  createWindow();
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on("window-all-closed", () => {
  if (process.platform !== "darwin") app.quit();
});

app.on("will-quit", () => ipc.dispose());
