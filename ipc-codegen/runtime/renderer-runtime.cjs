"use strict";
// The renderer half of the runtime: what every service of the generated
// preload shares. A sandboxed preload can require nothing but "electron",
// so `ipc-codegen generate` copies the part between the two marker lines
// below into preload.js, and once more into ipc-api.cjs (which ipc-api.mjs
// re-exports); the export at the end is for this file's tests only.

// --- ipc-codegen copies from here ---

/**
 * The reason an invoke rejects with: a plain object rather than an `Error`,
 * whose custom properties contextBridge would drop. It is frozen in the
 * preload's world; contextBridge hands the page a copy.
 */
function ipcError(code, message, data, channel) {
  const error = { name: "IpcError", code, message };
  if (data !== undefined) {
    error.data = data;
  }
  error.channel = channel;
  return Object.freeze(error);
}

/** For example "todos.add expects 1 argument (title), got 2". */
function arityMessage(method, params, received) {
  const count = params.length;
  const expected = count === 0 ? "no arguments" : `${count} argument${count === 1 ? "" : "s"} (${params.join(", ")})`;
  return `${method} expects ${expected}, got ${received}`;
}

/** The message of whatever was thrown. */
function messageOf(error) {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

/** The value an envelope carries, or the IpcError it reports. */
function unwrap(envelope, method, channel) {
  if (envelope !== null && typeof envelope === "object") {
    if (envelope.ok === true) {
      return envelope.value;
    }
    const error = envelope.error;
    if (envelope.ok === false && error !== null && typeof error === "object") {
      throw ipcError(error.code, error.message, error.data, channel);
    }
  }
  throw ipcError("ERR_TRANSPORT", `${method} got a reply that is not an IPC envelope`, undefined, channel);
}

/**
 * The channel functions of one service, bound to `ipcRenderer`. An event
 * channel has one `ipcRenderer` listener however many subscribers it has,
 * and none once the last one leaves.
 */
function connect(ipcRenderer) {
  const subscribers = new Map();

  /**
   * Calls an invoke channel: resolves with the value, rejects with an
   * IpcError. One argument more than the method declares is its call
   * options (`cancellableInvoke`).
   */
  function invoke(channel, method, params, args) {
    if (args.length !== params.length) {
      if (args.length === params.length + 1) {
        return cancellableInvoke(ipcRenderer, channel, method, args.slice(0, -1), args[params.length]);
      }
      const message = arityMessage(method, params, args.length);
      const data = { expected: params.length, received: args.length };
      return Promise.reject(ipcError("ERR_BAD_ARGUMENTS", message, data, channel));
    }
    return new Promise((resolve) => resolve(ipcRenderer.invoke(channel, ...args))).then(
      (envelope) => unwrap(envelope, method, channel),
      (error) => {
        const message = `${method} did not reach its handler: ${messageOf(error)}`;
        throw ipcError("ERR_TRANSPORT", message, undefined, channel);
      },
    );
  }

  /**
   * Calls a sync channel, blocking the page until main answers. Returns the
   * envelope, `{ ok: true, value }` or `{ ok: false, error }` with an
   * IpcError, rather than throwing: contextBridge keeps only the message of
   * what a bridged function throws, so a thrown IpcError would lose its
   * `code` and `data` on its way to the page.
   */
  function sendSync(channel, method, params, args) {
    if (args.length !== params.length) {
      const message = arityMessage(method, params, args.length);
      const data = { expected: params.length, received: args.length };
      return Object.freeze({ ok: false, error: ipcError("ERR_BAD_ARGUMENTS", message, data, channel) });
    }
    let envelope;
    try {
      envelope = ipcRenderer.sendSync(channel, ...args);
    } catch (error) {
      const message = `${method} did not reach its handler: ${messageOf(error)}`;
      return Object.freeze({ ok: false, error: ipcError("ERR_TRANSPORT", message, undefined, channel) });
    }
    try {
      return Object.freeze({ ok: true, value: unwrap(envelope, method, channel) });
    } catch (error) {
      return Object.freeze({ ok: false, error });
    }
  }

  /** Sends a one-way message; nothing comes back. */
  function send(channel, method, params, args) {
    if (args.length !== params.length) {
      throw new TypeError(arityMessage(method, params, args.length));
    }
    ipcRenderer.send(channel, ...args);
  }

  /**
   * Adds a listener to an event channel; returns its unsubscribe function.
   * A listener subscribed `once` is unsubscribed before its first delivery.
   */
  function subscribe(channel, method, listener, once = false) {
    if (typeof listener !== "function") {
      const got = listener === null ? "null" : typeof listener;
      throw new TypeError(`${method} expects a listener function, got ${got}`);
    }
    let entry = subscribers.get(channel);
    if (entry === undefined) {
      const listeners = new Set();
      // Listeners get the event's arguments only, never the IpcRendererEvent.
      // One that leaves during a delivery (unsubscribed by an earlier one)
      // does not get it.
      const dispatch = (_event, ...args) => {
        for (const deliver of [...listeners]) {
          if (listeners.has(deliver)) {
            deliver(...args);
          }
        }
      };
      entry = { listeners, dispatch };
      subscribers.set(channel, entry);
      ipcRenderer.on(channel, dispatch);
    }
    const { listeners } = entry;
    // One wrapper per subscription: subscribing a function twice makes two
    // subscriptions, each removed by its own unsubscribe.
    let subscribed = true;
    const unsubscribe = () => {
      if (!subscribed) {
        return;
      }
      subscribed = false;
      listeners.delete(deliver);
      // After `unsubscribeAll` the channel may have a new entry: leave it.
      if (listeners.size === 0 && subscribers.get(channel) === entry) {
        subscribers.delete(channel);
        ipcRenderer.removeListener(channel, entry.dispatch);
      }
    };
    // A listener that throws is logged; the others still get the event.
    const deliver = (...args) => {
      if (once) {
        unsubscribe();
      }
      try {
        listener(...args);
      } catch (error) {
        console.error(`${method} listener threw:`, error);
      }
    };
    listeners.add(deliver);
    return unsubscribe;
  }

  /** Drops every subscription of the service: no ipcRenderer listener stays. */
  function unsubscribeAll() {
    for (const [channel, { listeners, dispatch }] of subscribers) {
      listeners.clear();
      ipcRenderer.removeListener(channel, dispatch);
    }
    subscribers.clear();
  }

  return { invoke, sendSync, send, subscribe, unsubscribeAll };
}

// ---- Cancellation and deadlines (docs/wire.md) ----

/** Where the preload announces the id of its next invoke, and cancels it. */
const CALL_CHANNEL = "ipc:call";
const CANCEL_CHANNEL = "ipc:cancel";

/** The largest deadline `setTimeout` keeps (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2147483647;

/** Ids of this preload's cancellable calls, in the order it makes them. */
let nextCallId = 1;

/**
 * The call options after a method's declared arguments, checked: `undefined`
 * (none), or `{ timeout?, abort? }` with `timeout` in milliseconds and
 * `abort` the page-realm adapter's hook for an AbortSignal (a function
 * handed the call's `cancel`). Returns the options, or an error message.
 */
function readCallOptions(method, options) {
  if (options === undefined) {
    return {};
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    return `${method}'s last argument, after its declared ones, must be its options { signal?, timeout? }`;
  }
  for (const key of Object.keys(options)) {
    if (key !== "timeout" && key !== "abort") {
      const hint = key === "signal" ? " (an AbortSignal crosses into the preload only on Electron 35 and later)" : "";
      return `${method}'s options take signal and timeout, not ${JSON.stringify(key)}${hint}`;
    }
  }
  const { timeout, abort } = options;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout >= 0 && timeout <= MAX_TIMEOUT_MS)) {
    return `${method}'s timeout must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`;
  }
  if (abort !== undefined && typeof abort !== "function") {
    return `${method}'s options hold an abort hook that is not a function`;
  }
  return { timeout, abort };
}

/**
 * An invoke the page can cancel (through the adapter's hook for its
 * AbortSignal) or give a deadline: rejects at once with ERR_CANCELLED or
 * ERR_TIMEOUT, and tells main, which drops the handler's future. Main
 * learns the call's id from a message sent just before the invoke (the two
 * arrive in order), so a call without options pays nothing for this.
 */
function cancellableInvoke(ipcRenderer, channel, method, args, rawOptions) {
  const options = readCallOptions(method, rawOptions);
  if (typeof options === "string") {
    return Promise.reject(ipcError("ERR_BAD_ARGUMENTS", options, undefined, channel));
  }
  const id = nextCallId++;
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer;
    const finish = () => {
      settled = true;
      if (timer !== undefined) {
        clearTimeout(timer);
      }
    };
    const cancel = (code, message, data) => {
      if (settled) {
        return;
      }
      finish();
      reject(ipcError(code, message, data, channel));
      try {
        ipcRenderer.send(CANCEL_CHANNEL, id);
      } catch {
        // The page is going away: main cancels its calls itself.
      }
    };
    if (options.timeout !== undefined) {
      const timeoutMs = options.timeout;
      timer = setTimeout(
        () => cancel("ERR_TIMEOUT", `${method} did not answer within ${timeoutMs} ms`, { timeoutMs }),
        timeoutMs,
      );
    }
    if (options.abort !== undefined) {
      options.abort(() => cancel("ERR_CANCELLED", `${method} was cancelled`, { reason: "signal" }));
    }
    if (settled) {
      return;
    }
    let reply;
    try {
      ipcRenderer.send(CALL_CHANNEL, id);
      reply = ipcRenderer.invoke(channel, ...args);
    } catch (error) {
      finish();
      reject(ipcError("ERR_TRANSPORT", `${method} did not reach its handler: ${messageOf(error)}`, undefined, channel));
      return;
    }
    Promise.resolve(reply).then(
      (envelope) => {
        if (settled) {
          return;
        }
        finish();
        try {
          resolve(unwrap(envelope, method, channel));
        } catch (error) {
          reject(error);
        }
      },
      (error) => {
        if (settled) {
          return;
        }
        finish();
        reject(
          ipcError("ERR_TRANSPORT", `${method} did not reach its handler: ${messageOf(error)}`, undefined, channel),
        );
      },
    );
  });
}

// ---- The page-realm adapter ----
//
// contextBridge copies what crosses it and cannot carry an AbortSignal or a
// symbol, so what must live in the page (a signal's listener, an async
// iterator, a stable snapshot) is built there by `installPageApi`, which
// `contextBridge.executeInMainWorld` runs in the page's world. The contract
// it keeps (what crosses, how a kind is added) is docs/wire.md, "The
// page-realm adapter".

/**
 * Runs in the page's world: defines `window[namespace]` as a frozen object
 * of one function per member, read-only and non-configurable as
 * `exposeInMainWorld` defines it, and refuses (throws) when the page
 * already has a property of that name.
 *
 * `raw`: the service's functions of the preload's world (one per member,
 * each no more powerful than the member itself), which arrive here as
 * contextBridge's proxies; `members`: plain data, `{ [name]: { kind, … } }`,
 * saying what each member is. Each kind has its wrapper in `kinds`, which
 * turns the raw function into the page's function.
 *
 * contextBridge serializes this function by its source text: it must refer
 * to nothing outside its own body. It runs before any script of the page,
 * so the intrinsics it captures are the page's own, unmodified.
 */
function installPageApi(namespace, raw, members) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: its source text runs in the page's world, outside the file's directive
  "use strict";
  const { defineProperty, freeze, hasOwn, keys } = Object;

  const AbortSignalCtor = typeof AbortSignal === "function" ? AbortSignal : undefined;
  const addListener = AbortSignalCtor && EventTarget.prototype.addEventListener;
  const removeListener = AbortSignalCtor && EventTarget.prototype.removeEventListener;
  const abortedOf = AbortSignalCtor && Object.getOwnPropertyDescriptor(AbortSignalCtor.prototype, "aborted").get;
  const { apply } = Reflect;
  const { isArray } = Array;

  /** A member that needs nothing of the page: the bridged function itself. */
  const passThrough = (fn) => fn;

  /**
   * An invoke whose last argument, after the declared ones, may be its
   * options `{ signal?, timeout? }`: the signal stays here, in the page;
   * what crosses is the timeout and a hook the preload hands its `cancel`
   * to, called when the signal aborts (at once if it has).
   */
  function invoke(fn, { arity }) {
    return (...args) => {
      const options = args[arity];
      if (args.length !== arity + 1 || options === null || typeof options !== "object" || isArray(options)) {
        return apply(fn, undefined, args);
      }
      if (!("signal" in options)) {
        return apply(fn, undefined, args);
      }
      const { signal, ...rest } = options;
      // What to undo once the call settles.
      const cleanups = [];
      if (signal !== undefined) {
        if (AbortSignalCtor === undefined || !(signal instanceof AbortSignalCtor)) {
          return Promise.reject(new TypeError("options.signal must be an AbortSignal"));
        }
        rest.abort = (cancel) => {
          if (apply(abortedOf, signal, [])) {
            cancel();
            return;
          }
          const onAbort = () => cancel();
          apply(addListener, signal, ["abort", onAbort, { once: true }]);
          // The listener leaves with the call, whether it aborted or not.
          cleanups.push(() => apply(removeListener, signal, ["abort", onAbort]));
        };
      }
      const cleanUp = () => {
        for (const step of cleanups) {
          step();
        }
      };
      args[arity] = rest;
      const result = apply(fn, undefined, args);
      result.then(cleanUp, cleanUp);
      return result;
    };
  }

  // The wrappers, by kind: `(rawFunction, member) => pageFunction`.
  const kinds = {
    invoke,
    send: passThrough,
    sync: passThrough,
    event: passThrough,
  };

  if (namespace in globalThis) {
    throw new Error(`Cannot bind an API on top of an existing property on the window object: ${namespace}`);
  }
  const api = {};
  for (const name of keys(members)) {
    const member = members[name];
    const wrap = hasOwn(kinds, member.kind) ? kinds[member.kind] : undefined;
    if (wrap === undefined || typeof raw[name] !== "function") {
      throw new Error(`${namespace}.${name}: this page-realm adapter has no wrapper of kind ${String(member.kind)}`);
    }
    api[name] = freeze(wrap(raw[name], member));
  }
  defineProperty(globalThis, namespace, {
    value: freeze(api),
    writable: false,
    enumerable: true,
    configurable: false,
  });
}

/**
 * Exposes one service as `window[namespace]`: with the page-realm adapter
 * where contextBridge has `executeInMainWorld` (Electron 35 and later),
 * else with `exposeInMainWorld` (the raw functions, without the page-realm
 * features). When the service cannot be exposed (the page already has a
 * property of that name, for one), the failure is logged naming the
 * namespace and the other services are still exposed.
 */
function exposeService(contextBridge, namespace, api, members) {
  try {
    if (typeof contextBridge.executeInMainWorld === "function" && members !== undefined) {
      contextBridge.executeInMainWorld({ func: installPageApi, args: [namespace, api, members] });
    } else {
      contextBridge.exposeInMainWorld(namespace, api);
    }
  } catch (error) {
    console.error(`[ipc] window.${namespace} could not be exposed, its service is unavailable: ${messageOf(error)}`);
  }
}

// --- ipc-codegen copies up to here ---

module.exports = {
  ipcError,
  arityMessage,
  messageOf,
  unwrap,
  connect,
  readCallOptions,
  installPageApi,
  exposeService,
};
