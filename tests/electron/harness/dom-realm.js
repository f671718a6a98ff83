"use strict";
// The realm that runs jsdom for one document.
//
// In Electron the DOM is C++: page code that walks from a DOM method to its
// `constructor` finds the page's own `Function`, and nothing it does to
// JavaScript intrinsics changes how the DOM, the preload or the main process
// behave. jsdom is JavaScript: loaded in Node's realm, every DOM method is a
// function of Node (`document.createElement.constructor('return process')()`
// is Node's `process`). So each document loaded from an HTML file gets a
// realm of its own that holds jsdom and its dependencies, loaded from their
// files by a CommonJS loader compiled inside that realm. The realm has no
// Node: its `require` knows jsdom's files and a few stand-ins for Node's
// built-in modules, compiled inside the realm too; what they need from the
// harness (the clock, random bytes, UTF-8, creating the page's context) they
// ask through host functions that take and return strings, numbers and
// objects of the realm only, held in closures no script can read. Built-in
// modules that would give a power the page lacks in Electron (files,
// sockets, processes, compression for the network) are stand-ins whose use
// throws `<module> is not available to the DOM`.
//
// The page's own realm is the context jsdom creates for its window; what page
// code can reach from it is the page realm and this realm, never Node's.
// Hooking this realm's intrinsics changes jsdom's behaviour for this document
// only (the one page that did it), not the preload, another document or the
// harness.

const fs = require("node:fs");
const path = require("node:path");
const { randomFillSync } = require("node:crypto");
const { types } = require("node:util");
const vm = require("node:vm");
const { Realm } = require("./realm");

const JSDOM_ENTRY = require.resolve("jsdom");

/** Compiled code of each module file, shared by every DOM realm (V8 code cache). */
const codeCache = new Map();

/**
 * Compiled inside the DOM realm and called once with host functions. Must
 * not refer to anything outside its own body: it is transplanted by source.
 * Returns `{ require, builtins }`.
 */
function domLoaderKit(host, kit) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  const { apply } = Reflect;
  const { defineProperty, freeze } = Object;
  const ErrorCtor = Error;
  const StringCtor = String;
  const MapCtor = Map;
  const mapGet = (map, key) => apply(MapCtor.prototype.get, map, [key]);
  const mapSet = (map, key, value) => apply(MapCtor.prototype.set, map, [key, value]);
  const mapHas = (map, key) => apply(MapCtor.prototype.has, map, [key]);
  const parseJson = JSON.parse;
  const strSlice = (s, a, b) => apply(StringCtor.prototype.slice, s, [a, b]);
  const strLastIndexOf = (s, c) => apply(StringCtor.prototype.lastIndexOf, s, [c]);
  const strStartsWith = (s, p) => apply(StringCtor.prototype.startsWith, s, [p]);
  const strCharCodeAt = (s, i) => apply(StringCtor.prototype.charCodeAt, s, [i]);
  const fromCharCode = StringCtor.fromCharCode;
  const U8 = Uint8Array;

  const unavailable = (what) => () => {
    throw new ErrorCtor(`${what} is not available to the DOM in the test harness`);
  };
  /** A module object whose every listed member throws when used. */
  const deniedModule = (name, members, classes) => {
    const module = {};
    for (const member of members) module[member] = unavailable(`${name}.${member}`);
    for (const member of classes) {
      module[member] = class {
        constructor() {
          unavailable(`${name}.${member}`)();
        }
      };
    }
    return freeze(module);
  };

  // Bytes and text cross to the host as strings of char codes 0–255.
  const bytesToLatin1 = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i++) text += fromCharCode(bytes[i]);
    return text;
  };
  const latin1ToBytes = (text) => {
    const bytes = new U8(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = strCharCodeAt(text, i);
    return bytes;
  };

  class TextEncoder {
    get encoding() {
      return "utf-8";
    }
    encode(input = "") {
      return latin1ToBytes(host.utf8Encode(StringCtor(input)));
    }
  }
  class TextDecoder {
    get encoding() {
      return "utf-8";
    }
    decode(input) {
      if (input === undefined) return "";
      const bytes = ArrayBuffer.isView(input)
        ? new U8(input.buffer, input.byteOffset, input.byteLength)
        : new U8(input);
      return host.utf8Decode(bytesToLatin1(bytes));
    }
  }

  class EventEmitter extends kit.EventEmitter {}

  // What jsdom and its dependencies read of `process`: facts, no powers.
  const processStandIn = freeze({
    env: freeze({}),
    argv: freeze([]),
    platform: host.platform,
    version: host.version,
    versions: freeze({ node: strSlice(host.version, 1) }),
    nextTick: (fn, ...args) => kit.queueMicrotask(() => apply(fn, undefined, args)),
    emitWarning: () => {},
    stderr: freeze({ write: () => true, isTTY: false }),
    stdout: freeze({ write: () => true, isTTY: false }),
  });

  const performance = freeze({
    now: () => host.now(),
    timeOrigin: host.timeOrigin,
  });

  // Buffer: a class whose use throws (jsdom uses it for Blob, FileReader,
  // WebSocket and data: URLs, none of which the tests exercise).
  class Buffer extends U8 {
    constructor() {
      super(0);
      unavailable("Buffer")();
    }
  }
  for (const name of ["from", "alloc", "allocUnsafe", "allocUnsafeSlow", "concat", "byteLength"]) {
    defineProperty(Buffer, name, { value: unavailable(`Buffer.${name}`), writable: true, configurable: true });
  }
  // No value of this realm is a Buffer (the constructor throws).
  defineProperty(Buffer, "isBuffer", { value: () => false, writable: true, configurable: true });

  const util = freeze({
    inspect: (value) => kit.show(value),
    format: (...args) => {
      let text = "";
      for (let i = 0; i < args.length; i++) text += (i === 0 ? "" : " ") + kit.show(args[i]);
      return text;
    },
    formatWithOptions: (_options, ...args) => util.format(...args),
    deprecate: (fn) => fn,
    inherits: (ctor, superCtor) => Object.setPrototypeOf(ctor.prototype, superCtor.prototype),
    debuglog: () => () => {},
    types: freeze({}),
  });

  const crypto = freeze({
    randomUUID: () => host.randomUUID(),
    randomFillSync: (view) => {
      const bytes = latin1ToBytes(host.randomBytes(view.byteLength));
      new U8(view.buffer, view.byteOffset, view.byteLength).set(bytes);
      return view;
    },
    getRandomValues: (view) => crypto.randomFillSync(view),
    randomBytes: unavailable("crypto.randomBytes"),
    createHash: unavailable("crypto.createHash"),
  });

  // The page's context: made, and run in, by the host's `vm`; only the page
  // window jsdom contextifies is ever handed over.
  const vmModule = freeze({
    createContext: (object) => {
      host.createContext(object);
      return object;
    },
    isContext: (object) => host.isContext(object),
    runInContext: (code, context, options) => {
      const filename = options !== null && typeof options === "object" ? options.filename : options;
      return host.runInContext(StringCtor(code), context, filename === undefined ? "" : StringCtor(filename));
    },
    Script: class {
      constructor() {
        unavailable("vm.Script")();
      }
    },
  });

  const pathModule = freeze({
    sep: "/",
    resolve: (...parts) => host.pathResolve(...parts),
    join: (...parts) => host.pathJoin(...parts),
    dirname: (p) => host.pathDirname(StringCtor(p)),
    basename: (p) => host.pathBasename(StringCtor(p)),
    extname: (p) => host.pathExtname(StringCtor(p)),
  });

  const streamClasses = ["Readable", "Writable", "Duplex", "Transform", "PassThrough", "Stream"];
  const builtins = new MapCtor();
  for (const [name, value] of [
    ["vm", vmModule],
    ["util", util],
    ["events", EventEmitter],
    ["path", pathModule],
    ["crypto", crypto],
    ["buffer", freeze({ Buffer, kMaxLength: 2 ** 31 - 1 })],
    ["os", freeze({ cpus: () => [{}], release: () => "", EOL: "\n", platform: () => host.platform })],
    ["tty", freeze({ isatty: () => false })],
    ["timers", kit.timersModule],
    ["fs", deniedModule("fs", ["readFile", "readFileSync", "createReadStream", "stat", "statSync"], [])],
    ["child_process", deniedModule("child_process", ["spawn", "spawnSync", "exec", "execSync", "fork"], [])],
    ["http", deniedModule("http", ["request", "get", "createServer"], ["Agent", "ClientRequest", "IncomingMessage"])],
    ["https", deniedModule("https", ["request", "get", "createServer"], ["Agent"])],
    ["net", deniedModule("net", ["connect", "createConnection", "isIP", "isIPv4", "isIPv6"], ["Socket"])],
    ["tls", deniedModule("tls", ["connect"], ["TLSSocket"])],
    ["zlib", deniedModule("zlib", ["createGunzip", "createInflate", "createInflateRaw", "createBrotliDecompress"], [])],
    ["stream", deniedModule("stream", ["pipeline", "finished"], streamClasses)],
    ["url", deniedModule("url", ["parse", "format", "fileURLToPath", "pathToFileURL"], ["URL", "URLSearchParams"])],
    ["querystring", deniedModule("querystring", ["parse", "stringify"], [])],
    ["assert", deniedModule("assert", ["ok", "equal", "strictEqual"], [])],
    ["string_decoder", deniedModule("string_decoder", [], ["StringDecoder"])],
    ["punycode", deniedModule("punycode", ["toASCII", "toUnicode", "encode", "decode"], [])],
    // Packages jsdom uses for the network only (WebSocket, proxies).
    ["ws", deniedModule("ws", [], ["WebSocket"])],
    ["http-proxy-agent", deniedModule("http-proxy-agent", [], ["HttpProxyAgent"])],
    ["https-proxy-agent", deniedModule("https-proxy-agent", [], ["HttpsProxyAgent"])],
  ]) {
    mapSet(builtins, name, value);
  }

  // CommonJS: the host resolves a request to a file name (or "builtin:<name>")
  // and compiles a file into a function of this realm; the rest is here.
  const cache = new MapCtor();
  const dirnameOf = (file) => strSlice(file, 0, strLastIndexOf(file, "/"));
  function load(file) {
    if (mapHas(cache, file)) return mapGet(cache, file).exports;
    const module = { exports: {}, id: file, filename: file, loaded: false, children: [] };
    mapSet(cache, file, module);
    const ext = strSlice(file, strLastIndexOf(file, "."));
    if (ext === ".json") {
      module.exports = parseJson(host.readJson(file));
    } else {
      const body = host.compile(file);
      apply(body, module.exports, [module.exports, makeRequire(file), module, file, dirnameOf(file)]);
    }
    module.loaded = true;
    return module.exports;
  }
  function makeRequire(parent) {
    const require = (request) => {
      const resolved = host.resolve(StringCtor(request), parent);
      if (strStartsWith(resolved, "builtin:")) {
        const name = strSlice(resolved, 8);
        if (mapHas(builtins, name)) return mapGet(builtins, name);
        return unavailable(`the module "${name}"`)();
      }
      return load(resolved);
    };
    require.resolve = (request) => host.resolve(StringCtor(request), parent);
    return require;
  }

  const globals = {
    process: processStandIn,
    Buffer,
    performance,
    TextEncoder,
    TextDecoder,
    console: kit.console,
    queueMicrotask: kit.queueMicrotask,
    setImmediate: kit.timersModule.setImmediate,
    clearImmediate: kit.timersModule.clearImmediate,
    setTimeout: kit.timersModule.setTimeout,
    clearTimeout: kit.timersModule.clearTimeout,
    setInterval: kit.timersModule.setInterval,
    clearInterval: kit.timersModule.clearInterval,
  };
  for (const name of Object.keys(globals)) {
    defineProperty(globalThis, name, { value: globals[name], writable: true, configurable: true });
  }
  defineProperty(globalThis, "global", { value: globalThis, writable: true, configurable: true });
  return freeze({ require: makeRequire(host.entry), load });
}

/**
 * Host functions a DOM realm calls. Each takes and returns primitives (or
 * objects of the realm it was handed); a failure inside Node becomes an
 * `Error` of the realm with the message only.
 */
function hostFor(realm) {
  const RealmError = realm.intrinsics.Error;
  const guard =
    (fn) =>
    (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        // Page code that a host call ran (runInContext) throws values of its
        // own realm; anything of Node becomes a copy of its message.
        if (error !== null && (typeof error === "object" || typeof error === "function") && isNodeValue(error)) {
          throw new RealmError(String(error?.message ?? "the test harness failed"));
        }
        throw error;
      }
    };
  const text = (v) => String(v);
  return {
    entry: JSDOM_ENTRY,
    platform: process.platform,
    version: process.version,
    timeOrigin: performance.timeOrigin,
    now: guard(() => performance.now()),
    randomUUID: guard(() => crypto.randomUUID()),
    randomBytes: guard((n) => {
      // getRandomValues refuses more than 65,536 bytes before asking.
      const size = Number(n);
      if (!(size >= 0 && size <= 65536)) throw new Error(`cannot make ${size} random bytes`);
      return Buffer.from(randomFillSync(new Uint8Array(size))).toString("latin1");
    }),
    utf8Encode: guard((s) => Buffer.from(text(s), "utf8").toString("latin1")),
    utf8Decode: guard((s) => Buffer.from(text(s), "latin1").toString("utf8")),
    pathResolve: guard((...parts) => path.resolve(...parts.map(text))),
    pathJoin: guard((...parts) => path.join(...parts.map(text))),
    pathDirname: guard((p) => path.dirname(text(p))),
    pathBasename: guard((p) => path.basename(text(p))),
    pathExtname: guard((p) => path.extname(text(p))),
    resolve: guard((request, parent) => {
      const name = text(request);
      const bare = name.startsWith("node:") ? name.slice(5) : name;
      if (require("node:module").isBuiltin(bare) || NETWORK_PACKAGES.has(name)) return `builtin:${bare}`;
      return require.resolve(name, { paths: [path.dirname(text(parent))] });
    }),
    readJson: guard((file) => readModuleFile(text(file))),
    compile: guard((file) => compileModule(realm, text(file))),
    createContext: guard((object) => {
      if (!vm.isContext(object)) vm.createContext(object);
    }),
    isContext: guard((object) => vm.isContext(object)),
    runInContext: guard((code, context, filename) =>
      vm.runInContext(text(code), context, { filename: text(filename) }),
    ),
  };
}

/** Packages jsdom needs for the network only: stand-ins whose use throws. */
const NETWORK_PACKAGES = new Set(["ws", "http-proxy-agent", "https-proxy-agent"]);

/** Module files are read from node_modules only: the realm names no other file. */
const NODE_MODULES = path.join(path.dirname(JSDOM_ENTRY), "..", "..");
function readModuleFile(file) {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(NODE_MODULES + path.sep)) throw new Error(`not a module file: ${file}`);
  return fs.readFileSync(resolved, "utf8");
}

function compileModule(realm, file) {
  let entry = codeCache.get(file);
  if (entry === undefined) {
    entry = { source: readModuleFile(file), cachedData: undefined };
    codeCache.set(file, entry);
  }
  const fn = vm.compileFunction(entry.source, ["exports", "require", "module", "__filename", "__dirname"], {
    parsingContext: realm.context,
    filename: file,
    cachedData: entry.cachedData,
    produceCachedData: entry.cachedData === undefined,
  });
  if (entry.cachedData === undefined && fn.cachedData) entry.cachedData = fn.cachedData;
  return fn;
}

const NodeObjectPrototype = Object.prototype;
function isNodeValue(value) {
  let object = value;
  for (let steps = 0; steps < 10000; steps++) {
    if (types.isProxy(object)) return false;
    const proto = Object.getPrototypeOf(object);
    if (proto === null) return object === NodeObjectPrototype;
    object = proto;
  }
  return false;
}

/**
 * A realm with jsdom loaded in it. `hooks`: the document's console hooks
 * (`log`, `warn`, `uncaught`, `rejection`). Returns `{ realm, require }`:
 * `require(request)` loads a module of jsdom's package inside the realm.
 */
function createDomRealm(hooks) {
  const realm = new Realm("DOM", hooks);
  const kit = vm.runInContext(`(${domLoaderKit.toString()})`, realm.context, { filename: "harness/dom-realm.js" })(
    hostFor(realm),
    realm.kit,
  );
  return { realm, require: kit.require, load: kit.load };
}

module.exports = { createDomRealm, JSDOM_ENTRY };
