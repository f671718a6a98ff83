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

  /** Calls an invoke channel: resolves with the value, rejects with an IpcError. */
  function invoke(channel, method, params, args) {
    if (args.length !== params.length) {
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

  /** Sends a one-way message; nothing comes back. */
  function send(channel, method, params, args) {
    if (args.length !== params.length) {
      throw new TypeError(arityMessage(method, params, args.length));
    }
    ipcRenderer.send(channel, ...args);
  }

  /** Adds a listener to an event channel; returns its unsubscribe function. */
  function subscribe(channel, method, listener) {
    if (typeof listener !== "function") {
      const got = listener === null ? "null" : typeof listener;
      throw new TypeError(`${method} expects a listener function, got ${got}`);
    }
    let entry = subscribers.get(channel);
    if (entry === undefined) {
      const listeners = new Set();
      // Listeners get the event's arguments only, never the IpcRendererEvent.
      const dispatch = (_event, ...args) => {
        for (const deliver of [...listeners]) {
          try {
            deliver(...args);
          } catch (error) {
            console.error(`${method} listener threw:`, error);
          }
        }
      };
      entry = { listeners, dispatch };
      subscribers.set(channel, entry);
      ipcRenderer.on(channel, dispatch);
    }
    const { listeners, dispatch } = entry;
    // One wrapper per subscription: subscribing a function twice makes two
    // subscriptions, each removed by its own unsubscribe.
    const deliver = (...args) => {
      listener(...args);
    };
    listeners.add(deliver);
    let subscribed = true;
    return () => {
      if (!subscribed) {
        return;
      }
      subscribed = false;
      listeners.delete(deliver);
      if (listeners.size === 0) {
        subscribers.delete(channel);
        ipcRenderer.removeListener(channel, dispatch);
      }
    };
  }

  return { invoke, send, subscribe };
}

/**
 * Exposes one service as `window[namespace]`. When contextBridge refuses
 * (the page already has a property of that name, for one), the failure is
 * logged naming the namespace and the other services are still exposed.
 */
function exposeService(contextBridge, namespace, api) {
  try {
    contextBridge.exposeInMainWorld(namespace, api);
  } catch (error) {
    console.error(`[ipc] window.${namespace} could not be exposed, its service is unavailable: ${messageOf(error)}`);
  }
}

// --- ipc-codegen copies up to here ---

module.exports = { ipcError, arityMessage, messageOf, unwrap, connect, exposeService };
