"use strict";
// The renderer half of the runtime: what every service of the generated
// preload shares. A sandboxed preload can require nothing but "electron",
// so `ipc-codegen generate` copies the part between the two marker lines
// below into preload.js, and once more into ipc-api.cjs (which ipc-api.mjs
// re-exports); the export at the end is for this file's tests only. The
// state helpers and the streams part after it are copied too, each only
// for a schema with a channel of its kind (docs/wire.md, "State" and
// "Streams").

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
  // --- ipc-codegen copies the page's state store from here (into ipc-mock, for schemas with a state) ---
  // What the stores use of the page, captured when the adapter is installed.
  const PageSet = Set;
  const PagePromise = Promise;
  const PageError = Error;
  const PageTypeError = TypeError;
  const microtask = typeof queueMicrotask === "function" ? queueMicrotask : (task) => PagePromise.resolve().then(task);
  const logError = typeof console === "object" ? console.error.bind(console) : () => {};
  const { assign, freeze: freezeStore } = Object;

  /**
   * The store of one state, built from its raw function (`connectStates`).
   * `subscribe(listener)` returns the function that removes the listener;
   * `getSnapshot()` returns the latest value the page received, the same
   * object until the value changes (`undefined` before the first), as
   * React's `useSyncExternalStore` needs; `getVersion()` its version (0
   * before the first); `load()` resolves with the value once there is one
   * (following the state meanwhile); `loadSync()` returns it at once, with a
   * blocking round trip to main when the page has none yet. After main
   * refuses (`ERR_FORBIDDEN`, …) the next `subscribe` or `load` asks again.
   */
  function createStateStore(raw, method) {
    const listeners = new PageSet();
    let snapshot;
    let version = 0;
    let unfollow;
    let stopping = false;
    const waiting = [];

    const onVersion = (next, value) => {
      if (!(next > version)) {
        return;
      }
      version = next;
      snapshot = value;
      for (const { resolve } of waiting.splice(0)) {
        resolve(value);
      }
      for (const listener of [...listeners]) {
        if (listeners.has(listener)) {
          try {
            listener();
          } catch (error) {
            logError(`${method} listener threw:`, error);
          }
        }
      }
    };
    // Main refused to be followed: the next subscribe or load asks again.
    const onError = (error) => {
      if (unfollow !== undefined) {
        const stop = unfollow;
        unfollow = undefined;
        stop();
      }
      for (const { reject } of waiting.splice(0)) {
        reject(error);
      }
      logError(`${method}:`, error);
    };
    const follow = () => {
      stopping = false;
      if (unfollow === undefined) {
        unfollow = raw("follow", onVersion, onError);
      }
    };
    // The last listener's leaving is acted on after the current task's
    // microtasks: a page that unsubscribes and subscribes again at once (React
    // does, in development) keeps following without a round trip to main.
    const release = () => {
      if (listeners.size > 0 || waiting.length > 0 || unfollow === undefined || stopping) {
        return;
      }
      stopping = true;
      microtask(() => {
        if (stopping && listeners.size === 0 && waiting.length === 0 && unfollow !== undefined) {
          const stop = unfollow;
          unfollow = undefined;
          stopping = false;
          stop();
        }
      });
    };

    const subscribe = (listener) => {
      if (typeof listener !== "function") {
        throw new PageTypeError(`${method}.subscribe expects a listener function`);
      }
      // One entry per subscription, so subscribing one function twice needs two unsubscribes.
      const entry = () => listener();
      listeners.add(entry);
      follow();
      let subscribed = true;
      return () => {
        if (subscribed) {
          subscribed = false;
          listeners.delete(entry);
          release();
        }
      };
    };
    const getSnapshot = () => snapshot;
    const getVersion = () => version;
    const load = () => {
      if (version > 0 && unfollow !== undefined) {
        return PagePromise.resolve(snapshot);
      }
      return new PagePromise((resolve, reject) => {
        waiting.push({
          resolve: (value) => {
            resolve(value);
            release();
          },
          reject: (error) => {
            reject(error);
            release();
          },
        });
        follow();
      });
    };
    const loadSync = () => {
      if (version === 0) {
        const read = raw("readSync");
        if (!read.ok) {
          throw assign(new PageError(read.error.message), read.error);
        }
        onVersion(read.value.version, read.value.value);
      }
      return snapshot;
    };
    return freezeStore({ subscribe, getSnapshot, getVersion, load, loadSync });
  }
  // --- ipc-codegen copies the page's state store up to here ---

  /** An iterator that has nothing more to give. */
  const finished = () => PagePromise.resolve(freeze({ done: true, value: undefined }));

  /**
   * A stream: returns the page's async iterator of its items, made here
   * from what the preload's raw function answers, `{ next, return }`
   * (functions cross contextBridge; an object's symbol methods and a
   * MessagePort do not). One argument beyond the declared ones is
   * `{ signal? }`: when the signal aborts, the iterator is returned (the
   * iteration ends, and main drops the Rust stream), as `break` does. Bad
   * options make the first `next()` reject with a TypeError.
   */
  function stream(fn, { arity, label }) {
    const iteratorOf = (next, end) => {
      const iterator = { next, return: end, [Symbol.asyncIterator]: () => iterator };
      return iterator;
    };
    // An iterator whose first `next()` rejects with `error`.
    const failing = (error) => {
      let thrown = false;
      const next = () => {
        if (thrown) {
          return finished();
        }
        thrown = true;
        return PagePromise.reject(error);
      };
      return iteratorOf(next, () => {
        thrown = true;
        return finished();
      });
    };
    return (...args) => {
      let signal;
      if (args.length === arity + 1) {
        const options = args.pop();
        if (options !== undefined) {
          if (options === null || typeof options !== "object" || isArray(options)) {
            return failing(new PageTypeError(`${label}'s last argument, after its declared ones, must be { signal? }`));
          }
          for (const key of keys(options)) {
            if (key !== "signal") {
              return failing(new PageTypeError(`${label}'s options take signal, not ${JSON.stringify(key)}`));
            }
          }
          signal = options.signal;
          if (signal !== undefined && (AbortSignalCtor === undefined || !(signal instanceof AbortSignalCtor))) {
            return failing(new PageTypeError(`${label}: options.signal must be an AbortSignal`));
          }
        }
      }
      if (signal !== undefined && apply(abortedOf, signal, [])) {
        // Nothing is opened for a signal that has already aborted.
        return iteratorOf(finished, finished);
      }
      const raw = apply(fn, undefined, args);
      const rawNext = raw.next;
      const rawReturn = raw.return;
      // The preload's `take()`: every ready item in one crossing, handed out here one by one.
      const rawTake = typeof raw.take === "function" ? raw.take : undefined;
      let batch = [];
      let position = 0;
      let done = false;
      let onAbort;
      const detach = () => {
        if (onAbort !== undefined) {
          apply(removeListener, signal, ["abort", onAbort]);
          onAbort = undefined;
        }
      };
      const end = () => {
        if (!done) {
          done = true;
          // What the batch still held is dropped, like what the preload still queued.
          batch = [];
          detach();
          apply(rawReturn, undefined, []);
        }
        return finished();
      };
      if (signal !== undefined) {
        onAbort = () => end();
        apply(addListener, signal, ["abort", onAbort, { once: true }]);
      }
      // The stream ended with this error: later calls find it done.
      const failed = (error) => {
        done = true;
        detach();
        throw error;
      };
      const nextOne = () =>
        PagePromise.resolve(apply(rawNext, undefined, [])).then((result) => {
          if (result.done) {
            done = true;
            detach();
          }
          return result;
        }, failed);
      const nextOfBatch = () => {
        if (position < batch.length) {
          const value = batch[position];
          batch[position] = undefined;
          position += 1;
          return PagePromise.resolve(freeze({ done: false, value }));
        }
        return PagePromise.resolve(apply(rawTake, undefined, [])).then((taken) => {
          if (done) {
            // Returned while the batch was on its way.
            return freeze({ done: true, value: undefined });
          }
          if (taken.done) {
            done = true;
            detach();
            return freeze({ done: true, value: undefined });
          }
          if (!isArray(taken.values) || taken.values.length === 0) {
            return end();
          }
          batch = taken.values;
          position = 1;
          return freeze({ done: false, value: batch[0] });
        }, failed);
      };
      const next = () => {
        if (done) {
          return finished();
        }
        return rawTake === undefined ? nextOne() : nextOfBatch();
      };
      return iteratorOf(next, end);
    };
  }

  // The wrappers, by kind: `(rawFunction, member) => pageFunction`.
  const kinds = {
    invoke,
    send: passThrough,
    sync: passThrough,
    event: passThrough,
    // A state's store lives here, in the page: its snapshot is one object of the page until the value changes.
    state: (fn, member) => createStateStore(fn, member.label),
    // A stream's async iterator lives here, in the page: symbols do not cross contextBridge.
    stream,
    // A relay's sender: `{ to(role, ...payload) }`, its raw object's `to` (docs/wire.md, "Window-to-window messages").
    relay: (target) => ({ to: target.to }),
    // A relay request's `answerX(answerer)`: the answerer is called from the preload through the bridge.
    answer: passThrough,
  };

  // --- ipc-codegen copies the page's incoming streams from here (for schemas with incoming parameters) ---
  // ipc-codegen puts feedIncoming here, from the part of this file it marks: it reads the page's source in the page's world.

  /**
   * A method that takes a stream from the page (an `Incoming<T>` parameter,
   * the `index`th of its `arity` declared ones): the page's source (an
   * AsyncIterable, an Iterable or a ReadableStream) stays here, in the
   * page, where `feedIncoming` reads it into the writer that the preload's
   * raw function answers, within main's credit; the other arguments cross
   * as usual. One argument beyond the declared ones is `{ signal? }`: when
   * it aborts, the stream is cancelled and main drops the Rust method (with
   * a signal that has already aborted, feedIncoming cancels at once: no
   * item is sent, and the call rejects with ERR_CANCELLED).
   * Answers the method's promise (`answer: "once"`), or, both ways
   * (`answer: "stream"`), the page's async iterator of what it streams back.
   */
  function incoming(fn, { arity, index, label, answer }) {
    const isSource = (source) =>
      source !== null &&
      typeof source === "object" &&
      (typeof source.getReader === "function" ||
        typeof source[Symbol.asyncIterator] === "function" ||
        typeof source[Symbol.iterator] === "function");
    const notASource = () =>
      new PageTypeError(
        `${label}'s argument ${index + 1} must be an AsyncIterable, an Iterable or a ReadableStream of its items`,
      );
    // The page's source leaves `args`: what crosses to the preload is the rest.
    const takeSource = (args) => {
      const source = args[index];
      args.splice(index, 1);
      return source;
    };
    const feed = (source, writer, signal) => {
      // feedIncoming settles once the source was read or dropped; how the method ended is the writer's answer.
      feedIncoming(source, writer, signal).then(undefined, () => {});
      return writer;
    };

    if (answer === "stream") {
      // Both ways: the stream wrapper builds the iterator and keeps the signal; closing it cancels the upload too.
      let pending;
      const open = stream(
        (...rest) => {
          const source = pending;
          pending = undefined;
          return feed(source, apply(fn, undefined, rest), undefined);
        },
        { arity: arity - 1, label },
      );
      return (...args) => {
        if (!isSource(args[index])) {
          // An iterator whose first `next()` rejects, as a stream's bad options do.
          let thrown = false;
          const failed = {
            next() {
              if (thrown) {
                return finished();
              }
              thrown = true;
              return PagePromise.reject(notASource());
            },
            return() {
              thrown = true;
              return finished();
            },
            [Symbol.asyncIterator]: () => failed,
          };
          return failed;
        }
        pending = takeSource(args);
        try {
          return apply(open, undefined, args);
        } finally {
          // A signal that has already aborted opens nothing, and reads nothing.
          pending = undefined;
        }
      };
    }

    return (...args) => {
      let signal;
      if (args.length === arity + 1) {
        const options = args.pop();
        if (options !== undefined) {
          if (options === null || typeof options !== "object" || isArray(options)) {
            return PagePromise.reject(
              new PageTypeError(`${label}'s last argument, after its declared ones, must be { signal? }`),
            );
          }
          for (const key of keys(options)) {
            if (key !== "signal") {
              return PagePromise.reject(
                new PageTypeError(`${label}'s options take signal, not ${JSON.stringify(key)}`),
              );
            }
          }
          signal = options.signal;
          if (signal !== undefined && (AbortSignalCtor === undefined || !(signal instanceof AbortSignalCtor))) {
            return PagePromise.reject(new PageTypeError(`${label}: options.signal must be an AbortSignal`));
          }
        }
      }
      if (!isSource(args[index])) {
        return PagePromise.reject(notASource());
      }
      const source = takeSource(args);
      // The preload checks the other arguments' count (ERR_BAD_ARGUMENTS), as for any call.
      const writer = apply(fn, undefined, args);
      feed(source, writer, signal);
      return PagePromise.resolve(apply(writer.answer, undefined, []));
    };
  }
  kinds.incoming = incoming;
  // --- ipc-codegen copies the page's incoming streams up to here ---

  if (namespace in globalThis) {
    throw new Error(`Cannot bind an API on top of an existing property on the window object: ${namespace}`);
  }
  const api = {};
  for (const name of keys(members)) {
    const member = members[name];
    if (member.capability !== undefined && raw[name] === undefined) {
      // A member that needs a capability this window was not granted.
      continue;
    }
    const wrap = hasOwn(kinds, member.kind) ? kinds[member.kind] : undefined;
    const rawType = member.kind === "relay" ? typeof raw[name]?.to : typeof raw[name];
    if (wrap === undefined || rawType !== "function") {
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

// --- ipc-codegen copies the state helpers from here (for schemas with a state) ---

// Shared state, the preload's half (docs/wire.md, "State").

/**
 * The raw function of each state of one service, bound to `ipcRenderer`.
 * The store the page uses (`subscribe`, `getSnapshot`) is built from it in
 * the page's world by `createStateStore`, so that its snapshot is one
 * object of the page until the value changes.
 */
function connectStates(ipcRenderer) {
  /**
   * The raw function of the state on `channel`:
   *
   * - `raw("follow", onVersion, onError)` follows the state: `onVersion(version, value)`
   *   gets the latest version, then each newer one (updates that arrive in one
   *   task come as one); `onError(error)` an IpcError when main refuses. Returns
   *   the function that stops this follower. The preload keeps one
   *   `ipcRenderer` listener and one subscription in main per state while it
   *   has followers, and none once the last one leaves.
   * - `raw("readSync")` answers `{ ok: true, value: { version, value } }` or
   *   `{ ok: false, error }` at once: from the followed value when there is
   *   one, else with a blocking `ipcRenderer.sendSync` round trip to main.
   */
  function state(channel, method) {
    const followers = new Set();
    let latest;
    let listening = false;
    let notifying = false;

    const deliver = () => {
      notifying = false;
      if (latest === undefined) {
        return;
      }
      const { version, value } = latest;
      for (const follower of [...followers]) {
        if (followers.has(follower) && follower.version < version) {
          follower.version = version;
          follower.onVersion(version, value);
        }
      }
    };
    // The newest version wins; one delivery per task however many came.
    const accept = (version, value) => {
      if (!Number.isSafeInteger(version) || (latest !== undefined && version <= latest.version)) {
        return;
      }
      latest = { version, value };
      if (!notifying) {
        notifying = true;
        queueMicrotask(deliver);
      }
    };
    const onMessage = (_event, version, value) => accept(version, value);
    const fail = (error) => {
      for (const follower of [...followers]) {
        try {
          follower.onError?.(error);
        } catch (thrown) {
          console.error(`${method} error listener threw:`, thrown);
        }
      }
    };

    const start = () => {
      listening = true;
      ipcRenderer.on(channel, onMessage);
      new Promise((resolve) => resolve(ipcRenderer.invoke(channel)))
        .then(
          (envelope) => unwrap(envelope, method, channel),
          (error) => {
            throw ipcError("ERR_TRANSPORT", `${method} did not reach main: ${messageOf(error)}`, undefined, channel);
          },
        )
        .then(
          (read) => {
            if (listening) {
              accept(read?.version, read?.value);
            }
          },
          (error) => {
            if (listening) {
              // Main did not add this page as a follower: the next follower reads again.
              listening = false;
              ipcRenderer.removeListener(channel, onMessage);
              fail(error);
            }
          },
        );
    };
    const stop = () => {
      listening = false;
      ipcRenderer.removeListener(channel, onMessage);
      ipcRenderer.send(channel, "unfollow");
      // Main no longer sends versions: the next follower reads afresh.
      latest = undefined;
    };

    const follow = (onVersion, onError) => {
      if (typeof onVersion !== "function" || (onError !== undefined && typeof onError !== "function")) {
        throw new TypeError(`${method}: follow takes a function (version, value) and an optional error function`);
      }
      const follower = { onVersion, onError, version: 0 };
      followers.add(follower);
      if (!listening) {
        start();
      } else if (latest !== undefined && !notifying) {
        notifying = true;
        queueMicrotask(deliver);
      }
      return () => {
        if (followers.delete(follower) && followers.size === 0 && listening) {
          stop();
        }
      };
    };

    const readSync = () => {
      if (latest !== undefined) {
        return Object.freeze({ ok: true, value: Object.freeze({ version: latest.version, value: latest.value }) });
      }
      let envelope;
      try {
        envelope = ipcRenderer.sendSync(channel, "follow");
      } catch (error) {
        const message = `${method} did not reach main: ${messageOf(error)}`;
        return Object.freeze({ ok: false, error: ipcError("ERR_TRANSPORT", message, undefined, channel) });
      }
      let read;
      try {
        read = unwrap(envelope, method, channel);
      } catch (error) {
        return Object.freeze({ ok: false, error });
      }
      if (listening) {
        accept(read?.version, read?.value);
      } else {
        // Read once: main need not keep sending versions to a page that does not follow.
        ipcRenderer.send(channel, "unfollow");
      }
      return Object.freeze({ ok: true, value: Object.freeze({ version: read?.version, value: read?.value }) });
    };

    return (operation, ...args) => {
      if (operation === "follow") {
        return follow(...args);
      }
      if (operation === "readSync") {
        return readSync();
      }
      throw new TypeError(`${method}: unknown operation ${String(operation)}`);
    };
  }

  return { state };
}

// --- ipc-codegen copies the state helpers up to here ---

// --- streams: copied after the part above, only for a schema with stream channels ---

// Streams (docs/wire.md, "Streams"): the preload keeps each stream's
// MessagePort, which cannot cross contextBridge, and hands the page an
// iterator made of plain functions, which can.

/** The channel on which main posts each stream's port. */
const STREAM_CHANNEL = "ipc:stream";

/**
 * What the page may hold unread when main's answer names no window (a main
 * runtime older than `registerIpc({ streams })`): main pulls from Rust only
 * within the window.
 */
const DEFAULT_STREAM_WINDOW = Object.freeze({ items: 16, bytes: 1024 * 1024 });

/**
 * The window main chose (`registerIpc({ streams: { windowItems, windowBytes } })`),
 * from the opening invoke's answer: `{ items, bytes }` of positive safe
 * integers, or `undefined` for a main that sends none. Anything else is
 * `null`: the stream fails rather than wait on a credit that never comes.
 */
function readStreamWindow(streamWindow) {
  if (streamWindow === undefined) {
    return DEFAULT_STREAM_WINDOW;
  }
  const positive = (n) => Number.isSafeInteger(n) && n > 0;
  return streamWindow !== null &&
    typeof streamWindow === "object" &&
    positive(streamWindow.items) &&
    positive(streamWindow.bytes)
    ? Object.freeze({ items: streamWindow.items, bytes: streamWindow.bytes })
    : null;
}

/** The error of a stream whose answer named a window that is not `{ items, bytes }`. */
function badWindow(method, channel) {
  return ipcError(
    "ERR_BAD_RESPONSE",
    `${method}: the main process answered a stream window that is not { items, bytes } of positive integers`,
    undefined,
    channel,
  );
}

/**
 * Whether the page read half of its window since it last gave credit back,
 * in items or in bytes: main stops at whichever runs out first, so waiting
 * for half the items alone would stall a stream of large chunks for good.
 */
function halfWindowRead(unacknowledged, streamWindow) {
  return unacknowledged.items * 2 >= streamWindow.items || unacknowledged.bytes * 2 >= streamWindow.bytes;
}

/**
 * Queues the items of main's `item` message (one item, `v` and its size
 * `n`) or `items` message (a batch: the values in `v`, their sizes in `n`,
 * in order); false for any other message.
 */
function queueItems(queue, data) {
  const size = (n) => (Number.isSafeInteger(n) ? n : 0);
  if (data.t === "item") {
    queue.push({ value: data.v, size: size(data.n) });
    return true;
  }
  if (data.t === "items" && Array.isArray(data.v)) {
    const sizes = Array.isArray(data.n) ? data.n : [];
    for (let i = 0; i < data.v.length; i++) {
      queue.push({ value: data.v[i], size: size(sizes[i]) });
    }
    return true;
  }
  return false;
}

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
    let streamWindow = DEFAULT_STREAM_WINDOW;
    let unacknowledged = { items: 0, bytes: 0 };

    // A pending `next()` (one item) or `take()` (every queued item, `all`).
    const settle = () => {
      if (reader === null) {
        return;
      }
      const { resolve, reject, all } = reader;
      if (queue.length > 0) {
        reader = null;
        resolve(all ? takeAll() : take());
      } else if (failed !== null) {
        reader = null;
        reject(failed);
      } else if (ended) {
        reader = null;
        resolve(Object.freeze(all ? { done: true, values: [] } : { done: true, value: undefined }));
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
    // Counts an item as read; credit goes back to main once half the window was read.
    const acknowledge = (size) => {
      unacknowledged.items += 1;
      unacknowledged.bytes += size;
      if (!ended && halfWindowRead(unacknowledged, streamWindow)) {
        port.postMessage({ t: "credit", ...unacknowledged });
        unacknowledged = { items: 0, bytes: 0 };
      }
    };
    // One item for the page.
    const take = () => {
      const { value, size } = queue.shift();
      acknowledge(size);
      return Object.freeze({ done: false, value });
    };
    // Every queued item for the page, in order: one contextBridge crossing for all of them.
    const takeAll = () => {
      const values = [];
      for (const { value, size } of queue.splice(0)) {
        values.push(value);
        acknowledge(size);
      }
      return Object.freeze({ done: false, values });
    };
    const waitFor = (all) =>
      new Promise((resolve, reject) => {
        if (reader !== null) {
          reject(
            ipcError("ERR_BAD_ARGUMENTS", `${method}: next() while another next() is pending`, undefined, channel),
          );
          return;
        }
        reader = { resolve, reject, all };
        settle();
      });
    const receive = (data) => {
      if (ended || data === null || typeof data !== "object") {
        return;
      }
      if (queueItems(queue, data)) {
        // Queued for the reader.
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
          const chosen = readStreamWindow(value.window);
          if (chosen === null) {
            finish(badWindow(method, channel));
            return;
          }
          streamWindow = chosen;
          received.onmessage = (event) => receive(event.data);
          // Main closes after `end` or `error`, which come first; a close without them is a lost main side.
          received.addEventListener("close", () =>
            finish(
              ipcError("ERR_TRANSPORT", `${method}: the stream was closed by the main process`, undefined, channel),
            ),
          );
          received.postMessage({ t: "credit", ...streamWindow });
        }),
      (error) => finish(error),
    );

    return Object.freeze({
      next() {
        return waitFor(false);
      },
      /**
       * Every item ready, at least one: resolves `{ done: false, values }`,
       * or `{ done: true, values: [] }` at the end, or rejects as `next()`
       * does. The page-realm adapter reads with it: one contextBridge
       * crossing per batch rather than per item.
       */
      take() {
        return waitFor(true);
      },
      return() {
        queue.length = 0;
        finish(null);
        return Promise.resolve(Object.freeze({ done: true, value: undefined }));
      },
    });
  }

  return {
    stream,
    send: (channel, method, params, args) =>
      openSending({ ipcRenderer, listen, portOf }, channel, method, params, args),
  };
}

// Streams from the page to main (docs/wire.md, "From the page to main"):
// the page's items go on the same port, each within the credit main grants.

/**
 * Weighs an item as main weighs its copy (main-runtime.cjs, `itemWeight`):
 * a string its length, a Uint8Array its bytes, a number, boolean or null 8,
 * an array or object 2 plus its members (and keys). Stops counting past
 * `MAX_ITEM_DEPTH`: main refuses such an item anyway.
 */
function itemWeight(value, depth = 0) {
  if (typeof value === "string") {
    return value.length + 2;
  }
  if (value === null || typeof value !== "object" || depth > 128) {
    return 8;
  }
  if (ArrayBuffer.isView(value)) {
    return value.byteLength + 2;
  }
  let weight = 2;
  if (Array.isArray(value)) {
    for (const member of value) {
      weight += itemWeight(member, depth + 1) + 1;
    }
    return weight;
  }
  for (const key of Object.keys(value)) {
    weight += key.length + 3 + itemWeight(value[key], depth + 1);
  }
  return weight;
}

/**
 * Opens a channel whose method takes an `Incoming` (the page's stream
 * already left out of `args`): answers at once a writer of plain functions,
 * which contextBridge carries. `write(value)` resolves once the item is
 * posted (at once while credit lasts, else when main grants more) and
 * rejects once the stream failed or was cancelled; `end()` ends the
 * page's stream after the items written; `abort()` cancels: the port
 * closes, main drops the Rust method, and what the page awaits rejects
 * with `ERR_CANCELLED`. The method's side is `answer()` (a method answered
 * once) or `next()`/`return()` (a method that answers a stream).
 */
function openSending({ ipcRenderer, listen, portOf }, channel, method, params, args) {
  listen();
  const credit = { items: 0, bytes: 0 };
  const writes = [];
  const queue = [];
  let reader = null;
  let port = null;
  let ended = false;
  let failed = null;
  let ending = false;
  let sentEnd = false;
  let streamWindow = DEFAULT_STREAM_WINDOW;
  let unacknowledged = { items: 0, bytes: 0 };

  const cancelled = () => ipcError("ERR_CANCELLED", `${method}: the page cancelled the stream`, undefined, channel);
  const settle = () => {
    if (reader === null) {
      return;
    }
    const { resolve, reject } = reader;
    if (queue.length > 0) {
      reader = null;
      const { value, size } = queue.shift();
      unacknowledged.items += 1;
      unacknowledged.bytes += size;
      if (!ended && halfWindowRead(unacknowledged, streamWindow)) {
        port.postMessage({ t: "credit", ...unacknowledged });
        unacknowledged = { items: 0, bytes: 0 };
      }
      resolve(Object.freeze({ done: false, value }));
    } else if (failed !== null) {
      reader = null;
      reject(failed);
    } else if (ended) {
      reader = null;
      resolve(Object.freeze({ done: true, value: undefined }));
    }
  };
  const stopWrites = () => {
    for (const write of writes.splice(0)) {
      write.reject(
        failed ?? ipcError("ERR_CANCELLED", `${method}: the stream ended before this item went`, undefined, channel),
      );
    }
  };
  // Main closes after `end` or `error`, which come first; a close without them is a lost main side.
  const finish = (error) => {
    if (ended) {
      return;
    }
    ended = true;
    failed = error;
    port?.close();
    stopWrites();
    settle();
  };
  // Posts what the credit allows, several items as one `pushes` message;
  // the end goes once every write went.
  const flush = () => {
    if (port === null || ended) {
      return;
    }
    const values = [];
    const posted = [];
    while (writes.length > 0 && credit.items > 0 && credit.bytes > 0) {
      const { value, resolve } = writes.shift();
      credit.items -= 1;
      credit.bytes -= itemWeight(value);
      values.push(value);
      posted.push(resolve);
    }
    if (values.length === 1) {
      port.postMessage({ t: "push", v: values[0] });
    } else if (values.length > 1) {
      port.postMessage({ t: "pushes", v: values });
    }
    for (const resolve of posted) {
      resolve();
    }
    if (ending && !sentEnd && writes.length === 0) {
      sentEnd = true;
      port.postMessage({ t: "done" });
    }
  };
  // How many more items would be posted at once: what the page may gather for its next write.
  const room = () => (credit.bytes > 0 ? Math.max(0, credit.items - writes.length) : 0);
  const receive = (data) => {
    if (ended || data === null || typeof data !== "object") {
      return;
    }
    if (data.t === "grant") {
      credit.items += Number.isSafeInteger(data.items) ? data.items : 0;
      credit.bytes += Number.isSafeInteger(data.bytes) ? data.bytes : 0;
      flush();
      return;
    }
    if (queueItems(queue, data)) {
      // Queued for the reader.
    } else if (data.t === "end") {
      ended = true;
      stopWrites();
    } else if (data.t === "error") {
      const { code, message, data: detail } = data.error ?? {};
      finish(ipcError(code, message, detail, channel));
      return;
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
        if (ended) {
          received.close();
          return;
        }
        const chosen = readStreamWindow(value.window);
        if (chosen === null) {
          received.close();
          finish(badWindow(method, channel));
          return;
        }
        streamWindow = chosen;
        // The window: what the page may send before main grants more.
        credit.items = Number.isSafeInteger(value.incoming?.items) ? value.incoming.items : 0;
        credit.bytes = Number.isSafeInteger(value.incoming?.bytes) ? value.incoming.bytes : 0;
        port = received;
        received.onmessage = (event) => receive(event.data);
        received.addEventListener("close", () =>
          finish(ipcError("ERR_TRANSPORT", `${method}: the stream was closed by the main process`, undefined, channel)),
        );
        received.postMessage({ t: "credit", ...streamWindow });
        flush();
      }),
    (error) => finish(error),
  );

  const next = () =>
    new Promise((resolve, reject) => {
      if (reader !== null) {
        reject(ipcError("ERR_BAD_ARGUMENTS", `${method}: next() while another next() is pending`, undefined, channel));
        return;
      }
      reader = { resolve, reject };
      settle();
    });
  const abort = () => {
    if (ended) {
      return;
    }
    if (port !== null) {
      port.postMessage({ t: "abort" });
    }
    queue.length = 0;
    finish(cancelled());
  };
  const enqueue = (values, resolve, reject) => {
    if (ended || ending) {
      reject(failed ?? ipcError("ERR_BAD_ARGUMENTS", `${method}: write() after the end`, undefined, channel));
      return;
    }
    let left = values.length;
    const posted = () => {
      left -= 1;
      if (left === 0) {
        resolve(room());
      }
    };
    for (const value of values) {
      writes.push({ value, resolve: posted, reject });
    }
    flush();
  };
  return Object.freeze({
    write(value) {
      return new Promise((resolve, reject) => enqueue([value], () => resolve(), reject));
    },
    /**
     * Writes `values` in order, as one port message while the credit
     * lasts; resolves once all were posted with how many more items would
     * go at once (the page gathers that many for its next call, so what it
     * holds stays within the window), and rejects as `write` does.
     */
    writeMany(values) {
      return new Promise((resolve, reject) => {
        if (!Array.isArray(values) || values.length === 0) {
          reject(ipcError("ERR_BAD_ARGUMENTS", `${method}: writeMany() takes a non-empty array`, undefined, channel));
          return;
        }
        enqueue(values, resolve, reject);
      });
    },
    end() {
      if (!ended && !ending) {
        ending = true;
        flush();
      }
    },
    abort,
    /** The one answer of a method answered once. */
    answer() {
      return next().then((step) => {
        if (step.done) {
          throw ipcError("ERR_BAD_RESPONSE", `${method}: the stream ended without an answer`, undefined, channel);
        }
        return step.value;
      });
    },
    next,
    return() {
      abort();
      return Promise.resolve(Object.freeze({ done: true, value: undefined }));
    },
  });
}

// --- streams: up to here ---

// --- incoming: the page's feed, which ipc-codegen puts in the page-realm adapter (for schemas with incoming parameters) ---

/**
 * Page-realm code (it runs where the page's iterables live, like
 * `installPageApi`): reads `source`, an `AsyncIterable`, an `Iterable` or a
 * `ReadableStream`, into `writer` (what `openSending` answers), within the
 * credit, then ends it. An aborted `signal`, or a source that throws,
 * cancels the stream. Answers a promise that settles when the source was
 * read or dropped.
 */
async function feedIncoming(source, writer, signal) {
  let iterator;
  // A synchronous source gives its items at once: they cross to the preload in batches.
  let synchronous = false;
  if (source !== null && typeof source === "object" && typeof source.getReader === "function") {
    const streamReader = source.getReader();
    iterator = {
      next: () => streamReader.read(),
      return: () => streamReader.cancel(),
    };
  } else if (source !== null && source !== undefined && typeof source[Symbol.asyncIterator] === "function") {
    iterator = source[Symbol.asyncIterator]();
  } else if (source !== null && source !== undefined && typeof source[Symbol.iterator] === "function") {
    iterator = source[Symbol.iterator]();
    synchronous = true;
  } else {
    writer.abort();
    throw new TypeError("the stream to send must be an AsyncIterable, an Iterable or a ReadableStream");
  }
  const onAbort = () => writer.abort();
  if (signal?.aborted) {
    writer.abort();
    return;
  }
  signal?.addEventListener("abort", onAbort, { once: true });
  // A writer without writeMany (an older preload) takes one item per call.
  const batched = typeof writer.writeMany === "function";
  try {
    // How many items the preload would post at once: a batch gathers that
    // many (at least one), so the page holds no more than the window.
    let room = 1;
    for (let done = false; !done; ) {
      const values = [];
      while (values.length < Math.max(1, room)) {
        const step = synchronous ? iterator.next() : await iterator.next();
        if (step.done || signal?.aborted) {
          done = true;
          break;
        }
        values.push(step.value);
        if (!synchronous || !batched) {
          // An asynchronous source's next item may be long in coming: what is here goes now.
          break;
        }
      }
      if (values.length > 0) {
        if (batched) {
          const left = await writer.writeMany(values);
          room = Number.isSafeInteger(left) ? left : 1;
        } else {
          await writer.write(values[0]);
        }
      }
    }
    if (!signal?.aborted) {
      writer.end();
    }
  } catch {
    // The source threw, or the stream failed (then abort does nothing).
    writer.abort();
    try {
      await iterator.return?.();
    } catch {
      // The source's own clean-up failed: nothing more to cancel.
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

// --- incoming: up to here ---

module.exports = {
  ipcError,
  arityMessage,
  messageOf,
  unwrap,
  connect,
  readCallOptions,
  connectStates,
  connectStreams,
  itemWeight,
  feedIncoming,
  installPageApi,
  exposeService,
};
