// @ts-check
// The main process, as in Electron Forge's Vite template, serving the todos
// example's Rust core over the generated IPC. Forge's Vite plugin bundles
// this file and the generated glue into .vite/build/main.js (CommonJS).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { app, BrowserWindow, session } from "electron";
import { registerIpc, secureWebPreferences } from "./generated/main.mjs";

/**
 * The Rust core: vite.main.config.mjs copies core.node (`npm run ipc` builds
 * it) next to the bundle; in a package, the auto-unpack-natives plugin keeps
 * it outside app.asar.
 * @type {import('./generated/main.mjs').IpcBackend}
 */
const backend = require(path.join(__dirname, "core.node"));

// Defined by the Vite plugin: the dev server's URL under `npm start`, and the
// name of the page's folder under .vite/renderer in a build.
const devServer = MAIN_WINDOW_VITE_DEV_SERVER_URL;
const pageFile = path.join(__dirname, `../renderer/${MAIN_WINDOW_VITE_NAME}/index.html`);

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

function createWindow() {
  // secureWebPreferences sets contextIsolation and sandbox and refuses
  // nodeIntegration; the scanner cannot see through the call, and
  // setWindowOpenHandler above denies what a middle-click would open. The
  // preload is the plugin's CommonJS bundle.
  const webPreferences = secureWebPreferences({ preload: path.join(__dirname, "preload.js") });
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
