"use strict";
// A JavaScript realm (a V8 context) standing in for one of Electron's
// renderer worlds: the page's "main world" or the preload's "isolated world".
//
// Every value a realm hands out must belong to that realm. A function or
// object of the harness itself (the Node.js realm) reachable from page code
// would be a way out that real Electron does not have: `x.constructor` is the
// harness's `Function`, and `Function('return process')()` is Node's
// `process`. So everything a realm needs (timers, console, an EventEmitter,
// the copy of a structured-clone result) is built by code compiled *inside*
// the realm, which keeps its link to the harness in a closure that script
// cannot read.

const { types } = require("node:util");
const vm = require("node:vm");
const { codecKit } = require("./codec-kit");

/**
 * Compiled inside each realm and called once with host callbacks. Must not
 * refer to anything outside its own body: it is transplanted by source.
 */
function realmKit(host) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in a vm realm, outside the file's directive
  "use strict";
  const { apply } = Reflect;
  const { defineProperty, freeze } = Object;
  const ErrorCtor = Error;
  const NumberCtor = Number;
  const StringCtor = String;
  const MapCtor = Map;
  const mapGet = (map, key) => apply(MapCtor.prototype.get, map, [key]);
  const mapSet = (map, key, value) => apply(MapCtor.prototype.set, map, [key, value]);
  const mapHas = (map, key) => apply(MapCtor.prototype.has, map, [key]);
  const mapDelete = (map, key) => apply(MapCtor.prototype.delete, map, [key]);
  const MAX_DELAY = 2147483647;

  // Text of a value for the console, computed in this realm.
  const show = (v) => {
    try {
      const text = typeof v === "string" ? v : StringCtor(v);
      return typeof text === "string" ? text : "[unprintable]";
    } catch {
      return "[unprintable]";
    }
  };
  // Host hooks are functions of Node: they get strings and numbers only, and
  // nothing they could throw leaves as an object of Node.
  const callHost = (hook, a, b, c) => {
    try {
      return hook(a, b, c);
    } catch {
      throw new ErrorCtor("the test harness failed");
    }
  };
  /** An uncaught exception of this realm: recorded, as the renderer's console does. */
  const reportUncaught = (error) => callHost(host.uncaught, error, `Uncaught ${show(error)}`);

  // Timers: handles are numbers of this realm, never the host's Timeout
  // objects. The delay is converted here (a Symbol throws a TypeError of
  // this realm); a callback that throws is an uncaught error of the page.
  let nextTimer = 1;
  const timers = new MapCtor();
  const toDelay = (ms) => {
    const delay = NumberCtor(ms);
    return delay >= 0 && delay <= MAX_DELAY ? delay : 0;
  };
  const run = (fn, args) => {
    if (typeof fn !== "function") return; // string handlers: no eval here
    try {
      apply(fn, undefined, args);
    } catch (error) {
      reportUncaught(error);
    }
  };
  const schedule = (fn, delay, args) => {
    const id = nextTimer++;
    mapSet(
      timers,
      id,
      callHost(
        host.setTimeout,
        () => {
          mapDelete(timers, id);
          run(fn, args);
        },
        delay,
      ),
    );
    return id;
  };
  function setTimeout(fn, ms, ...args) {
    return schedule(fn, toDelay(ms), args);
  }
  function clearTimeout(id) {
    if (mapHas(timers, id)) {
      callHost(host.clearTimeout, mapGet(timers, id));
      mapDelete(timers, id);
    }
  }
  function setInterval(fn, ms, ...args) {
    const delay = toDelay(ms);
    const id = nextTimer++;
    mapSet(
      timers,
      id,
      callHost(host.setInterval, () => run(fn, args), delay),
    );
    return id;
  }
  function clearInterval(id) {
    if (mapHas(timers, id)) {
      callHost(host.clearInterval, mapGet(timers, id));
      mapDelete(timers, id);
    }
  }
  function setImmediate(fn, ...args) {
    return schedule(fn, 0, args);
  }
  function queueMicrotask(fn) {
    // `await` queues the job without looking anything up on a promise.
    (async () => {
      await undefined;
      run(fn, []);
    })();
  }
  const timersModule = freeze({
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    clearImmediate: clearTimeout,
  });

  // Console: text only crosses to the host.
  const log =
    (level) =>
    (...args) => {
      let text = "";
      for (let i = 0; i < args.length; i++) text += (i === 0 ? "" : " ") + show(args[i]);
      callHost(host.log, level, text);
    };
  const console = freeze({
    log: log("log"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    debug: log("debug"),
  });

  // A function of this realm that forwards its arguments to `invoke` (the
  // context bridge). No name, no `prototype`, strict (so no `caller`).
  function makeProxyFunction(invoke) {
    return (...args) => invoke(args);
  }

  // Node's EventEmitter semantics, as the `events` module a sandboxed preload
  // gets (`require('events')`). Listeners run in order; a listener that throws
  // stops the emit, like Node. Adding more than `getMaxListeners()` listeners
  // for one event reports a MaxListenersExceededWarning once per event.
  const kEvents = Symbol("events");
  const kMax = Symbol("maxListeners");
  const kWarned = Symbol("warned");
  class EventEmitter {
    constructor() {
      defineProperty(this, kEvents, { value: new Map() });
      defineProperty(this, kMax, { value: undefined, writable: true });
      defineProperty(this, kWarned, { value: new Set() });
    }
    setMaxListeners(n) {
      if (typeof n !== "number" || n < 0 || Number.isNaN(n)) {
        throw new RangeError(`The value of "n" is out of range. It must be a non-negative number. Received ${show(n)}`);
      }
      this[kMax] = n;
      return this;
    }
    getMaxListeners() {
      return this[kMax] === undefined ? EventEmitter.defaultMaxListeners : this[kMax];
    }
    #add(name, listener, prepend) {
      if (typeof listener !== "function") {
        throw new TypeError(
          `The "listener" argument must be of type function. Received ${listener === null ? "null" : typeof listener}`,
        );
      }
      const list = this[kEvents].get(name) || [];
      if (prepend) list.unshift(listener);
      else list.push(listener);
      this[kEvents].set(name, list);
      const max = this.getMaxListeners();
      if (max > 0 && list.length > max && !this[kWarned].has(name)) {
        this[kWarned].add(name);
        host.warn(
          "MaxListenersExceededWarning",
          `Possible EventEmitter memory leak detected. ${list.length} ${String(name)} listeners added to [${this.constructor.name}]. ` +
            `MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`,
        );
      }
      return this;
    }
    on(name, listener) {
      return this.#add(name, listener, false);
    }
    addListener(name, listener) {
      return this.#add(name, listener, false);
    }
    prependListener(name, listener) {
      return this.#add(name, listener, true);
    }
    once(name, listener) {
      const wrapper = (...args) => {
        this.removeListener(name, wrapper);
        return listener.apply(this, args);
      };
      wrapper.listener = listener;
      return this.#add(name, wrapper, false);
    }
    removeListener(name, listener) {
      const list = this[kEvents].get(name);
      if (!list) return this;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          list.splice(i, 1);
          break;
        }
      }
      if (list.length === 0) {
        this[kEvents].delete(name);
        this[kWarned].delete(name);
      }
      return this;
    }
    off(name, listener) {
      return this.removeListener(name, listener);
    }
    removeAllListeners(name) {
      // biome-ignore lint/complexity/noArguments: as in Node, no argument clears all, an explicit undefined does not
      if (arguments.length === 0) {
        this[kEvents].clear();
        this[kWarned].clear();
      } else {
        this[kEvents].delete(name);
        this[kWarned].delete(name);
      }
      return this;
    }
    emit(name, ...args) {
      const list = this[kEvents].get(name);
      if (!list) {
        if (name === "error")
          throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${show(args[0])})`);
        return false;
      }
      for (const listener of [...list]) listener.apply(this, args);
      return true;
    }
    listenerCount(name) {
      const list = this[kEvents].get(name);
      return list ? list.length : 0;
    }
    listeners(name) {
      return (this[kEvents].get(name) || []).map((l) => l.listener || l);
    }
    rawListeners(name) {
      return [...(this[kEvents].get(name) || [])];
    }
    eventNames() {
      return [...this[kEvents].keys()];
    }
  }
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.EventEmitter = EventEmitter;

  return freeze({
    timersModule,
    console,
    queueMicrotask,
    makeProxyFunction,
    EventEmitter,
    show,
    reportUncaught,
    newObject: () => ({}),
    newArray: (n) => new Array(n),
  });
}

let nextRealmId = 1;

/** Object.prototype and Promise.prototype of each realm → the realm. */
const realmsByPrototype = new WeakMap();
/**
 * Reasons of unhandled rejections of promises whose prototype chain leads to
 * no realm, neither a renderer's nor Node's (page code cut it): recorded
 * here rather than in a document, as nothing says which one it came from.
 */
const strayRejections = [];

/** The realm a promise belongs to, 'stray', or undefined for Node's own. */
function realmOfPromise(promise) {
  let object = promise;
  // Reads prototypes only (no Proxy on the way: its trap would be page code).
  for (let steps = 0; steps < 10000; steps++) {
    if (types.isProxy(object)) return "stray";
    const proto = Object.getPrototypeOf(object);
    if (proto === null) return object === Object.prototype ? undefined : "stray";
    const realm = realmsByPrototype.get(proto);
    if (realm !== undefined) return realm;
    if (proto === Object.prototype) return undefined;
    object = proto;
  }
  return "stray";
}

/**
 * An unhandled rejection in a renderer is a console message there ("Uncaught
 * (in promise) …"), not the end of the process. Node reports every
 * rejection of the isolate through `process.emit('unhandledRejection')`
 * (vm contexts included), and would end the process (or fail the test under
 * node:test); the emit is wrapped once so that those of a renderer's realm
 * go to their document instead, with the 'rejectionHandled' that may follow.
 */
let rejectionsRouted = false;
function routeRendererRejections() {
  if (rejectionsRouted) return;
  rejectionsRouted = true;
  const emit = process.emit;
  process.emit = function emitOutsideRenderers(name, ...args) {
    if (name === "unhandledRejection" || name === "rejectionHandled") {
      const owner = realmOfPromise(name === "unhandledRejection" ? args[1] : args[0]);
      if (owner !== undefined) {
        if (name === "unhandledRejection") {
          try {
            if (owner === "stray") strayRejections.push(args[0]);
            else owner.reportUnhandledRejection(args[0]);
          } catch {
            strayRejections.push(args[0]);
          }
        }
        return true;
      }
    }
    return Reflect.apply(emit, this, [name, ...args]);
  };
}

/**
 * A fresh realm. Host hooks: `log(level, text)` console output,
 * `warn(name, message)` process warnings, `uncaught(error, text)` uncaught
 * exceptions and `rejection(reason, text)` unhandled rejections of the realm.
 */
class Realm {
  /**
   * `context`: an existing V8 context to use (a jsdom window's), instead of
   * a fresh one; `platformObjectKey`: the symbol marking its DOM objects.
   */
  constructor(name, host, context, platformObjectKey) {
    routeRendererRejections();
    this.name = name;
    this.id = nextRealmId++;
    this.host = host;
    // A null-prototype sandbox: with an ordinary object, `this.constructor`
    // inside the context would be the harness's `Object`.
    this.context = context ?? vm.createContext(Object.create(null), { name: `${name} #${this.id}` });
    this.intrinsics = vm.runInContext("({ Object, Array, Error, TypeError, Promise, Function, Symbol })", this.context);
    this.global = vm.runInContext("globalThis", this.context);
    const hostHooks = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (t) => clearTimeout(t),
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (t) => clearInterval(t),
      log: (level, text) => host.log(level, String(text)),
      warn: (name, message) => host.warn(name, message),
      uncaught: (error, text) => host.uncaught(error, String(text)),
    };
    // Both kits capture the realm's intrinsics before any script of the
    // realm runs (for a jsdom window: before its document is parsed).
    this.kit = vm.runInContext(`(${realmKit.toString()})`, this.context, { filename: "harness/realm.js" })(hostHooks);
    this.codec = vm.runInContext(`(${codecKit.toString()})`, this.context, { filename: "harness/codec-kit.js" })({
      types,
      platformObjectKey,
    });
    realmsByPrototype.set(this.intrinsics.Object.prototype, this);
    realmsByPrototype.set(this.intrinsics.Promise.prototype, this);
  }

  /** Records an unhandled rejection of this realm, as the renderer's console prints it. */
  reportUnhandledRejection(reason) {
    this.host.rejection(reason, `Uncaught (in promise) ${this.kit.show(reason)}`);
  }

  /** Runs script text in the realm; returns the completion value. */
  run(code, filename = `${this.name}.js`) {
    return vm.runInContext(code, this.context, { filename });
  }

  /** Whether `value` (an object or function) was created in this realm. */
  owns(value) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
    // Walk the prototype chain to its root; each realm has its own
    // Object.prototype. (Null-prototype objects are judged by the caller.)
    let proto = value;
    for (;;) {
      const next = Object.getPrototypeOf(proto);
      if (next === null) return proto === this.intrinsics.Object.prototype;
      proto = next;
    }
  }
}

module.exports = { Realm, strayRejections };
