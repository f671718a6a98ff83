"use strict";
// One document in one frame of a renderer: the page realm ("main world"),
// the preload realm ("isolated world", contextIsolation on), the sandboxed
// `require` the preload gets, and its `ipcRenderer`.

const fs = require("node:fs");
const path = require("node:path");
const { fileURLToPath, pathToFileURL } = require("node:url");
const vm = require("node:vm");

const { Realm } = require("./realm");
const { connectWorlds } = require("./context-bridge");
const { fromTape, tapeOf } = require("./clone");
const { DocumentPorts, makeRendererPorts } = require("./ports");
const { createDomRealm, JSDOM_ENTRY } = require("./dom-realm");

const JSDOM_LIB = path.join(path.dirname(JSDOM_ENTRY), "jsdom");

/**
 * Compiled in a document's DOM realm, before jsdom loads there (its modules
 * keep a reference to `navigate` from load time). Every navigation a jsdom
 * page starts (setting `location.href`, `location.assign`/`replace`,
 * following a link) goes through that one function, which jsdom implements
 * for fragment changes only: a cross-document navigation of the document's
 * own window is handed to `hook(url)` (a string) instead; fragment changes,
 * reloads, `javascript:` URLs and windows of jsdom's own iframes stay with
 * jsdom. Returns `setWindow(window)`.
 */
function hookNavigation(navigation, serializeURL, URL, hook) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  const jsdomNavigate = navigation.navigate;
  let hooked = null;
  navigation.navigate = (window, newURL, flags) => {
    if (window === hooked && !flags.reloadTriggered && newURL.scheme !== "javascript") {
      const target = serializeURL(newURL);
      const current = new URL(window.location.href);
      const next = new URL(target);
      current.hash = "";
      next.hash = "";
      if (current.href !== next.href) {
        hook(`${target}`);
        return;
      }
    }
    jsdomNavigate(window, newURL, flags);
  };
  return (window) => {
    hooked = window;
  };
}

/**
 * Compiled in a document's DOM realm: jsdom's virtual console, forwarding
 * text (and jsdom's errors, values of this realm) to the host.
 */
function makeVirtualConsole(VirtualConsole, show, log, jsdomError) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  const virtualConsole = new VirtualConsole();
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    virtualConsole.on(level, (...args) => {
      let text = "";
      for (let i = 0; i < args.length; i++) text += (i === 0 ? "" : " ") + show(args[i]);
      log(level, text);
    });
  }
  virtualConsole.on("jsdomError", (error) => jsdomError(error));
  return virtualConsole;
}

/** Compiled in the isolated realm: Electron's renderer `ipcRenderer`. */
function makeIpcRenderer(EventEmitter, transport) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  const checkChannel = (channel) => {
    if (typeof channel !== "string") {
      throw new TypeError(`Error processing argument at index 0, conversion failure from ${typeof channel}`);
    }
  };
  class IpcRenderer extends EventEmitter {
    send(channel, ...args) {
      checkChannel(channel);
      transport.send(channel, args);
    }
    async invoke(channel, ...args) {
      checkChannel(channel);
      // lib/renderer/api/ipc-renderer.ts: the main side answers
      // `{ error: String(err) }` or `{ result }`.
      const { error, result } = await transport.invoke(channel, args);
      if (error) throw new Error(`Error invoking remote method '${channel}': ${error}`);
      return result;
    }
    sendSync(channel, ...args) {
      checkChannel(channel);
      return transport.sendSync(channel, args);
    }
    sendToHost() {
      throw new Error("ipcRenderer.sendToHost is not emulated by the test harness");
    }
    postMessage() {
      throw new Error("ipcRenderer.postMessage is not emulated by the test harness");
    }
  }
  return new IpcRenderer();
}

/** Compiled in the isolated realm: the preload's `require` and `process`. */
function makePreloadGlobals(modules, notEmulated, processInfo, EventEmitter) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  // lib/sandboxed_renderer/preload.ts: anything not in the module list throws
  // `module not found: <name>`, relative paths included.
  function require(name) {
    if (modules.has(name)) return modules.get(name);
    throw new Error(`module not found: ${name}`);
  }
  for (const name of notEmulated) {
    const electron = modules.get("electron");
    Object.defineProperty(electron, name, {
      enumerable: true,
      get() {
        throw new Error(`electron.${name} is not emulated by the test harness`);
      },
    });
  }
  const process = new EventEmitter();
  Object.assign(process, processInfo);
  return { require, process };
}

class RendererDocument {
  #bridge;

  /**
   * @param {object} owner  `{ frame, webContents, webPreferences, runPreload, send, invoke, sendSync, navigate, open }`
   */
  constructor(owner) {
    this.frame = owner.frame;
    this.webContents = owner.webContents;
    this.electronVersion = owner.electronVersion ?? 45;
    this.alive = true;
    /** Console output of both worlds: `{ world, level, text }`. */
    this.console = [];
    /** Process warnings (e.g. MaxListenersExceededWarning): `{ name, message }`. */
    this.warnings = [];
    /**
     * Uncaught errors of both worlds (throwing `ipcRenderer` listeners and
     * timers, unhandled rejections, failed preloads), as values of their realm.
     */
    this.errors = [];
    const uncaught = (world) => (error, text) => {
      this.console.push({ world, level: "error", text });
      this.errors.push(error);
    };
    const hooks = (world) => ({
      log: (level, text) => this.console.push({ world, level, text }),
      warn: (name, message) => this.warnings.push({ name, message }),
      uncaught: uncaught(world),
      rejection: uncaught(world),
    });
    // A local HTML file gets a real DOM: the page world is a jsdom window
    // (its own V8 context). As in Electron, the preload runs when the main
    // world's context exists but before the document is parsed (jsdom's
    // `beforeParse`), so what it exposes is defined before any element's id
    // becomes a named property of `window`; the page's scripts run after it,
    // and DOMContentLoaded fires after both (jsdom queues it as a microtask
    // when parsing ends).
    const htmlFile = htmlFileOf(this.frame.url);
    /** The jsdom of a document loaded from an HTML file (harness-only), or null. */
    this.dom = null;
    /** The symbol under which jsdom keeps a DOM object's implementation (DOM objects are not cloneable). */
    this.platformObjectKey = undefined;
    if (htmlFile !== null) {
      // jsdom runs in a realm of its own (dom-realm.js): nothing the page
      // reaches through the DOM is Node's.
      const dom = createDomRealm(hooks("main"));
      const domRequire = (file) => dom.load(path.join(JSDOM_LIB, ...file.split("/")));
      const setNavigatingWindow = dom.realm.run(`(${hookNavigation.toString()})`)(
        domRequire("living/window/navigation.js"),
        dom.require(require.resolve("whatwg-url", { paths: [JSDOM_LIB] })).serializeURL,
        dom.require(require.resolve("whatwg-url", { paths: [JSDOM_LIB] })).URL,
        (url) => {
          try {
            owner.navigate(this, String(url));
          } catch (error) {
            this.errors.push(error);
          }
        },
      );
      const jsdomWrappers = domRequire("living/generated/utils.js");
      this.platformObjectKey = jsdomWrappers.implSymbol;
      if (typeof this.platformObjectKey !== "symbol")
        throw new Error("jsdom changed: no implSymbol in living/generated/utils.js");
      const { JSDOM, VirtualConsole } = dom.require("jsdom");
      const virtualConsole = dom.realm.run(`(${makeVirtualConsole.toString()})`)(
        VirtualConsole,
        dom.realm.kit.show,
        (level, text) => this.console.push({ world: "main", level: String(level), text: String(text) }),
        (error) => this.errors.push(error),
      );
      const options = dom.realm.kit.newObject();
      options.url = this.frame.url;
      options.runScripts = "outside-only";
      options.virtualConsole = virtualConsole;
      options.beforeParse = dom.realm.kit.makeProxyFunction((args) => {
        const window = args[0];
        // The document's global object is the contextified object (what
        // `dom.getInternalVMContext()` returns once the constructor is done).
        const context = jsdomWrappers.implForWrapper(window.document)._globalObject;
        this.page = new Realm("main world", hooks("main"), context, this.platformObjectKey);
        setNavigatingWindow(window);
        this.#setUpWorlds(owner, hooks, window, dom.realm);
      });
      this.dom = new JSDOM(fs.readFileSync(htmlFile, "utf8"), options);
      this.#runPageScripts(htmlFile);
    } else {
      this.page = new Realm("main world", hooks("main"), undefined, undefined);
      installWindowGlobals(this.page, this.frame);
      this.#setUpWorlds(owner, hooks, null, null);
    }
  }

  /**
   * The isolated world, `ipcRenderer`, `window.open` of the page, and the
   * preload (run here). `window`: the page's jsdom window and `domRealm`
   * the realm jsdom runs in, or both null.
   */
  #setUpWorlds(owner, hooks, window, domRealm) {
    this.#installWindowOpen(owner);
    this.isolated = new Realm("isolated world", hooks("isolated"), undefined, this.platformObjectKey);
    installWindowGlobals(this.isolated, this.frame);
    if (window !== null) installDocumentAccess(this.isolated, window, domRealm);
    this.#bridge = connectWorlds(this.isolated, this.page);

    // The isolated world's kit clones the arguments; the main side gets
    // values of its own (decoded from the kit's tape), the renderer gets a
    // tape of the main side's reply to build its copy from.
    const transport = this.isolated.codec.ipcTransport(
      (channel, tape, refs) => owner.send(this, String(channel), fromTape(tape, refs)),
      (channel, tape, refs, reply) => {
        owner.invoke(this, String(channel), fromTape(tape, refs), (answer) => {
          if ("error" in answer) {
            reply(String(answer.error));
          } else {
            const message = tapeOf(answer.result);
            reply(undefined, message.tape, message.refs);
          }
        });
      },
      (channel, tape, refs, reply) => {
        const message = tapeOf(owner.sendSync(this, String(channel), fromTape(tape, refs)));
        reply(message.tape, message.refs);
      },
    );
    this.ipcRenderer = vm.runInContext(`(${makeIpcRenderer.toString()})`, this.isolated.context)(
      this.isolated.kit.EventEmitter,
      transport,
    );
    // The DOM MessagePorts that messages from main transfer to this world.
    this.ports = new DocumentPorts(
      vm.runInContext(`(${makeRendererPorts.toString()})`, this.isolated.context)(
        this.isolated.codec,
        (id, tape, refs) => this.ports.post(Number(id), fromTape(tape, refs)),
        (id) => this.ports.close(Number(id)),
        (error) => this.errors.push(error),
      ),
    );

    const preload = owner.webPreferences.preload;
    if (preload && owner.runPreload) this.#runPreload(preload);
  }

  /**
   * The page's `window.open(url, target, features)`: the WebContents' window
   * open handler decides; denied, it returns null. An allowed window is
   * created (`app.openChildWindow`), but the WindowProxy the page gets back
   * is not emulated: any use of it throws.
   */
  #installWindowOpen(owner) {
    const page = this.page;
    const PageSyntaxError = page.run("SyntaxError");
    const standIn = page.run(`new Proxy({}, { get() {
      throw new Error('the window that window.open returns is not emulated by the test harness');
    } })`);
    const request = (url, target, features) => {
      let resolved = "about:blank";
      if (url !== "") {
        const base = this.dom !== null ? this.dom.window.document.baseURI : this.frame.url;
        try {
          resolved = new URL(url, base || undefined).href;
        } catch {
          throw new PageSyntaxError(
            `Failed to execute 'open' on 'Window': Unable to open a window with invalid URL '${url}'.`,
          );
        }
      }
      // A new window named `_blank` has no name.
      const frameName = /^_blank$/i.test(target) ? "" : target;
      let opened = null;
      try {
        opened = owner.open(this, { url: resolved, frameName, features });
      } catch (error) {
        // The main process's failure never reaches the page.
        this.errors.push(error);
      }
      return opened === null ? null : standIn;
    };
    // `String` is the page's, taken before any page script ran: the main
    // process gets strings only.
    const open = page.run(`((toString) => (request) => ({
      open(url = '', target = '_blank', features = '') {
        return request(toString(url), toString(target), toString(features));
      },
    }).open)(String)`)((url, target, features) => request(String(url), String(target), String(features)));
    Object.defineProperty(page.global, "open", { value: open, writable: true, configurable: true, enumerable: true });
  }

  /** The page's document (a jsdom document in the page world), for documents loaded from HTML files. */
  get document() {
    if (this.dom === null) throw new Error("no DOM: only documents loaded from a local .html file have one");
    return this.dom.window.document;
  }

  /**
   * Runs the page's external scripts after the preload, as the parser would:
   * classic scripts in document order, then the module scripts
   * (`type="module"`, deferred until the document is parsed) in document
   * order. A module script runs in strict mode in a scope of its own, so its
   * top-level names are not globals; `import`, `export` and `import.meta`
   * are not emulated and fail as a SyntaxError in `errors` (a bundler's
   * output for one entry, such as Vite's, has none). Inline scripts are not
   * run: the examples' Content-Security-Policy (`script-src 'self'`)
   * forbids them.
   */
  #runPageScripts(htmlFile) {
    // The sources are read before any page script runs: what a script does
    // to the DOM cannot change which files the harness reads.
    const isModule = (script) => String(script.type).trim().toLowerCase() === "module";
    const scripts = [...this.dom.window.document.querySelectorAll("script[src]")];
    const sources = [...scripts.filter((script) => !isModule(script)), ...scripts.filter(isModule)].map((script) => ({
      file: fileURLToPath(new URL(String(script.getAttribute("src")), pathToFileURL(htmlFile))),
      module: isModule(script),
    }));
    for (const { file, module } of sources) {
      try {
        const source = fs.readFileSync(file, "utf8");
        // On the first line, so that line numbers stay the file's.
        this.page.run(module ? `(function () {"use strict";${source}\n}).call(undefined);` : source, file);
      } catch (error) {
        this.errors.push(error);
      }
    }
  }

  /**
   * Delivers a message from main to `ipcRenderer` listeners (`bytes`:
   * serialized args; `transferred`: the ends of the ports it transfers, from
   * `takeTransfer`, which become `event.ports`).
   */
  deliver(channel, bytes, transferred = []) {
    if (!this.alive) {
      for (const { end } of transferred) end.pipe.close(end.index);
      return;
    }
    const message = tapeOf(bytes);
    const event = this.isolated.kit.newObject();
    event.sender = this.ipcRenderer;
    event.ports =
      transferred.length > 0
        ? this.ports.adopt(transferred, (error) => this.errors.push(error))
        : this.isolated.kit.newArray(0);
    try {
      this.isolated.codec.deliver(this.ipcRenderer, channel, event, message.tape, message.refs);
    } catch (error) {
      // An exception in a listener is uncaught in the renderer; it also
      // stops the listeners after it (EventEmitter semantics).
      this.errors.push(error);
    }
  }

  /**
   * Runs `code` in the page and awaits its completion value. What comes back
   * is a value of the page realm. The page's promise is awaited in the page
   * (its `then` never gets a function of Node); a completion value that
   * Node's promise would call (a callable or accessor `then`) is refused.
   */
  evaluate(code) {
    return new Promise((resolve, reject) => {
      let value;
      try {
        value = this.page.run(code, "page.js");
      } catch (error) {
        reject(error);
        return;
      }
      this.page.codec.settle(value, resolve, (reason, refused) => {
        if (refused === "thenable") {
          reject(
            new Error("evaluate: the page's value has a `then` that Node's promise would call; return something else"),
          );
        } else {
          reject(reason);
        }
      });
    });
  }

  dispose() {
    this.alive = false;
    // The renderer's ports go with it: their remote ends hear `close`.
    this.ports?.closeAll();
    if (this.dom === null) return;
    try {
      this.dom.window.close();
    } catch (error) {
      // jsdom runs in the page's reach (its realm's intrinsics are the page's
      // to break); the window still goes away.
      this.errors.push(error);
    }
  }

  #runPreload(file) {
    const iso = this.isolated;
    const isolatedNew = (code) => iso.run(code);
    const contextBridge = isolatedNew("({})");
    contextBridge.exposeInMainWorld = this.#bridge.exposeInMainWorld;
    // Added in Electron 35 (electron/electron#45229, backported as #45330).
    if (this.electronVersion >= 35) contextBridge.executeInMainWorld = this.#bridge.executeInMainWorld;
    for (const name of ["exposeInIsolatedWorld"]) {
      contextBridge[name] = iso.kit.makeProxyFunction(() => {
        throw new iso.intrinsics.Error(`contextBridge.${name} is not emulated by the test harness`);
      });
    }
    Object.freeze(contextBridge);
    const electron = isolatedNew("({})");
    electron.contextBridge = contextBridge;
    electron.ipcRenderer = this.ipcRenderer;
    const events = iso.kit.EventEmitter;
    // `url` exists (so requiring it works as in Electron) but its classes are
    // not emulated: using them fails loudly instead of behaving differently.
    const urlModule = isolatedNew("({})");
    for (const name of ["URL", "URLSearchParams", "parse", "format"]) {
      Object.defineProperty(urlModule, name, {
        enumerable: true,
        get: iso.kit.makeProxyFunction(() => {
          throw new iso.intrinsics.Error(`url.${name} is not emulated by the test harness`);
        }),
      });
    }
    const modules = isolatedNew("new Map()");
    for (const [name, value] of [
      ["electron", electron],
      ["electron/renderer", electron],
      ["electron/common", electron],
      ["events", events],
      ["node:events", events],
      ["timers", iso.kit.timersModule],
      ["node:timers", iso.kit.timersModule],
      ["url", urlModule],
      ["node:url", urlModule],
    ])
      modules.set(name, value);
    const notEmulated = isolatedNew("['webFrame', 'crashReporter', 'nativeImage', 'webUtils']");
    const processInfo = isolatedNew("({})");
    Object.assign(processInfo, {
      type: "renderer",
      sandboxed: true,
      contextIsolated: true,
      platform: process.platform,
      arch: process.arch,
    });
    processInfo.env = isolatedNew("({})");
    const globals = vm.runInContext(`(${makePreloadGlobals.toString()})`, iso.context)(
      modules,
      notEmulated,
      processInfo,
      events,
    );
    try {
      const source = fs.readFileSync(file, "utf8");
      // lib/sandboxed_renderer/preload.ts: the preload body is compiled as a
      // function of these parameters (Buffer is not emulated: undefined).
      const fn = vm.compileFunction(
        source,
        ["require", "process", "exports", "module", "Buffer", "global", "setImmediate", "clearImmediate"],
        { parsingContext: iso.context, filename: file },
      );
      const exports = isolatedNew("({})");
      const module = isolatedNew("({})");
      module.exports = exports;
      fn.call(
        iso.global,
        globals.require,
        globals.process,
        exports,
        module,
        undefined,
        iso.global,
        iso.kit.timersModule.setImmediate,
        iso.kit.timersModule.clearImmediate,
      );
    } catch (error) {
      // Electron logs "Unable to load preload script: <path>" and the error,
      // and the page loads without the preload.
      this.console.push({ world: "isolated", level: "error", text: `Unable to load preload script: ${file}` });
      this.errors.push(error);
    }
  }
}

/** The local file a `file:` URL names when it is an existing `.html` file, else null. */
function htmlFileOf(url) {
  if (typeof url !== "string" || !url.startsWith("file:")) return null;
  const file = fileURLToPath(url);
  return /\.html?$/i.test(path.extname(file)) && fs.existsSync(file) ? file : null;
}

/**
 * Gives the isolated world `document`, `window.addEventListener` and
 * `window.removeEventListener` of the page's jsdom window, so that a preload
 * can wait for DOMContentLoaded and then read the DOM. These are the DOM
 * realm's objects (jsdom has one set of wrappers), not a DOM of the isolated
 * world's own: see README.md, "Not emulated". What jsdom keeps of a
 * listener is a function of the DOM realm that calls it (`wrapListener`):
 * jsdom's listener lists are within the page's reach, the isolated world's
 * functions must not be.
 */
function installDocumentAccess(realm, window, domRealm) {
  const g = realm.global;
  const add = window.addEventListener.bind(window);
  const remove = window.removeEventListener.bind(window);
  const wrapListener = domRealm.run(`((apply) => (listener) => {
    if (typeof listener === 'function') {
      return function (event) { apply(listener, this, [event]); };
    }
    return function (event) { apply(listener.handleEvent, listener, [event]); };
  })(Reflect.apply)`);
  const forward = realm.run(`(add, remove, wrap) => {
    const wrappers = new WeakMap();
    const wrapperOf = (listener) => {
      if (listener === null || (typeof listener !== 'object' && typeof listener !== 'function')) return listener;
      let wrapper = wrappers.get(listener);
      if (wrapper === undefined) {
        wrapper = wrap(listener);
        wrappers.set(listener, wrapper);
      }
      return wrapper;
    };
    return {
      addEventListener(type, listener, options) { add(type, wrapperOf(listener), options); },
      removeEventListener(type, listener, options) { remove(type, wrapperOf(listener), options); },
    };
  }`)(add, remove, wrapListener);
  Object.defineProperty(g, "document", {
    get: realm.kit.makeProxyFunction(() => window.document),
    configurable: true,
    enumerable: true,
  });
  for (const name of ["addEventListener", "removeEventListener"]) {
    Object.defineProperty(g, name, { value: forward[name], writable: true, configurable: true, enumerable: true });
  }
}

/** What a world without a DOM sees: `window`, timers, console, `location`. */
function installWindowGlobals(realm, frame) {
  const g = realm.global;
  const kit = realm.kit;
  const location = kit.newObject();
  location.href = frame.url;
  location.origin = frame.origin;
  Object.freeze(location);
  for (const [key, value] of Object.entries({
    window: g,
    self: g,
    console: kit.console,
    location,
    queueMicrotask: kit.queueMicrotask,
    setTimeout: kit.timersModule.setTimeout,
    clearTimeout: kit.timersModule.clearTimeout,
    setInterval: kit.timersModule.setInterval,
    clearInterval: kit.timersModule.clearInterval,
  })) {
    Object.defineProperty(g, key, { value, writable: true, configurable: true, enumerable: false });
  }
}

module.exports = { RendererDocument };
