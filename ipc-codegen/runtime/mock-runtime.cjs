"use strict";
// The fixed part of the generated ipc-mock.mjs and ipc-mock.cjs: a fake
// `window.<namespace>` for renderer unit tests (node:test, vitest or jest
// with jsdom, or a real browser). `ipc-codegen generate` copies the part
// between the two marker lines below into both files, after the helpers of
// renderer-runtime.cjs and the schema's `create…Api` functions, which it
// copies exactly as preload.js carries them: the page under test talks to
// the very functions the real preload exposes (argument counts, IpcError
// shapes and codes, one listener per event channel), and only the
// ipcRenderer under them is fake. The export at the end is for this file's
// tests only.

// In the generated files these come from the copy of renderer-runtime.cjs above.
const { arityMessage, exposeService, ipcError, messageOf, unwrap } = require("./renderer-runtime.cjs");

// --- ipc-codegen copies from here ---

/** The failures that `fail` and `failWith` made, told apart from values. */
const failures = new WeakSet();

/**
 * The typed error of a handler (`code: "ERR_HANDLER"`, the Rust `Err`
 * value as `data`): return it, or throw it, from a mock handler.
 */
function fail(data, message = "the handler failed") {
  const failure = Object.freeze({ code: "ERR_HANDLER", message: String(message), data });
  failures.add(failure);
  return failure;
}

/** Any other failure (`ERR_FORBIDDEN`, `ERR_TIMEOUT`, …): return it, or throw it, from a mock handler. */
function failWith(code, message, data) {
  if (typeof code !== "string" || !code.startsWith("ERR_")) {
    throw new TypeError(`failWith expects an IpcErrorCode such as "ERR_FORBIDDEN", got ${String(code)}`);
  }
  const failure = Object.freeze(
    data === undefined ? { code, message: String(message) } : { code, message: String(message), data },
  );
  failures.add(failure);
  return failure;
}

/** The error envelope of a failure, as the main process answers it. */
function failureEnvelope({ code, message, data }) {
  return { ok: false, error: data === undefined ? { code, message } : { code, message, data } };
}

/**
 * The envelope of what a handler threw, as the generated main glue answers
 * for a main-process handler: a failure as made; an object with `data` is
 * the typed error (`ERR_HANDLER`); anything else is a bug, `ERR_PANIC`.
 */
function thrownEnvelope(channel, error) {
  if (failures.has(error)) {
    return failureEnvelope(error);
  }
  if (error !== null && typeof error === "object" && "data" in error) {
    return failureEnvelope({ code: "ERR_HANDLER", message: messageOf(error), data: error.data });
  }
  return failureEnvelope({ code: "ERR_PANIC", message: `${channel}: the handler failed` });
}

/**
 * Copies of a call's arguments (`cloneValue`), but for the stream the
 * page sends (the channel's `incoming` parameter), whose items are copied
 * one by one as the handler reads them.
 */
function copiesOf(channel, args) {
  if (channel.incoming === undefined) {
    return cloneValue(args);
  }
  const copies = cloneValue(args.map((arg, i) => (i === channel.incoming ? null : arg)));
  copies[channel.incoming] = args[channel.incoming];
  return copies;
}

/** A ReadableStream's reader as an async iterator (where the stream has no `values()`). */
function readerIterator(reader) {
  const iterator = {
    next: () => reader.read(),
    return: async () => {
      await reader.cancel();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * Electron copies every argument and answer with the structured clone
 * algorithm; so does the mock, so that a test sees the same refusals
 * (functions, DOM nodes) and the handler never shares an object with the page.
 */
function cloneValue(value) {
  return structuredClone(value);
}

/** The mock of one service: its handlers, calls and subscriptions. */
function mockService(service, log) {
  const channels = new Map(service.channels.map((channel) => [channel.name, channel]));
  const handlers = new Map();
  const subscriptions = new Map();
  const eventListeners = new Map();
  /** The value of each state a test set: `{ version, value }`. */
  const states = new Map();

  const label = (channel) => `${service.namespace}.${channel.member}`;

  // What a test may handle and emit; relays only in a service that has them, so the messages name what exists.
  const hasRelays = service.channels.some((c) => c.kind === "relay" || c.kind === "relayRequest");
  const handled = hasRelays
    ? [[...HANDLED, "relay", "relayRequest"], "invoke, sendSync, send, stream or relay method"]
    : [HANDLED, "invoke, sendSync, send or stream method"];
  const emitted = hasRelays ? [["event", "relay"], "event or one-way relay"] : [["event"], "event"];

  const channelOf = (name, kinds, what) => {
    const channel = channels.get(name);
    if (channel === undefined || !kinds.includes(channel.kind)) {
      const known = service.channels.filter((c) => kinds.includes(c.kind)).map((c) => c.name);
      const list = known.length === 0 ? "none" : known.join(", ");
      throw new TypeError(`${service.namespace} has no ${what} named ${String(name)} (it has: ${list})`);
    }
    return channel;
  };

  /** Sets (or, with `undefined`, removes) the handler of an invoke, sendSync, send or stream method. */
  function handle(name, handler) {
    const channel = channelOf(name, ...handled);
    if (handler === undefined) {
      handlers.delete(channel.channel);
      return;
    }
    if (typeof handler !== "function") {
      throw new TypeError(`the mock handler of ${label(channel)} must be a function, got ${typeof handler}`);
    }
    handlers.set(channel.channel, handler);
  }

  /** What the page's calls of `channel` reach: the handler, called with copies of the arguments. */
  async function invoke(channel, args) {
    const record = {
      namespace: service.namespace,
      method: channel.name,
      channel: channel.channel,
      kind: "invoke",
      args,
    };
    log.calls.push(record);
    const handler = handlers.get(channel.channel);
    if (handler === undefined) {
      log.unhandled.push(record);
      return failureEnvelope({
        code: "ERR_UNKNOWN_CHANNEL",
        message: `ipc mock: ${label(channel)} (${channel.channel}) has no handler; give one with installIpcMock(window, { ${service.namespace}: { ${channel.name}: … } }) or mock.${service.namespace}.handle("${channel.name}", …)`,
        data: { channel: channel.channel },
      });
    }
    let value;
    try {
      value = await handler(...args);
    } catch (error) {
      record.error = error;
      return thrownEnvelope(channel.channel, error);
    }
    if (failures.has(value)) {
      return failureEnvelope(value);
    }
    return { ok: true, value: cloneValue(value === undefined ? null : value) };
  }

  /**
   * What the page's calls of a sync channel reach: the handler, which must
   * answer at once (a promise is refused, as the main glue refuses one).
   */
  function sendSync(channel, args) {
    const record = {
      namespace: service.namespace,
      method: channel.name,
      channel: channel.channel,
      kind: "sendSync",
      args,
    };
    log.calls.push(record);
    const handler = handlers.get(channel.channel);
    if (handler === undefined) {
      log.unhandled.push(record);
      return failureEnvelope({
        code: "ERR_UNKNOWN_CHANNEL",
        message: `ipc mock: ${label(channel)} (${channel.channel}) has no handler; give one with installIpcMock(window, { ${service.namespace}: { ${channel.name}: … } }) or mock.${service.namespace}.handle("${channel.name}", …)`,
        data: { channel: channel.channel },
      });
    }
    let value;
    try {
      value = handler(...args);
    } catch (error) {
      record.error = error;
      return thrownEnvelope(channel.channel, error);
    }
    if (value !== null && typeof value === "object" && typeof value.then === "function") {
      record.error = new TypeError(
        `the mock handler of ${label(channel)} returned a promise: a sync method answers at once`,
      );
      return thrownEnvelope(channel.channel, record.error);
    }
    if (failures.has(value)) {
      return failureEnvelope(value);
    }
    return { ok: true, value: cloneValue(value === undefined ? null : value) };
  }

  /** A send reaches its handler; nothing goes back, as in Electron. */
  function send(channel, args) {
    const record = { namespace: service.namespace, method: channel.name, channel: channel.channel, kind: "send", args };
    log.calls.push(record);
    const handler = handlers.get(channel.channel);
    if (handler === undefined) {
      log.unhandled.push(record);
      return;
    }
    try {
      const result = handler(...args);
      if (result !== null && typeof result === "object" && typeof result.then === "function") {
        result.then(undefined, (error) => {
          record.error = error;
        });
      }
    } catch (error) {
      record.error = error;
    }
  }

  /**
   * What the page's calls of a stream method reach: the handler, which
   * answers an async iterable (or an iterable) of the items, or a failure
   * (the setup error). The page gets an async iterator as the page-realm
   * adapter builds it: items are copies, `return()` (or the options'
   * `signal`) returns the handler's iterator, and a failure the handler's
   * iterable throws ends the iteration with its IpcError.
   */
  function stream(channel, args) {
    const record = {
      namespace: service.namespace,
      method: channel.name,
      channel: channel.channel,
      kind: "stream",
      args,
    };
    log.calls.push(record);
    let signal;
    if (args.length === channel.params.length + 1) {
      signal = args.pop()?.signal;
    }
    const reject = (envelope) => {
      const { code, message, data } = envelope.error;
      throw ipcError(code, message, data, channel.channel);
    };
    let source;
    let done = false;
    const opened = (async () => {
      if (args.length !== channel.params.length) {
        const message = arityMessage(label(channel), channel.params, args.length);
        const data = { expected: channel.params.length, received: args.length };
        reject(failureEnvelope({ code: "ERR_BAD_ARGUMENTS", message, data }));
      }
      const handler = handlers.get(channel.channel);
      if (handler === undefined) {
        log.unhandled.push(record);
        reject(
          failureEnvelope({
            code: "ERR_UNKNOWN_CHANNEL",
            message: `ipc mock: ${label(channel)} (${channel.channel}) has no handler; give one that answers an async iterable of its items`,
            data: { channel: channel.channel },
          }),
        );
      }
      let items;
      try {
        items = await handler(...copiesOf(channel, args));
      } catch (error) {
        record.error = error;
        reject(thrownEnvelope(channel.channel, error));
      }
      if (failures.has(items)) {
        reject(failureEnvelope(items));
      }
      const open = items?.[Symbol.asyncIterator] ?? items?.[Symbol.iterator];
      if (typeof open !== "function") {
        record.error = new TypeError(
          `the mock handler of ${label(channel)} must answer an async iterable of the items`,
        );
        reject(thrownEnvelope(channel.channel, record.error));
      }
      source = open.call(items);
      if (done) {
        Promise.resolve(source.return?.()).then(undefined, () => {});
      }
    })();
    // Its failure is the first next()'s: a stream the page never reads leaves no unhandled rejection.
    opened.then(undefined, () => {});
    const finished = () => Promise.resolve({ done: true, value: undefined });
    // Settles a pending `next()` as done when the page ends the stream, as the preload does.
    let stop;
    const stopped = new Promise((resolve) => {
      stop = () => resolve({ done: true, value: undefined });
    });
    const end = () => {
      if (!done) {
        done = true;
        stop();
        // An async generator takes the return when it next yields or awaits nothing more.
        Promise.resolve(source?.return?.()).then(undefined, () => {});
      }
      return finished();
    };
    if (signal?.aborted) {
      done = true;
    } else {
      signal?.addEventListener("abort", () => end(), { once: true });
    }
    const iterator = {
      async next() {
        if (done) {
          return finished();
        }
        try {
          const result = await Promise.race([opened.then(() => source.next()), stopped]);
          if (done || result.done) {
            done = true;
            return { done: true, value: undefined };
          }
          return { done: false, value: cloneValue(result.value) };
        } catch (error) {
          done = true;
          if (error?.name === "IpcError") {
            throw error;
          }
          record.error = error;
          const { error: failure } = thrownEnvelope(channel.channel, error);
          throw ipcError(failure.code, failure.message, failure.data, channel.channel);
        }
      },
      return: end,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * What the page's calls of a method that takes a stream from the page
   * reach (the channel's `incoming`: the index of that parameter): the
   * handler, given in the stream's place an async iterable of copies of
   * the items of the page's source (an AsyncIterable, an Iterable or a
   * ReadableStream), read as the handler reads it. It answers as an
   * invoke's handler does, or, both ways, as a stream's. The options'
   * `signal` ends the handler's iterable with ERR_CANCELLED (and the call
   * rejects with it), as main drops the Rust method.
   */
  function incoming(channel, args) {
    const index = channel.incoming;
    const source = args[index];
    const readable = source !== null && typeof source === "object" && typeof source.getReader === "function";
    if (
      !readable &&
      typeof source?.[Symbol.asyncIterator] !== "function" &&
      typeof source?.[Symbol.iterator] !== "function"
    ) {
      const error = new TypeError(
        `${label(channel)}'s argument ${index + 1} must be an AsyncIterable, an Iterable or a ReadableStream of its items`,
      );
      if (channel.kind === "stream") {
        return (async function* failed() {
          yield* [];
          throw error;
        })();
      }
      return Promise.reject(error);
    }
    const signal = args.length === channel.params.length + 1 ? args.at(-1)?.signal : undefined;
    const cancelled = () =>
      ipcError("ERR_CANCELLED", `${label(channel)}: the page cancelled the stream`, undefined, channel.channel);
    async function* items() {
      const iterator = readable ? (source.values?.() ?? readerIterator(source.getReader())) : undefined;
      for await (const item of iterator ?? source) {
        if (signal?.aborted) {
          throw cancelled();
        }
        yield cloneValue(item);
      }
      if (signal?.aborted) {
        throw cancelled();
      }
    }
    const withItems = [...args];
    withItems[index] = items();
    if (channel.kind === "stream") {
      return stream(channel, withItems);
    }
    if (signal !== undefined) {
      withItems.pop();
    }
    if (withItems.length !== channel.params.length) {
      const message = arityMessage(label(channel), channel.params, withItems.length);
      const data = { expected: channel.params.length, received: withItems.length };
      return Promise.reject(ipcError("ERR_BAD_ARGUMENTS", message, data, channel.channel));
    }
    const answer = invoke(channel, copiesOf(channel, withItems)).then((envelope) =>
      unwrap(envelope, label(channel), channel.channel),
    );
    if (signal === undefined) {
      return answer;
    }
    const aborted = new Promise((_, reject) => {
      if (signal.aborted) {
        reject(cancelled());
      }
      signal.addEventListener("abort", () => reject(cancelled()), { once: true });
    });
    return Promise.race([answer, aborted]);
  }

  const byChannel = new Map(service.channels.map((channel) => [channel.channel, channel]));

  /** The ipcRenderer the real `create…Api` function is given. */
  const ipcRenderer = Object.freeze({
    invoke(channelName, ...args) {
      const channel = byChannel.get(channelName);
      if (channel?.kind === "state") {
        return Promise.resolve(readState(channel, args));
      }
      if (channel?.kind === "relay" || channel?.kind === "relayRequest") {
        // `(role, options, ...payload)`: the handler plays the windows of `role`.
        return invoke(channel, cloneValue([args[0], ...args.slice(2)]));
      }
      if (channel === undefined || channel.kind !== "invoke") {
        return Promise.reject(new Error(`No handler registered for '${String(channelName)}'`));
      }
      return invoke(channel, cloneValue(args));
    },
    sendSync(channelName, ...args) {
      const channel = byChannel.get(channelName);
      if (channel?.kind === "state" && args[0] === "follow") {
        return readState(channel, args.slice(1));
      }
      if (channel === undefined || channel.kind !== "sendSync") {
        throw new Error(`No sync handler registered for '${String(channelName)}'`);
      }
      return sendSync(channel, cloneValue(args));
    },
    send(channelName, ...args) {
      const channel = byChannel.get(channelName);
      const copies = cloneValue(args);
      if (channel !== undefined && channel.kind === "send") {
        send(channel, copies);
      }
    },
    on(channelName, listener) {
      const listeners = eventListeners.get(channelName) ?? new Set();
      listeners.add(listener);
      eventListeners.set(channelName, listeners);
      return this;
    },
    removeListener(channelName, listener) {
      eventListeners.get(channelName)?.delete(listener);
      return this;
    },
  });

  // The mock plays a main process that granted the window every capability.
  const real = service.create(ipcRenderer, EVERY_CAPABILITY);
  // The object the page sees: the real API, with each event's subscriptions counted.
  const api = {};
  for (const channel of service.channels) {
    const method = real[channel.member];
    if (channel.kind === "state") {
      // What the page-realm adapter builds in the page from the preload's raw function.
      api[channel.member] = service.store(method, label(channel));
      continue;
    }
    if (channel.incoming !== undefined) {
      // What the page-realm adapter builds in the page for a stream the page sends.
      api[channel.member] = (...args) => incoming(channel, args);
      continue;
    }
    if (channel.kind === "stream") {
      api[channel.member] = (...args) => stream(channel, args);
      continue;
    }
    if (channel.kind === "relay" || channel.kind === "relayRequest") {
      // The sender's `{ to }`, and the receiver: `onX` or `answerX`.
      api[channel.member] = method;
      const pascal = channel.member.charAt(0).toUpperCase() + channel.member.slice(1);
      const receiver = `${channel.kind === "relay" ? "on" : "answer"}${pascal}`;
      api[receiver] = real[receiver];
      continue;
    }
    if (channel.kind !== "event") {
      api[channel.member] = method;
      continue;
    }
    subscriptions.set(channel.name, 0);
    api[channel.member] = (listener) => {
      const unsubscribe = method(listener);
      subscriptions.set(channel.name, subscriptions.get(channel.name) + 1);
      let live = true;
      return () => {
        if (live) {
          live = false;
          subscriptions.set(channel.name, subscriptions.get(channel.name) - 1);
        }
        unsubscribe();
      };
    };
  }

  /** Delivers an event to the page, as the main process would. */
  function emit(name, ...args) {
    const channel = channelOf(name, ...emitted);
    // A relay comes with the sender's role first.
    const params = channel.kind === "relay" ? ["from", ...channel.params] : channel.params;
    if (args.length !== params.length) {
      throw new TypeError(arityMessage(`${service.namespace}.${channel.name} (event)`, params, args.length));
    }
    const copies = cloneValue(args);
    const event = Object.freeze({ sender: ipcRenderer });
    for (const listener of [...(eventListeners.get(channel.channel) ?? [])]) {
      listener(event, ...copies);
    }
  }

  /** A state's latest value as main answers a page that starts following it. */
  function readState(channel, args) {
    const latest = states.get(channel.name);
    if (args.length !== 0) {
      return failureEnvelope({
        code: "ERR_BAD_ARGUMENTS",
        message: `${channel.channel}: following takes no arguments`,
      });
    }
    if (latest === undefined) {
      const message = `${label(channel)} has no value yet: set it with the mock's setState("${channel.name}", value)`;
      return failureEnvelope({ code: "ERR_BAD_RESPONSE", message });
    }
    return { ok: true, value: { version: latest.version, value: cloneValue(latest.value) } };
  }

  /** Publishes a new value of a state to the page, as the main process would. */
  function setState(name, value) {
    const channel = channelOf(name, ["state"], "state");
    const version = (states.get(channel.name)?.version ?? 0) + 1;
    states.set(channel.name, { version, value: cloneValue(value) });
    const event = Object.freeze({ sender: ipcRenderer });
    for (const listener of [...(eventListeners.get(channel.channel) ?? [])]) {
      listener(event, version, cloneValue(value));
    }
  }

  /** Whether the page's preload follows a state now: its ipcRenderer listeners on the state's channel. */
  function stateFollowers(name) {
    return eventListeners.get(channelOf(name, ["state"], "state").channel)?.size ?? 0;
  }

  /** How many subscriptions the page holds on an event. */
  function listenerCount(name) {
    return subscriptions.get(channelOf(name, ["event"], "event").name);
  }

  /** The arguments of every call of one method, oldest first. */
  function callsOf(name) {
    const channel = channelOf(name, ...handled);
    return log.calls.filter((call) => call.channel === channel.channel).map((call) => call.args);
  }

  return {
    api: Object.freeze(api),
    handle,
    control: Object.freeze({ handle, calls: callsOf, emit, listenerCount, setState, stateFollowers }),
  };
}

/** The kinds of method a mock handler answers. */
const HANDLED = ["invoke", "sendSync", "send", "stream"];

/** The grants of a window that holds every capability (docs/wire.md, "Capabilities"). */
const EVERY_CAPABILITY = Object.freeze({ has: () => true });

/**
 * Installs a mock of every service on `target` (the page's `window`), with
 * `handlers` (`{ namespace: { method: handler } }`). Returns its controls.
 */
function installMock(services, target, handlers) {
  if (target === null || (typeof target !== "object" && typeof target !== "function")) {
    throw new TypeError("installIpcMock(target, handlers): target must be the page's window");
  }
  if (handlers === null || typeof handlers !== "object") {
    throw new TypeError("installIpcMock(target, handlers): handlers must be an object of services");
  }
  const namespaces = services.map((service) => service.namespace);
  for (const [namespace, table] of Object.entries(handlers)) {
    if (table === null || typeof table !== "object") {
      throw new TypeError(`installIpcMock: the handlers of ${namespace} must be an object of methods`);
    }
    if (!namespaces.includes(namespace)) {
      throw new TypeError(
        `installIpcMock: no service has the namespace ${namespace} (there are: ${namespaces.join(", ")})`,
      );
    }
  }
  for (const namespace of namespaces) {
    if (Object.hasOwn(target, namespace)) {
      throw new TypeError(
        `installIpcMock: window.${namespace} already exists; restore() the previous mock first (contextBridge would refuse too)`,
      );
    }
  }

  const log = { calls: [], unhandled: [] };
  const mocks = services.map((service) => [service.namespace, mockService(service, log)]);
  for (const [namespace, mock] of mocks) {
    for (const [name, handler] of Object.entries(handlers[namespace] ?? {})) {
      mock.handle(name, handler);
    }
  }
  // What contextBridge.exposeInMainWorld does for the page, but removable by restore().
  const bridge = {
    exposeInMainWorld(namespace, api) {
      Object.defineProperty(target, namespace, { value: api, enumerable: true, configurable: true });
    },
  };
  for (const [namespace, mock] of mocks) {
    exposeService(bridge, namespace, mock.api);
  }

  let installed = true;
  const controls = {
    /** Every invoke and send the page made, oldest first. */
    get calls() {
      return [...log.calls];
    },
    /** The calls that found no handler: an invoke rejected with ERR_UNKNOWN_CHANNEL. */
    get unhandled() {
      return [...log.unhandled];
    },
    /** Forgets the calls; the handlers stay. */
    reset() {
      log.calls.length = 0;
      log.unhandled.length = 0;
    },
    /** Removes the services from `target`. */
    restore() {
      if (!installed) {
        return;
      }
      installed = false;
      for (const [namespace, mock] of mocks) {
        if (target[namespace] === mock.api) {
          delete target[namespace];
        }
      }
    },
  };
  for (const [namespace, mock] of mocks) {
    controls[namespace] = mock.control;
  }
  return Object.freeze(controls);
}

// --- ipc-codegen copies up to here ---

module.exports = { fail, failWith, installMock };
