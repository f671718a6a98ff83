"use strict";
// The main process of one Electron app: the fake `electron` module the main
// glue and the example apps require (ipcMain, webContents, webFrameMain,
// BrowserWindow, app, Menu, dialog, session, protocol), frames and their
// documents, and the IPC transport between them.
//
// Every message is delivered asynchronously (its own macrotask, in order),
// so nothing is ever re-entrant; `app.idle()` waits until all are delivered.

const { EventEmitter } = require("node:events");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { serialize } = require("./clone");
const esm = require("./esm");
const { makeMessageChannelMain, takeTransfer } = require("./ports");
const { originOf, sameSite } = require("./origin");
const { RendererDocument } = require("./renderer");

const DESTROYED = "Object has been destroyed";
const FRAME_DISPOSED = "Render frame was disposed before WebFrameMain could be accessed";

/** lib/browser/ipc-main-impl.ts: an EventEmitter plus invoke handlers. */
class IpcMain extends EventEmitter {
  constructor() {
    super();
    this._invokeHandlers = new Map();
  }

  handle(channel, fn) {
    if (this._invokeHandlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    if (typeof fn !== "function") {
      throw new Error(`Expected handler to be a function, but found type '${typeof fn}'`);
    }
    this._invokeHandlers.set(channel, fn);
  }

  handleOnce(channel, fn) {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return fn(event, ...args);
    });
  }

  removeHandler(channel) {
    this._invokeHandlers.delete(channel);
  }
}

class WebFrameMain {
  #app;
  #disposed = false;
  #url;
  #origin;
  constructor(app, webContents, parent, { url, origin, processId }) {
    this.#app = app;
    this.#url = url;
    this.#origin = origin;
    this.webContents = webContents;
    this.ipc = new IpcMain();
    this.processId = processId;
    this.routingId = app._nextRoutingId++;
    this.frameTreeNodeId = this.routingId;
    this.name = "";
    this._parent = parent;
    this._children = [];
    /** The document shown in this frame (harness-only). */
    this._document = null;
  }

  #check() {
    if (this.#disposed) throw new Error(FRAME_DISPOSED);
  }

  get url() {
    this.#check();
    return this.#url;
  }
  get origin() {
    this.#check();
    return this.#origin;
  }
  get parent() {
    this.#check();
    return this._parent;
  }
  get top() {
    this.#check();
    let frame = this;
    while (frame._parent) frame = frame._parent;
    return frame;
  }
  get frames() {
    this.#check();
    return [...this._children];
  }
  get framesInSubtree() {
    this.#check();
    return [this, ...this._children.flatMap((child) => child.framesInSubtree)];
  }
  get detached() {
    return this.#disposed;
  }
  isDestroyed() {
    return this.#disposed;
  }

  /** lib/browser/api/web-frame-main.ts: failures are logged, not thrown. */
  send(channel, ...args) {
    if (typeof channel !== "string") throw new Error("Missing required channel argument");
    try {
      this.#check();
      const bytes = serialize(args);
      const document = this._document;
      this.#app._schedule(() => {
        if (document?.alive) document.deliver(channel, bytes);
      });
    } catch (error) {
      this.#app.consoleErrors.push(["Error sending from webFrameMain: ", error]);
    }
  }

  /**
   * docs `frame.postMessage(channel, message, [transfer])`: like `send`, one
   * message, whose listeners find the transferred ports (DOM MessagePorts of
   * the isolated world) in `event.ports`. Bad arguments throw (Electron's
   * argument conversion); a disposed frame is logged like `send`, and the
   * transferred ports are closed (their remote ends hear `close`).
   */
  postMessage(channel, message, transfer) {
    if (typeof channel !== "string") throw new Error("Missing required channel argument");
    const bytes = serialize([message]);
    const transferred = takeTransfer(transfer);
    try {
      this.#check();
    } catch (error) {
      for (const { end } of transferred) end.pipe.close(end.index);
      this.#app.consoleErrors.push(["Error sending from webFrameMain: ", error]);
      return;
    }
    const document = this._document;
    this.#app._schedule(() => {
      if (document?.alive) document.deliver(channel, bytes, transferred);
      else for (const { end } of transferred) end.pipe.close(end.index);
    });
  }

  _dispose() {
    for (const child of this._children) child._dispose();
    this.#disposed = true;
    if (this._document) this._document.dispose();
    this.#app._frames.delete(frameKey(this.processId, this.routingId));
  }
}

const frameKey = (processId, routingId) => `${processId}:${routingId}`;

class WebContents extends EventEmitter {
  #app;
  #destroyed = false;
  #mainFrame;
  #sites = new Map();
  constructor(app, webPreferences, opener) {
    super();
    this.#app = app;
    this.id = app._nextWebContentsId++;
    this.ipc = new IpcMain();
    this._webPreferences = webPreferences;
    this._opener = opener;
    // A fresh WebContents has an empty main frame with an opaque origin.
    this.#mainFrame = this._createFrame(null, "", "null");
  }

  #check() {
    if (this.#destroyed) throw new TypeError(DESTROYED);
  }

  get mainFrame() {
    this.#check();
    return this.#mainFrame;
  }
  get session() {
    return this.#app.electron.session.defaultSession;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  getURL() {
    this.#check();
    return this.#mainFrame.url;
  }
  getProcessId() {
    this.#check();
    return this.#mainFrame.processId;
  }

  /** lib/browser/api/web-contents.ts: `send` is `mainFrame.send`. */
  send(channel, ...args) {
    return this.mainFrame.send(channel, ...args);
  }

  /** lib/browser/api/web-contents.ts: `postMessage` is `mainFrame.postMessage`. */
  postMessage(channel, message, transfer) {
    return this.mainFrame.postMessage(channel, message, transfer);
  }

  sendToFrame(frame, channel, ...args) {
    this.#check();
    const found = Array.isArray(frame)
      ? this.#app.electron.webFrameMain.fromId(frame[0], frame[1])
      : this.#app.electron.webFrameMain.fromId(this.#mainFrame.processId, frame);
    if (!found) return false;
    found.send(channel, ...args);
    return true;
  }

  loadURL(url) {
    this.#check();
    this.#mainFrame = this._navigate(this.#mainFrame, String(url));
    this.emit("did-navigate", {}, this.#mainFrame.url);
    return Promise.resolve();
  }

  /**
   * Docs `contents.reload()`: the same URL again, as a new document (the old
   * frame host is disposed, the preload runs again) at the same origin; a
   * reload is a main-frame navigation, so 'did-navigate' is emitted.
   */
  reload() {
    this.#check();
    const url = this.#mainFrame.url;
    this.#mainFrame = this._navigate(this.#mainFrame, url);
    this.emit("did-navigate", {}, url);
  }

  loadFile(file) {
    // Relative to the app's root, not the working directory (docs
    // `win.loadFile`: "relative to the root of your application").
    const root = this.#app._appPath ?? process.cwd();
    return this.loadURL(pathToFileURL(path.resolve(root, file)).href);
  }

  close() {
    this._destroy();
  }

  /**
   * docs `contents.setWindowOpenHandler(handler)`: consulted before a window
   * is created for the page (`window.open`). Electron stores it as given.
   */
  setWindowOpenHandler(handler) {
    this._windowOpenHandler = handler;
  }

  /**
   * lib/browser/api/web-contents.ts (`_callWindowOpenHandler`): no handler
   * allows; `{ action: 'deny' }` denies; `{ action: 'allow' }` allows; any
   * other answer denies and is logged; a throwing handler denies, and its
   * exception is uncaught in main. Returns the handler's answer when it
   * allows, else null.
   */
  _callWindowOpenHandler(details) {
    const handler = this._windowOpenHandler;
    if (!handler) return {};
    let response;
    try {
      response = handler(details);
    } catch (error) {
      this.#app.uncaught.push(error);
      return null;
    }
    if (typeof response !== "object") {
      this.#app.consoleErrors.push([
        `The window open handler response must be an object, but was instead of type '${typeof response}'.`,
      ]);
      return null;
    }
    if (response === null) {
      this.#app.consoleErrors.push(["The window open handler response must be an object, but was instead null."]);
      return null;
    }
    if (response.action === "deny") return null;
    if (response.action === "allow") return response;
    this.#app.consoleErrors.push([
      "The window open handler response must be an object with an 'action' property of 'allow' or 'deny'.",
    ]);
    return null;
  }

  /**
   * `window.open(url, frameName, features)` from `document`'s page: the
   * handler decides at once (Chromium asks the browser process
   * synchronously), so the page gets null when it denies. Returns the new
   * BrowserWindow, or null.
   */
  _openFromPage(document, request) {
    try {
      return this.#openFromPage(document, request);
    } catch (error) {
      // An exception in main (a listener, a feature the harness does not
      // emulate) stays in main: the page's window.open returns null.
      this.#app.uncaught.push(error);
      return null;
    }
  }

  #openFromPage(document, { url, frameName, features }) {
    this.#check();
    const details = {
      url,
      frameName,
      features,
      disposition: popupRequested(features) ? "new-window" : "foreground-tab",
      referrer: { url: document.frame.url, policy: "strict-origin-when-cross-origin" },
      postBody: undefined,
    };
    const answer = this._callWindowOpenHandler(details);
    if (answer === null) return null;
    for (const option of ["overrideBrowserWindowOptions", "createWindow"]) {
      if (answer[option] !== undefined) {
        throw new Error(`setWindowOpenHandler: '${option}' is not emulated by the test harness`);
      }
    }
    return this.#app.openChildWindow(document.frame, url);
  }

  /**
   * A navigation the page started (`location.href = …`, a link): the
   * browser process hears of it after the page's task, emits
   * 'will-navigate' for the main frame, and commits it unless a listener
   * called `event.preventDefault()` (docs `webContents`, "Navigation
   * Events"; never emitted for loadURL/loadFile).
   */
  _navigateFromPage(document, url) {
    this.#app._schedule(() => {
      if (!document.alive || this.#destroyed) return;
      const frame = document.frame;
      if (frame._parent !== null) {
        document.errors.push(
          new Error("a navigation of a subframe from page code is not emulated by the test harness"),
        );
        return;
      }
      const event = {
        url,
        isSameDocument: false,
        isMainFrame: true,
        frame,
        initiator: frame,
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      // Electron 25+: (details, and the deprecated url, isInPlace, isMainFrame, frameProcessId, frameRoutingId).
      this.emit("will-navigate", event, url, false, true, frame.processId, frame.routingId);
      if (event.defaultPrevented || this.#destroyed) return;
      this.#mainFrame = this._navigate(this.#mainFrame, url);
      this.emit("did-navigate", {}, url);
    });
  }

  _destroy() {
    if (this.#destroyed) return;
    this.#mainFrame._dispose();
    this.#destroyed = true;
    this.#app._webContents.delete(this.id);
    this.emit("destroyed");
  }

  /** Process of a site within this WebContents' browsing-context group. */
  _processFor(origin) {
    const sites = this._opener ? this._opener._sitesRoot() : this.#sites;
    for (const [site, pid] of sites) if (sameSite(site, origin)) return pid;
    const pid = this.#app._nextProcessId++;
    sites.set(origin, pid);
    return pid;
  }

  _sitesRoot() {
    return this._opener ? this._opener._sitesRoot() : this.#sites;
  }

  _createFrame(parent, url, origin, processId = this._processFor(origin)) {
    const frame = new WebFrameMain(this.#app, this, parent, { url, origin, processId });
    this.#app._frames.set(frameKey(frame.processId, frame.routingId), frame);
    return frame;
  }

  /** Gives `frame` a document; the preload runs in main frames, and in subframes with nodeIntegrationInSubFrames. */
  _attachDocument(frame) {
    const isMain = frame._parent === null;
    frame._document = new RendererDocument({
      frame,
      webContents: this,
      webPreferences: this._webPreferences,
      runPreload: isMain || this._webPreferences.nodeIntegrationInSubFrames === true,
      electronVersion: this.#app.electronVersion,
      send: (document, channel, args) => this.#app._fromRenderer(document, "send", channel, args),
      invoke: (document, channel, args, reply) => this.#app._fromRenderer(document, "invoke", channel, args, reply),
      sendSync: (document, channel, args) => this.#app._fromRendererSync(document, channel, args),
      navigate: (document, url) => this._navigateFromPage(document, url),
      open: (document, request) => this._openFromPage(document, request),
    });
  }

  /**
   * Navigation commits a new document in a new frame host: the old
   * WebFrameMain is disposed (so `senderFrame` of its events becomes null)
   * and the preload runs again in a fresh isolated world.
   */
  _navigate(oldFrame, url, inheritedOrigin) {
    const parent = oldFrame._parent;
    const origin = inheritedOrigin ?? originOf(url, this.#app._standardSchemes);
    oldFrame._dispose();
    const frame = this._createFrame(parent, inheritedOrigin === undefined ? url : "", origin);
    if (parent) parent._children.splice(parent._children.indexOf(oldFrame), 1, frame);
    this._attachDocument(frame);
    return frame;
  }

  _setMainFrame(frame) {
    this.#mainFrame = frame;
  }
}

/**
 * HTML Standard, "check if a popup window is requested": whether
 * `window.open`'s features ask for a popup, which Chromium reports as the
 * 'new-window' disposition (else 'foreground-tab').
 */
function popupRequested(features) {
  const tokens = new Map();
  for (const part of features.split(",")) {
    const [name, value = ""] = part.split("=").map((piece) => piece.trim().toLowerCase());
    if (name !== "") tokens.set(name, value);
  }
  if (tokens.size === 0) return false;
  const isSet = (name, fallback) => {
    if (!tokens.has(name)) return fallback;
    const value = tokens.get(name);
    if (value === "" || value === "yes" || value === "true") return true;
    const number = Number.parseInt(value, 10);
    return !Number.isNaN(number) && number !== 0;
  };
  if (tokens.has("popup")) return isSet("popup", false);
  if (!isSet("location", false) && !isSet("toolbar", false)) return true;
  return (
    !isSet("menubar", false) || !isSet("resizable", true) || !isSet("scrollbars", false) || !isSet("status", false)
  );
}

class App {
  /**
   * `options.electronVersion`: the major version of Electron to play where
   * the API differs (default 45; before 35, contextBridge has no
   * `executeInMainWorld`).
   */
  constructor(options = {}) {
    this.electronVersion = options.electronVersion ?? 45;
    this.ipcMain = new IpcMain();
    /** `[message, error]` pairs Electron would print with console.error in main. */
    this.consoleErrors = [];
    /** Exceptions that would be uncaught in the main process. */
    this.uncaught = [];
    this._webContents = new Map();
    this._windows = new Map();
    this._frames = new Map();
    this._standardSchemes = new Set();
    this._nextWebContentsId = 1;
    this._nextWindowId = 1;
    this._nextProcessId = 1;
    this._nextRoutingId = 1;
    this._pending = 0;
    /** Results `dialog.showOpenDialog` resolves with, in order (harness-only; see `scriptDialog`). */
    this._dialogResults = [];
    /** Every `dialog.showOpenDialog` call: `{ window, options }` (harness-only). */
    this.dialogCalls = [];
    /** The menu of `Menu.setApplicationMenu`. */
    this._applicationMenu = null;
    /** Whether `app.quit()` was called (harness-only). */
    this.quitRequested = false;
    /** The handler of `session.defaultSession.setPermissionRequestHandler`, or null. */
    this._permissionRequestHandler = null;
    this.electron = this.#electronModule();
  }

  /**
   * The next `dialog.showOpenDialog` resolves with `result`
   * (`{ canceled, filePaths }`), as if the user had chosen it (harness-only).
   */
  scriptDialog(result) {
    this._dialogResults.push(result);
  }

  /**
   * Clicks the application menu's item at `labels` (e.g. `['Counter',
   * 'Increment']`) with `window` focused: Electron calls
   * `click(menuItem, focusedWindow, event)` (harness-only).
   */
  clickMenu(labels, window = undefined) {
    let menu = this._applicationMenu;
    let item = null;
    for (const label of labels) {
      item = menu?.items.find((candidate) => candidate.label === label) ?? null;
      if (item === null) throw new Error(`no menu item ${JSON.stringify(labels)}: ${JSON.stringify(label)} is missing`);
      menu = item.submenu;
    }
    if (!item.enabled) throw new Error(`menu item ${JSON.stringify(labels)} is disabled`);
    item.click(item, window, {
      shiftKey: false,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
      triggeredByAccelerator: false,
    });
  }

  /** The fake `require('electron')` of the main process. */
  #electronModule() {
    const app = this;
    class BrowserWindow extends EventEmitter {
      #destroyed = false;
      #webContents;
      #title;
      constructor(options = {}) {
        super();
        const webPreferences = { ...(options.webPreferences || {}) };
        if (
          webPreferences.sandbox === false ||
          webPreferences.contextIsolation === false ||
          webPreferences.nodeIntegration === true
        ) {
          throw new Error("the test harness only emulates sandboxed, context-isolated renderers");
        }
        this.#title = typeof options.title === "string" ? options.title : null;
        this.id = app._nextWindowId++;
        this.#webContents = new WebContents(app, webPreferences, options._opener || null);
        app._webContents.set(this.#webContents.id, this.#webContents);
        app._windows.set(this.id, this);
        // docs `app` 'web-contents-created': emitted for every new
        // WebContents, while it is being set up (before anything loads).
        electronApp.emit("web-contents-created", { preventDefault() {}, defaultPrevented: false }, this.#webContents);
      }
      get webContents() {
        if (this.#destroyed) throw new TypeError(DESTROYED);
        return this.#webContents;
      }
      loadURL(url) {
        return this.webContents.loadURL(url);
      }
      loadFile(file) {
        const loaded = this.webContents.loadFile(file);
        // A page's <title> becomes the window's title ('page-title-updated').
        const title = this.#webContents.mainFrame._document?.dom?.window.document.title;
        if (title) this.#title = title;
        return loaded;
      }
      setTitle(title) {
        if (this.#destroyed) throw new TypeError(DESTROYED);
        if (typeof title !== "string")
          throw new TypeError(`Error processing argument at index 0, conversion failure from ${typeof title}`);
        this.#title = title;
      }
      getTitle() {
        if (this.#destroyed) throw new TypeError(DESTROYED);
        return this.#title ?? "Electron";
      }
      isDestroyed() {
        return this.#destroyed;
      }
      /** docs `win.focus()`: "Focuses on the window"; the harness has no screen, so it only emits 'focus'. */
      focus() {
        if (this.#destroyed) throw new TypeError(DESTROYED);
        this.emit("focus");
      }
      close() {
        if (this.#destroyed) return;
        this.emit("close", { preventDefault() {} });
        this.destroy();
      }
      destroy() {
        if (this.#destroyed) return;
        this.#webContents._destroy();
        this.#destroyed = true;
        app._windows.delete(this.id);
        this.emit("closed");
        // docs `app` 'window-all-closed': emitted when the last window closes;
        // with no listener, the app quits.
        if (app._windows.size === 0) {
          if (electronApp.listenerCount("window-all-closed") > 0) electronApp.emit("window-all-closed");
          else electronApp.quit();
        }
      }
      static getAllWindows() {
        return [...app._windows.values()];
      }
      static fromId(id) {
        return app._windows.get(id) ?? null;
      }
      static fromWebContents(contents) {
        return [...app._windows.values()].find((w) => w.#webContents === contents) ?? null;
      }
    }
    /** docs `app`: an EventEmitter, ready at once in the harness. */
    const electronApp = Object.assign(new EventEmitter(), {
      name: "Electron",
      isReady: () => true,
      whenReady: () => Promise.resolve(),
      getName() {
        return this.name;
      },
      getAppPath: () => app._appPath ?? process.cwd(),
      quit() {
        if (app.quitRequested) return;
        app.quitRequested = true;
        for (const name of ["before-quit", "will-quit"]) electronApp.emit(name, { preventDefault() {} });
        for (const win of [...app._windows.values()]) win.destroy();
        electronApp.emit("quit", {}, 0);
      },
    });

    /** docs `MenuItem`: the template's fields; `click` receives (menuItem, focusedWindow, event). */
    class MenuItem {
      constructor(options) {
        const { click, submenu, ...rest } = options;
        Object.assign(this, { label: "", type: "normal", enabled: true, visible: true, role: undefined, ...rest });
        if (submenu !== undefined) {
          this.type = "submenu";
          this.submenu = submenu instanceof Menu ? submenu : Menu.buildFromTemplate(submenu);
        }
        this.click = (item, window, event) => {
          if (typeof click === "function") click(item, window, event);
        };
      }
    }

    /** docs `Menu`: `buildFromTemplate`, `setApplicationMenu`, `getApplicationMenu`, `getMenuItemById`. */
    class Menu {
      constructor() {
        this.items = [];
      }
      append(item) {
        this.items.push(item);
      }
      getMenuItemById(id) {
        for (const item of this.items) {
          if (item.id === id) return item;
          const found = item.submenu?.getMenuItemById(id);
          if (found) return found;
        }
        return null;
      }
      static buildFromTemplate(template) {
        if (!Array.isArray(template)) throw new TypeError("Invalid template for Menu: Menu template must be an array");
        const menu = new Menu();
        for (const entry of template) menu.append(entry instanceof MenuItem ? entry : new MenuItem(entry));
        return menu;
      }
      static setApplicationMenu(menu) {
        if (menu !== null && !(menu instanceof Menu)) throw new TypeError("Invalid menu");
        app._applicationMenu = menu;
      }
      static getApplicationMenu() {
        return app._applicationMenu;
      }
    }

    /** docs `dialog.showOpenDialog([window, ]options)`: resolves with the result the test scripted. */
    const dialog = {
      showOpenDialog(...args) {
        const [window, options] = args[0] instanceof BrowserWindow ? args : [undefined, args[0]];
        app.dialogCalls.push({ window, options });
        const result = app._dialogResults.shift();
        if (result === undefined) {
          return Promise.reject(new Error("dialog.showOpenDialog: the test scripted no result (app.scriptDialog)"));
        }
        return Promise.resolve(result);
      },
    };

    /**
     * docs `session.defaultSession.setPermissionRequestHandler(handler)`:
     * `handler(webContents, permission, callback, details)`; null clears it;
     * anything else throws (`Session::SetPermissionRequestHandler`). See
     * `requestPermission` for how requests reach it.
     */
    const defaultSession = {
      setPermissionRequestHandler(handler) {
        if (handler !== null && typeof handler !== "function") throw new TypeError("Must pass null or function");
        app._permissionRequestHandler = handler;
      },
    };

    return {
      ipcMain: this.ipcMain,
      MessageChannelMain: makeMessageChannelMain((task) => this._schedule(task)),
      BrowserWindow,
      Menu,
      MenuItem,
      dialog,
      webContents: {
        getAllWebContents: () => [...this._webContents.values()],
        fromId: (id) => this._webContents.get(id),
        fromFrame: (frame) => (frame && !frame.isDestroyed() ? frame.webContents : undefined),
        getFocusedWebContents: () => null,
      },
      webFrameMain: {
        fromId: (processId, routingId) => this._frames.get(frameKey(processId, routingId)),
      },
      protocol: {
        registerSchemesAsPrivileged: (schemes) => {
          for (const { scheme, privileges = {} } of schemes) if (privileges.standard) this._standardSchemes.add(scheme);
        },
      },
      session: { defaultSession },
      app: electronApp,
    };
  }

  /**
   * Loads a CommonJS main-process file whose `require('electron')` (also in
   * the relative modules it requires) returns this app's fake module. Nothing
   * global is patched and nothing is cached: each call loads a fresh copy.
   */
  loadMain(file) {
    const loaded = new Map();
    const load = (filename) => {
      if (loaded.has(filename)) return loaded.get(filename).exports;
      const mod = new Module(filename, module);
      mod.filename = filename;
      mod.paths = Module._nodeModulePaths(path.dirname(filename));
      loaded.set(filename, mod);
      mod.require = (id) => {
        if (id === "electron" || id === "electron/main") return this.electron;
        if (id.startsWith("./") || id.startsWith("../")) {
          const resolved = require.resolve(path.resolve(path.dirname(filename), id));
          // JavaScript is loaded fresh with this app's `electron`; a `.node`
          // addon or JSON file through Node's own loader.
          if (/\.c?js$/.test(resolved)) return load(resolved);
        }
        return Module.prototype.require.call(mod, id);
      };
      mod._compile(fs.readFileSync(filename, "utf8"), filename);
      mod.loaded = true;
      return mod.exports;
    };
    // The first main script's folder is the app's root (`app.getAppPath()`).
    this._appPath ??= path.dirname(path.resolve(file));
    return load(path.resolve(file));
  }

  /**
   * Imports an ES-module main-process file whose `import … from "electron"`
   * (also in the files it imports) is this app's fake module; resolves with
   * the module's namespace. Needs `registerEsmHooks()` (index.js) first, in
   * a process of its own: module hooks stay for the whole process.
   */
  importMain(file) {
    this._appPath ??= path.dirname(path.resolve(file));
    return esm.importMain(this, file);
  }

  /** The document currently shown in a frame, or in a WebContents' main frame (harness-only). */
  renderer(target) {
    let frame = target;
    if (target instanceof WebContents) frame = target.mainFrame;
    else if (!(target instanceof WebFrameMain) && target && target.webContents instanceof WebContents) {
      frame = target.webContents.mainFrame;
    }
    if (!frame?._document) throw new Error("no document: load a URL first");
    return frame._document;
  }

  /** Adds an iframe to `parentFrame` showing `url` (harness-only). */
  addIframe(parentFrame, url) {
    const contents = parentFrame.webContents;
    const origin = originOf(url, this._standardSchemes);
    const frame = contents._createFrame(parentFrame, url, origin);
    parentFrame._children.push(frame);
    contents._attachDocument(frame);
    return frame;
  }

  /** Navigates an iframe (harness-only); returns its new WebFrameMain. */
  navigateIframe(frame, url) {
    return frame.webContents._navigate(frame, url);
  }

  /**
   * What `window.open(url)` from `openerFrame` creates with the default
   * window-open handler: a new window with the opener's webPreferences. For
   * `about:blank` its frame has an empty URL and the opener's origin.
   */
  openChildWindow(openerFrame, url = "about:blank") {
    const contents = openerFrame.webContents;
    const win = new this.electron.BrowserWindow({ webPreferences: contents._webPreferences, _opener: contents });
    const child = win.webContents;
    if (url === "about:blank" || url === "") {
      const frame = child._navigate(child.mainFrame, "", openerFrame.origin);
      child._setMainFrame(frame);
    } else {
      child.loadURL(url);
    }
    return win;
  }

  /**
   * A permission request from `target`'s page (a window, WebContents or
   * frame), e.g. for 'media' or 'notifications' (harness-only; page APIs
   * that ask are not emulated). Resolves with whether it was granted: with
   * no handler Electron grants it (docs "Security", "Handle session
   * permission requests from remote content"); with one, what its callback
   * got, as a boolean (gin's conversion is truthiness). A handler that never
   * calls back leaves the request pending.
   */
  requestPermission(target, permission, details = {}) {
    let frame = target;
    if (target instanceof WebContents) frame = target.mainFrame;
    else if (!(target instanceof WebFrameMain)) frame = target.webContents.mainFrame;
    const contents = frame.webContents;
    const handler = this._permissionRequestHandler;
    if (handler === null) return Promise.resolve(true);
    return new Promise((resolve) => {
      this._schedule(() => {
        const fullDetails = { requestingUrl: frame.url, isMainFrame: frame._parent === null, ...details };
        handler(contents, permission, (granted) => resolve(Boolean(granted)), fullDetails);
      });
    });
  }

  /** Resolves once every message sent so far (and their answers) has been delivered. */
  async idle(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise(setImmediate);
      if (this._pending === 0) {
        // Let promise jobs queued by the last delivery run, then look again.
        await new Promise(setImmediate);
        if (this._pending === 0) return;
      }
    }
    throw new Error(`IPC did not go idle within ${timeoutMs} ms`);
  }

  /** Destroys every window (call in `afterEach`). */
  dispose() {
    for (const win of [...this._windows.values()]) win.destroy();
    for (const contents of [...this._webContents.values()]) contents._destroy();
  }

  _schedule(task) {
    this._pending++;
    setImmediate(() => {
      this._pending--;
      try {
        task();
      } catch (error) {
        this.uncaught.push(error);
      }
    });
  }

  /**
   * lib/browser/ipc-dispatch.ts: a message or invoke arriving from a
   * renderer. `args`: the main process's own copy of the arguments, cloned
   * when the renderer sent them.
   */
  _fromRenderer(document, kind, channel, args, reply) {
    const contents = document.webContents;
    const { processId, routingId } = document.frame;
    const frame = document.frame;
    this._schedule(() => {
      if (contents.isDestroyed()) return;
      const event = {
        type: "frame",
        sender: contents,
        processId,
        frameId: routingId,
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      // "May be null if accessed after the frame has either navigated or been destroyed."
      Object.defineProperty(event, "senderFrame", {
        enumerable: true,
        get: () => this.electron.webFrameMain.fromId(processId, routingId) ?? null,
      });
      // Order of lookup: the frame's ipc, the WebContents' ipc, ipcMain.
      const emitters = [frame.isDestroyed() ? null : frame.ipc, contents.ipc, this.ipcMain].filter(Boolean);
      if (kind === "send") {
        event.ports = [];
        event.reply = (ch, ...replyArgs) => contents.sendToFrame([processId, routingId], ch, ...replyArgs);
        contents.emit("ipc-message", event, channel, ...args);
        for (const emitter of emitters) emitter.emit(channel, event, ...args);
        return;
      }
      const answer = (payload) => {
        const encoded = "result" in payload ? { result: serialize(payload.result) } : payload;
        this._schedule(() => {
          if (document.alive) reply(encoded);
        });
      };
      const replyWithError = (error) => {
        this.consoleErrors.push([`Error occurred in handler for '${channel}':`, error]);
        answer({ error: error.toString() });
      };
      const target = emitters.find((emitter) => emitter._invokeHandlers.has(channel));
      if (!target) {
        replyWithError(new Error(`No handler registered for '${channel}'`));
        return;
      }
      const handler = target._invokeHandlers.get(channel);
      this._pending++;
      (async () => {
        try {
          answer({ result: await handler(event, ...args) });
        } catch (error) {
          replyWithError(error);
        }
      })()
        .catch((error) => this.uncaught.push(error))
        .finally(() => this._pending--);
    });
  }

  /**
   * lib/browser/api/web-contents.ts '-ipc-message-sync': `ipcRenderer.sendSync`
   * from a renderer. The renderer is blocked until a listener sets
   * `event.returnValue` (ipc-main-event docs: "Set this to the value to be
   * returned in a synchronous message"), so the listeners run at once, on the
   * renderer's stack, and the page gets a clone of the value (returned here
   * serialized). A message that no listener answers is recorded in
   * `app.uncaught` (a real renderer would stay blocked) and returns undefined.
   */
  _fromRendererSync(document, channel, args) {
    const contents = document.webContents;
    const { processId, routingId } = document.frame;
    const frame = document.frame;
    if (contents.isDestroyed()) return serialize(undefined);
    let answered = false;
    let value;
    let bytes;
    const event = {
      type: "frame",
      sender: contents,
      processId,
      frameId: routingId,
      ports: [],
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
      reply: (ch, ...replyArgs) => contents.sendToFrame([processId, routingId], ch, ...replyArgs),
    };
    Object.defineProperty(event, "senderFrame", {
      enumerable: true,
      get: () => this.electron.webFrameMain.fromId(processId, routingId) ?? null,
    });
    Object.defineProperty(event, "returnValue", {
      enumerable: true,
      get: () => value,
      set: (answer) => {
        // Serialized when set, as Electron sends the reply then: a value that
        // cannot be cloned throws in the listener.
        bytes = serialize(answer);
        value = answer;
        answered = true;
      },
    });
    const emitters = [frame.isDestroyed() ? null : frame.ipc, contents.ipc, this.ipcMain].filter(Boolean);
    contents.emit("ipc-message-sync", event, channel, ...args);
    for (const emitter of emitters) emitter.emit(channel, event, ...args);
    if (!answered) {
      this.uncaught.push(
        new Error(`ipcRenderer.sendSync('${channel}') got no event.returnValue: a real renderer would stay blocked`),
      );
      return serialize(undefined);
    }
    return bytes;
  }
}

module.exports = { App, IpcMain, WebContents, WebFrameMain };
