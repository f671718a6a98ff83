// Shared by the stand-ins for the generated preloads (this folder), run in
// the page before its own scripts (playwright's addInitScript, which
// Chromium runs in every new document): `exposeStandIn` defines
// `window[namespace]` as contextBridge.exposeInMainWorld does (a frozen,
// read-only, non-configurable property), and keeps a record of the calls and
// a way to emit events in `window.__standIn`, for the test alone.
"use strict";

{
  const calls = [];
  const listeners = new Map();

  /** The reason a call rejects with, shaped as the generated preload's `IpcError`. */
  const ipcError = (code, message, data, channel) =>
    Object.freeze(
      data === undefined
        ? { name: "IpcError", code, message, channel }
        : { name: "IpcError", code, message, data, channel },
    );

  /** A subscription function of the API: `on…(listener)` returns its unsubscribe. */
  const subscriber = (channel) => (listener) => {
    if (typeof listener !== "function") throw new TypeError(`${channel} expects a listener function`);
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    const wrapped = (...args) => listener(...args);
    listeners.get(channel).add(wrapped);
    return () => listeners.get(channel).delete(wrapped);
  };

  const emit = (channel, ...args) => {
    for (const listener of listeners.get(channel) ?? []) listener(...args);
  };

  /** Records the call, then answers as the main process would (a promise for an invoke). */
  const record = (channel, args) => {
    calls.push({ channel, args: JSON.parse(JSON.stringify(args)) });
  };

  const exposeStandIn = (namespace, api) => {
    Object.defineProperty(window, namespace, { value: Object.freeze(api), enumerable: true });
  };

  Object.defineProperty(window, "__standIn", {
    value: Object.freeze({ calls, emit, ipcError, record, subscriber, exposeStandIn }),
  });
}
