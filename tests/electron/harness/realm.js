'use strict';
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

const vm = require('node:vm');

/**
 * Compiled inside each realm and called once with host callbacks. Must not
 * refer to anything outside its own body: it is transplanted by source.
 */
function realmKit(host) {
  'use strict';
  const { defineProperty, freeze, getPrototypeOf, keys } = Object;
  const toTag = (v) => Object.prototype.toString.call(v).slice(8, -1);

  // Timers: handles are numbers of this realm, never the host's Timeout objects.
  let nextTimer = 1;
  const timers = new Map();
  function setTimeout(fn, ms, ...args) {
    const id = nextTimer++;
    timers.set(id, host.setTimeout(() => { timers.delete(id); fn(...args); }, ms));
    return id;
  }
  function clearTimeout(id) {
    if (timers.has(id)) { host.clearTimeout(timers.get(id)); timers.delete(id); }
  }
  function setInterval(fn, ms, ...args) {
    const id = nextTimer++;
    timers.set(id, host.setInterval(() => fn(...args), ms));
    return id;
  }
  function clearInterval(id) {
    if (timers.has(id)) { host.clearInterval(timers.get(id)); timers.delete(id); }
  }
  function setImmediate(fn, ...args) { return setTimeout(fn, 0, ...args); }
  function queueMicrotask(fn) { Promise.resolve().then(fn); }
  const timersModule = freeze({
    setTimeout, clearTimeout, setInterval, clearInterval,
    setImmediate, clearImmediate: clearTimeout,
  });

  // Console: text only crosses to the host.
  const show = (v) => {
    try { return typeof v === 'string' ? v : String(v); } catch { return '[unprintable]'; }
  };
  const log = (level) => (...args) => host.log(level, args.map(show).join(' '));
  const console = freeze({ log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') });

  // Copies a structured-clone result (host objects of the types the algorithm
  // produces) into this realm, keeping shared references and cycles.
  function importClone(value, seen = new Map()) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (seen.has(value)) return seen.get(value);
    const tag = toTag(value);
    let out;
    switch (tag) {
      case 'Array': {
        out = new Array(value.length);
        seen.set(value, out);
        for (const k of keys(value)) out[k] = importClone(value[k], seen);
        return out;
      }
      case 'Map':
        out = new Map();
        seen.set(value, out);
        Map.prototype.forEach.call(value, (v, k) => out.set(importClone(k, seen), importClone(v, seen)));
        return out;
      case 'Set':
        out = new Set();
        seen.set(value, out);
        Set.prototype.forEach.call(value, (v) => out.add(importClone(v, seen)));
        return out;
      case 'Date': out = new Date(Date.prototype.getTime.call(value)); break;
      case 'RegExp': out = new RegExp(value.source, value.flags); break;
      case 'Boolean': out = Object(Boolean.prototype.valueOf.call(value)); break;
      case 'Number': out = Object(Number.prototype.valueOf.call(value)); break;
      case 'String': out = Object(String.prototype.valueOf.call(value)); break;
      case 'BigInt': out = Object(BigInt.prototype.valueOf.call(value)); break;
      case 'ArrayBuffer': out = new Uint8Array(new Uint8Array(value)).buffer; break;
      case 'DataView': {
        const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        out = new DataView(new Uint8Array(bytes).buffer);
        break;
      }
      case 'Error': {
        const ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[value.name] || Error;
        out = new ctor(value.message);
        if (typeof value.stack === 'string') defineProperty(out, 'stack', { value: value.stack, writable: true, configurable: true });
        break;
      }
      default: {
        const TypedArray = getPrototypeOf(Int8Array);
        const ctor = {
          Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
          Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
        }[tag];
        if (ctor && TypedArray) {
          out = new ctor(value);
          break;
        }
        // Plain object (the algorithm drops prototypes, so anything else is one).
        out = {};
        seen.set(value, out);
        // StructuredDeserialize defines each property (CreateDataProperty):
        // a "__proto__" key stays an own property, never a prototype.
        for (const k of keys(value)) {
          defineProperty(out, k, { value: importClone(value[k], seen), writable: true, enumerable: true, configurable: true });
        }
        return out;
      }
    }
    seen.set(value, out);
    return out;
  }

  // A function of this realm that forwards its arguments to `invoke` (the
  // context bridge). No name, no `prototype`, strict (so no `caller`).
  function makeProxyFunction(invoke) {
    return (...args) => invoke(args);
  }

  // Node's EventEmitter semantics, as the `events` module a sandboxed preload
  // gets (`require('events')`). Listeners run in order; a listener that throws
  // stops the emit, like Node. Adding more than `getMaxListeners()` listeners
  // for one event reports a MaxListenersExceededWarning once per event.
  const kEvents = Symbol('events');
  const kMax = Symbol('maxListeners');
  const kWarned = Symbol('warned');
  class EventEmitter {
    constructor() {
      defineProperty(this, kEvents, { value: new Map() });
      defineProperty(this, kMax, { value: undefined, writable: true });
      defineProperty(this, kWarned, { value: new Set() });
    }
    setMaxListeners(n) {
      if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) {
        throw new RangeError(`The value of "n" is out of range. It must be a non-negative number. Received ${show(n)}`);
      }
      this[kMax] = n;
      return this;
    }
    getMaxListeners() { return this[kMax] === undefined ? EventEmitter.defaultMaxListeners : this[kMax]; }
    #add(name, listener, prepend) {
      if (typeof listener !== 'function') {
        throw new TypeError(`The "listener" argument must be of type function. Received ${listener === null ? 'null' : typeof listener}`);
      }
      const list = this[kEvents].get(name) || [];
      if (prepend) list.unshift(listener); else list.push(listener);
      this[kEvents].set(name, list);
      const max = this.getMaxListeners();
      if (max > 0 && list.length > max && !this[kWarned].has(name)) {
        this[kWarned].add(name);
        host.warn('MaxListenersExceededWarning',
          `Possible EventEmitter memory leak detected. ${list.length} ${String(name)} listeners added to [${this.constructor.name}]. ` +
          `MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`);
      }
      return this;
    }
    on(name, listener) { return this.#add(name, listener, false); }
    addListener(name, listener) { return this.#add(name, listener, false); }
    prependListener(name, listener) { return this.#add(name, listener, true); }
    once(name, listener) {
      const wrapper = (...args) => { this.removeListener(name, wrapper); return listener.apply(this, args); };
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
      if (list.length === 0) { this[kEvents].delete(name); this[kWarned].delete(name); }
      return this;
    }
    off(name, listener) { return this.removeListener(name, listener); }
    removeAllListeners(name) {
      if (arguments.length === 0) { this[kEvents].clear(); this[kWarned].clear(); } else { this[kEvents].delete(name); this[kWarned].delete(name); }
      return this;
    }
    emit(name, ...args) {
      const list = this[kEvents].get(name);
      if (!list) {
        if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${show(args[0])})`);
        return false;
      }
      for (const listener of [...list]) listener.apply(this, args);
      return true;
    }
    listenerCount(name) { const list = this[kEvents].get(name); return list ? list.length : 0; }
    listeners(name) { return (this[kEvents].get(name) || []).map((l) => l.listener || l); }
    rawListeners(name) { return [...(this[kEvents].get(name) || [])]; }
    eventNames() { return [...this[kEvents].keys()]; }
  }
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.EventEmitter = EventEmitter;

  return freeze({
    timersModule, console, queueMicrotask, importClone, makeProxyFunction, EventEmitter,
    newObject: () => ({}),
    newArray: (n) => new Array(n),
  });
}

let nextRealmId = 1;

/**
 * A fresh realm. `host.log(level, text)` receives console output and
 * `host.warn(name, message)` process warnings raised inside the realm.
 */
class Realm {
  /** `context`: an existing V8 context to use (a jsdom window's), instead of a fresh one. */
  constructor(name, host, context) {
    this.name = name;
    this.id = nextRealmId++;
    // A null-prototype sandbox: with an ordinary object, `this.constructor`
    // inside the context would be the harness's `Object`.
    this.context = context ?? vm.createContext(Object.create(null), { name: `${name} #${this.id}` });
    this.intrinsics = vm.runInContext(
      '({ Object, Array, Error, TypeError, Promise, Function, Symbol })',
      this.context,
    );
    this.global = vm.runInContext('globalThis', this.context);
    const hostHooks = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (t) => clearTimeout(t),
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (t) => clearInterval(t),
      log: (level, text) => host.log(level, text),
      warn: (name, message) => host.warn(name, message),
    };
    this.kit = vm.runInContext(`(${realmKit.toString()})`, this.context)(hostHooks);
  }

  /** Runs script text in the realm; returns the completion value. */
  run(code, filename = `${this.name}.js`) {
    return vm.runInContext(code, this.context, { filename });
  }

  /** Whether `value` (an object or function) was created in this realm. */
  owns(value) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
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

module.exports = { Realm };
