'use strict';
// contextBridge: how values cross between the isolated world (preload) and
// the main world (page). Follows the "Parameter / Error / Return Type
// support" table of Electron's contextBridge docs and the conversion rules
// of shell/renderer/api/electron_api_context_bridge.cc (PassValueToOtherContext):
//
// - primitives pass as they are (symbols: see `passValue`);
// - functions become proxy functions of the destination realm; calling one
//   copies the arguments into the function's realm and the result back;
//   a function that comes back to its own realm is unwrapped;
// - promises become promises of the destination realm, settled with copies;
// - errors become a new `Error` of the destination realm with the message
//   only (custom properties such as `code` are lost);
// - plain arrays and objects are copied member by member (own enumerable
//   string keys, getters read once, prototypes dropped);
// - everything else goes through the structured clone algorithm and throws
//   where the algorithm throws;
// - nesting deeper than 1000 throws a TypeError.

const { types } = require('node:util');
const { structuredCloneInto } = require('./clone');

const MAX_RECURSION = 1000;
const UNKNOWN_EXCEPTION =
  'An unknown exception occurred in the isolated context, an error occurred but a valid exception was not thrown.';

/** proxy function -> { original, realm } (the realm `original` belongs to). */
const proxies = new WeakMap();

function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false;
  return !(
    types.isDate(v) || types.isArgumentsObject(v) || types.isBoxedPrimitive(v) ||
    types.isNativeError(v) || types.isRegExp(v) || types.isPromise(v) ||
    types.isMap(v) || types.isSet(v) || types.isMapIterator(v) || types.isSetIterator(v) ||
    types.isWeakMap(v) || types.isWeakSet(v) || types.isArrayBuffer(v) ||
    types.isArrayBufferView(v) || Array.isArray(v) || types.isSharedArrayBuffer(v) ||
    types.isProxy(v) || types.isModuleNamespaceObject(v)
  );
}

/**
 * Copies `value` from realm `from` into realm `to`. Throws (an error of
 * `errorRealm`) where Electron's bridge throws.
 */
function passValue(value, from, to, cache = new Map(), depth = 0, errorRealm = from) {
  if (depth >= MAX_RECURSION) {
    throw new errorRealm.intrinsics.TypeError(
      'Electron contextBridge recursion depth exceeded.  Nested objects deeper than 1000 are not supported.',
    );
  }
  // The docs: "Symbols cannot be copied across contexts so they are dropped".
  // (The C++ passes primitives through unchanged, symbols included; we follow
  // the documented behaviour so code that works here works on both readings.)
  if (typeof value === 'symbol') return undefined;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (cache.has(value)) return cache.get(value);

  if (typeof value === 'function') {
    const known = proxies.get(value);
    if (known && known.realm === to) return known.original;
    const proxy = to.kit.makeProxyFunction((args) => callAcross(value, from, to, args));
    proxies.set(proxy, { original: value, realm: from });
    cache.set(value, proxy);
    return proxy;
  }

  if (types.isPromise(value)) {
    const settled = new to.intrinsics.Promise((resolve, reject) => {
      // A settlement value that cannot cross leaves the promise pending,
      // as in Electron (the bridge returns an empty value and never settles).
      const settle = (fn, v) => {
        try { fn(passValue(v, from, to)); } catch { /* stays pending */ }
      };
      from.intrinsics.Promise.prototype.then.call(
        value,
        (result) => settle(resolve, result),
        (reason) => settle(reject, reason),
      );
    });
    cache.set(value, settled);
    return settled;
  }

  if (types.isNativeError(value)) {
    let message;
    try { message = value.message; } catch { message = undefined; }
    return new to.intrinsics.Error(typeof message === 'string' ? message : String(message));
  }

  if (Array.isArray(value) && !types.isProxy(value)) {
    const copy = to.kit.newArray(value.length);
    cache.set(value, copy);
    for (let i = 0; i < value.length; i++) {
      copy[i] = passValue(value[i], from, to, cache, depth + 1, errorRealm);
    }
    return copy;
  }

  if (isPlainObject(value)) {
    const copy = to.kit.newObject();
    cache.set(value, copy);
    for (const key of Object.keys(value)) {
      copy[key] = passValue(value[key], from, to, cache, depth + 1, errorRealm);
    }
    return copy;
  }

  const cloned = structuredCloneInto(value, to, errorRealm);
  cache.set(value, cloned);
  return cloned;
}

/** What a call of a proxy function does (ProxyFunctionWrapper). */
function callAcross(original, owner, caller, args) {
  // Everything that leaves this function is a value of the caller's realm:
  // a harness error escaping here would hand the page a harness object.
  try {
    const cache = new Map();
    const passedArgs = Array.from(args, (arg) => passValue(arg, caller, owner, cache, 0, caller));
    let result;
    try {
      result = Reflect.apply(original, original, passedArgs);
    } catch (exception) {
      let message = UNKNOWN_EXCEPTION;
      if (exception !== null && typeof exception === 'object') {
        try {
          if (typeof exception.message === 'string') message = exception.message;
        } catch { /* keep the generic message */ }
      }
      throw new caller.intrinsics.Error(message);
    }
    return passValue(result, owner, caller, cache, 0, caller);
  } catch (error) {
    if (caller.owns(error)) throw error;
    throw new caller.intrinsics.Error(String(error && error.message));
  }
}

/**
 * contextBridge.exposeInMainWorld(apiKey, api): copies `api` from the
 * isolated realm into the page realm, deep-freezes the copy and defines it as
 * a read-only, non-configurable property of the page's `window`.
 */
function exposeInMainWorld(isolated, page, apiKey, api) {
  if (typeof apiKey !== 'string') {
    throw new isolated.intrinsics.TypeError('Error processing argument at index 0, conversion failure from ' + typeof apiKey);
  }
  if (Object.prototype.hasOwnProperty.call(page.global, apiKey) || apiKey in page.global) {
    throw new isolated.intrinsics.Error('Cannot bind an API on top of an existing property on the window object');
  }
  const copy = passValue(api, isolated, page);
  if (copy !== null && (typeof copy === 'object' || typeof copy === 'function') && !types.isTypedArray(copy)) {
    deepFreeze(copy);
  }
  Object.defineProperty(page.global, apiKey, { value: copy, writable: false, enumerable: true, configurable: false });
}

function deepFreeze(object, seen = new Set()) {
  if (seen.has(object)) return;
  seen.add(object);
  for (const key of Object.getOwnPropertyNames(object)) {
    const child = object[key];
    if (child !== null && (typeof child === 'object' || typeof child === 'function') && !types.isTypedArray(child)) {
      deepFreeze(child, seen);
    }
  }
  Object.freeze(object);
}

module.exports = { passValue, exposeInMainWorld };
