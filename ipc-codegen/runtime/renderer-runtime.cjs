"use strict";
// The renderer half of the runtime: what every service of the generated
// preload shares. A sandboxed preload can require nothing but "electron",
// so `ipc-codegen generate` copies the part between the two marker lines
// below into preload.js, and once more into ipc-api.cjs (which ipc-api.mjs
// re-exports); the export at the end is for this file's tests only. The
// streams part after it is for schemas with stream channels, which
// `ipc-codegen` does not generate yet (docs/wire.md, "Streams"); the
// tests of tests/electron/streams.test.js copy it into their preload.

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

// --- streams: copied after the part above, only for a schema with stream channels ---

// Streams (docs/wire.md, "Streams"): the preload keeps each stream's
// MessagePort, which cannot cross contextBridge, and hands the page an
// iterator made of plain functions, which can.

/** The channel on which main posts each stream's port. */
const STREAM_CHANNEL = "ipc:stream";

/** What the page may hold unread: main pulls from Rust only within it. */
const STREAM_WINDOW = Object.freeze({ items: 16, bytes: 1024 * 1024 });

/**
 * Opens streams on `ipcRenderer`. Its one listener of `ipc:stream` (added
 * with the first stream) pairs each port main posts with the answer of the
 * invoke that opened it: either may come first.
 */
function connectStreams(ipcRenderer) {
  const arrived = new Map();
  const waiting = new Map();
  let listening = false;

  function portOf(token) {
    const port = arrived.get(token);
    if (port !== undefined) {
      arrived.delete(token);
      return Promise.resolve(port);
    }
    return new Promise((resolve) => waiting.set(token, resolve));
  }

  function listen() {
    if (listening) {
      return;
    }
    listening = true;
    // Only main sends on an ipcRenderer channel: the tokens are its own.
    ipcRenderer.on(STREAM_CHANNEL, (event, message) => {
      const port = event.ports?.[0];
      const token = message?.stream;
      if (port === undefined || !Number.isSafeInteger(token)) {
        for (const stray of event.ports ?? []) stray.close();
        return;
      }
      const resolve = waiting.get(token);
      if (resolve === undefined) {
        arrived.set(token, port);
      } else {
        waiting.delete(token);
        resolve(port);
      }
    });
  }

  /**
   * Opens a stream channel: answers the page's iterator at once, `{ next,
   * return }` (functions: contextBridge carries them, not
   * `Symbol.asyncIterator` methods). `next()` resolves `{ done, value }`
   * or rejects with the IpcError that ended the stream (the setup error
   * included); `return()` cancels: the port closes and main drops the Rust
   * stream.
   */
  function stream(channel, method, params, args) {
    listen();
    const queue = [];
    let reader = null;
    let ended = false;
    let failed = null;
    let port = null;
    let unacknowledged = { items: 0, bytes: 0 };

    const settle = () => {
      if (reader === null) {
        return;
      }
      const { resolve, reject } = reader;
      if (queue.length > 0) {
        reader = null;
        resolve(take());
      } else if (failed !== null) {
        reader = null;
        reject(failed);
      } else if (ended) {
        reader = null;
        resolve(Object.freeze({ done: true, value: undefined }));
      }
    };
    const finish = (error) => {
      if (ended) {
        return;
      }
      ended = true;
      failed = error;
      port?.close();
      settle();
    };
    // One item for the page; credit goes back to main once half the window was read.
    const take = () => {
      const { value, size } = queue.shift();
      unacknowledged.items += 1;
      unacknowledged.bytes += size;
      if (!ended && unacknowledged.items * 2 >= STREAM_WINDOW.items) {
        port.postMessage({ t: "credit", ...unacknowledged });
        unacknowledged = { items: 0, bytes: 0 };
      }
      return Object.freeze({ done: false, value });
    };
    const receive = (data) => {
      if (ended || data === null || typeof data !== "object") {
        return;
      }
      if (data.t === "item") {
        queue.push({ value: data.v, size: Number.isSafeInteger(data.n) ? data.n : 0 });
      } else if (data.t === "end") {
        ended = true;
      } else if (data.t === "error") {
        const { code, message, data: detail } = data.error ?? {};
        ended = true;
        failed = ipcError(code, message, detail, channel);
      }
      settle();
    };

    const opened =
      args.length === params.length
        ? new Promise((resolve) => resolve(ipcRenderer.invoke(channel, ...args))).then(
            (envelope) => unwrap(envelope, method, channel),
            (error) => {
              throw ipcError(
                "ERR_TRANSPORT",
                `${method} did not reach its handler: ${messageOf(error)}`,
                undefined,
                channel,
              );
            },
          )
        : Promise.reject(
            ipcError(
              "ERR_BAD_ARGUMENTS",
              arityMessage(method, params, args.length),
              { expected: params.length, received: args.length },
              channel,
            ),
          );
    opened.then(
      (value) =>
        portOf(value?.stream).then((received) => {
          port = received;
          if (ended) {
            received.close();
            return;
          }
          received.onmessage = (event) => receive(event.data);
          // Main closes after `end` or `error`, which come first; a close without them is a lost main side.
          received.addEventListener("close", () =>
            finish(
              ipcError("ERR_TRANSPORT", `${method}: the stream was closed by the main process`, undefined, channel),
            ),
          );
          received.postMessage({ t: "credit", ...STREAM_WINDOW });
        }),
      (error) => finish(error),
    );

    return Object.freeze({
      next() {
        return new Promise((resolve, reject) => {
          if (reader !== null) {
            reject(
              ipcError("ERR_BAD_ARGUMENTS", `${method}: next() while another next() is pending`, undefined, channel),
            );
            return;
          }
          reader = { resolve, reject };
          settle();
        });
      },
      return() {
        queue.length = 0;
        finish(null);
        return Promise.resolve(Object.freeze({ done: true, value: undefined }));
      },
    });
  }

  return { stream };
}

// --- streams: up to here ---

module.exports = { ipcError, arityMessage, messageOf, unwrap, connect, connectStreams, exposeService };
