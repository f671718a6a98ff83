"use strict";
// The main-process runtime of the generated glue. `ipc-codegen generate`
// copies this file, unchanged below its header, into every output folder as
// main-runtime.cjs, next to the main.cjs and main.mjs that call it; it is
// regenerated with them, so an app never runs glue and runtime of two
// versions. It imports nothing, not even a Node.js module (a bundler that
// writes an ES module cannot keep a CommonJS file's `require`): the
// generated files hand it the schema's channel table and Electron's
// ipcMain, webContents and webFrameMain, which lets the CommonJS and the
// ES-module glue share it.
//
// What it does (docs/wire.md): serves exactly the table's invoke and send
// channels, checks the sender of every message, converts arguments strictly
// to JSON for the Rust backend, routes the channels of services implemented
// in main-process JavaScript to their handlers, and delivers events.

/** Default size limit of one call's arguments as JSON, in bytes. */
const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** Default limit of the bytes of one call's Uint8Arrays, which travel beside the JSON. */
const DEFAULT_MAX_BINARY_BYTES = 64 * 1024 * 1024;

/**
 * The one key of the placeholder `{ "$ipcBytes": n }` that stands in the
 * JSON for buffer `n` of a call or an answer (docs/wire.md, "Bytes"). An
 * object of the page with this key is refused, so the page cannot forge one.
 */
const BYTES_KEY = "$ipcBytes";

/**
 * The one key of the placeholder `{ "$ipcBigInt": "<decimal>" }` that
 * stands in an answer or event of a schema with the `bigint` policy for a
 * 64-bit integer, revived as a BigInt (docs/wire.md, "64-bit integers").
 * Under that policy an object of the page with this key is refused too.
 */
const BIGINT_KEY = "$ipcBigInt";

/** The decimal text a bigint placeholder holds. */
const BIGINT_DIGITS = /^-?(?:0|[1-9][0-9]*)$/;

/** The shortest placeholder's text, `{"$ipcBytes":0}`. */
const PLACEHOLDER_LENGTH = BYTES_KEY.length + 6;

/** Deepest nesting of an argument. */
const MAX_DEPTH = 128;

/** The webPreferences the preload relies on; secureWebPreferences refuses to weaken them. */
const LOCKED_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
});

/**
 * An absolute path on this platform, as node:path's `isAbsolute` decides:
 * on Windows a leading separator or a drive letter, a colon and a
 * separator; elsewhere a leading `/`.
 */
const ABSOLUTE_PATH = process.platform === "win32" ? /^(?:[A-Za-z]:)?[\\/]/ : /^\//;

/** A URL of the `about:` scheme, in any case (`about:blank`, `ABOUT:srcdoc`). */
const ABOUT_URL = /^about:/i;

/** Channel kinds of the table. */
const KINDS = new Set(["invoke", "sendSync", "send", "event", "state", "stream", "relay"]);

/**
 * The main-process API of one generated folder: `CHANNELS` and
 * `registerIpc`, bound to `contract` (the channel table of main.cjs or
 * main.mjs) and to `electron`'s `ipcMain`, `webContents` and `webFrameMain`.
 * Every call makes an API of its own, with its own registrations.
 */
function createMainIpc(contract, electron) {
  const table = readContract(contract, electron);
  /** The `dispose` of the live registration of each IPC target (ipcMain or a webContents.ipc). */
  const registrations = new WeakMap();
  /** The sink each backend was last given, so an old registration never disconnects a newer one. */
  const sinks = new WeakMap();

  /**
   * Serves the schema's invoke and send channels on `options.ipc` (ipcMain by
   * default) and connects the backend's events. Registering again on the same
   * target replaces the previous registration. Returns the registration: a
   * function that removes everything this call added (also as `.dispose`),
   * with `.events`, the emitters of the main-process services' events.
   */
  function registerIpc(options) {
    const settings = readOptions(table, options);
    const { ipc, backend } = settings;
    registrations.get(ipc)?.();

    const undo = [];
    let disposed = false;
    // Runs last: the lifecycle watches that the steps below left (see "Lifecycle" below).
    undo.push(() => stopWatches(settings));
    const states = createStateHub(settings, undo);
    const dispose = () => {
      if (disposed) {
        return;
      }
      disposed = true;
      for (const step of undo.reverse()) {
        step();
      }
      if (registrations.get(ipc) === dispose) {
        registrations.delete(ipc);
      }
    };

    try {
      // The handshake with the backend (docs/wire.md): once, here, so a call pays nothing for it.
      const stale = checkBackendSchemas(settings);
      // The channels of a schema with the `bigint` policy convert BigInts (docs/wire.md, "64-bit integers").
      const bigintSettings = Object.freeze({ ...settings, bigint: true });
      for (const { channel, kind, service } of table.channels) {
        const mismatch = stale.get(service);
        if (mismatch !== undefined) {
          serveStale(settings, channel, kind, mismatch, undo);
          continue;
        }
        const served = table.bigintServices.has(service) ? bigintSettings : settings;
        // With no `trace`, the handlers are the plain ones: tracing costs nothing when off.
        if (kind === "invoke") {
          ipc.handle(
            channel,
            served.trace === undefined
              ? (event, ...args) => handleInvoke(served, channel, event, args)
              : (event, ...args) => traceInvoke(served, channel, event, args),
          );
          undo.push(() => ipc.removeHandler(channel));
        } else if (kind === "sendSync") {
          // Every path sets `returnValue`: a page left without one stays blocked.
          const listener =
            served.trace === undefined
              ? (event, ...args) => {
                  event.returnValue = handleSendSync(served, channel, event, args);
                }
              : (event, ...args) => {
                  event.returnValue = traceSendSync(served, channel, event, args);
                };
          ipc.on(channel, listener);
          undo.push(() => ipc.removeListener(channel, listener));
        } else if (kind === "stream") {
          ipc.handle(channel, (event, ...args) => openStream(served, channel, event, args));
          undo.push(() => ipc.removeHandler(channel));
        } else if (kind === "send") {
          const listener =
            served.trace === undefined
              ? (event, ...args) => {
                  handleSend(served, channel, event, args);
                }
              : (event, ...args) => {
                  traceSend(served, channel, event, args);
                };
          ipc.on(channel, listener);
          undo.push(() => ipc.removeListener(channel, listener));
        } else if (kind === "state") {
          serveState(states, channel, undo);
        } else if (kind === "relay") {
          serveRelay(served, channel, table.requests.has(channel), undo);
        }
      }
      serveCancellation(settings, undo);
      undo.push(() => releaseSenderHandles(settings.senderHandles));
      // Open streams end with the registration: their ports close, their Rust producers drop.
      undo.push(() => {
        for (const close of [...settings.streams]) close();
      });
      if (table.required.size > 0) {
        serveGrants(settings, undo);
      }
      if (table.relays) {
        serveRelayAnswers(settings, undo);
      }
      servePreloadHandshake(settings, stale, undo);
      if (typeof backend.setEventSink === "function") {
        const deliver =
          settings.trace === undefined
            ? (channel, argsJson, target, buffers, bigints) =>
                deliverEvent(settings, channel, argsJson, target, buffers, bigints)
            : (channel, argsJson, target, buffers, bigints) =>
                traceEvent(settings, channel, argsJson, target, buffers, bigints);
        // A state's new version goes to the frames that follow it, at the end of the tick.
        const sink = (channel, argsJson, target, buffers, bigints) =>
          table.stateChannels.has(channel)
            ? receiveState(states, channel, argsJson, buffers, bigints)
            : deliver(channel, argsJson, target, buffers, bigints);
        backend.setEventSink(sink);
        sinks.set(backend, sink);
        undo.push(() => {
          if (sinks.get(backend) === sink) {
            sinks.delete(backend);
            backend.setEventSink(null);
          }
        });
      }
    } catch (error) {
      dispose();
      throw error;
    }
    registrations.set(ipc, dispose);
    dispose.dispose = dispose;
    dispose.events = mainEvents(settings, () => disposed);
    dispose.inFlightCalls = () => inFlightCount(settings);
    dispose.openStreams = () => ({ open: settings.streams.size, gated: watchedStreamCount(settings) });
    dispose.states = mainStates(states);
    dispose.grant = (target, capabilities, grantOptions) => grant(settings, target, capabilities, grantOptions);
    dispose.revoke = (target, capabilities) => revoke(settings, target, capabilities);
    dispose.registerWindow = (target, role) => registerWindow(settings, target, role);
    dispose.unregisterWindow = (target) => unregisterWindow(settings, target);
    return Object.freeze(dispose);
  }

  return Object.freeze({ CHANNELS: table.exported, registerIpc });
}

/**
 * What the runtime needs of the channel table, checked once: the channels,
 * the frozen `CHANNELS` the glue exports (`{ channel, kind, service, name }`
 * each), the event channels, the channels answered by `options.handlers`
 * and the events `registerIpc(…).events` emits, with Electron's objects.
 */
function readContract(contract, electron) {
  if (!Array.isArray(contract?.channels)) {
    throw new TypeError("createMainIpc(contract, electron): `contract.channels` must be the generated channel table");
  }
  const { ipcMain, webContents, webFrameMain, MessageChannelMain } = electron ?? {};
  const channels = [];
  const handled = new Map();
  const events = new Map();
  const stateChannels = new Map();
  const states = new Map();
  const required = new Map();
  const requests = new Set();
  for (const entry of contract.channels) {
    const { channel, kind, service, name, params = [], implementation = "rust", capabilities = [] } = entry;
    if (
      typeof channel !== "string" ||
      !KINDS.has(kind) ||
      typeof service !== "string" ||
      typeof name !== "string" ||
      !isCapabilityList(capabilities)
    ) {
      throw new TypeError(`createMainIpc: ${JSON.stringify(entry)} is not an entry of the generated channel table`);
    }
    channels.push(Object.freeze({ channel, kind, service, name }));
    if (capabilities.length > 0) {
      required.set(channel, Object.freeze([...capabilities]));
    }
    if (kind === "relay") {
      if (entry.request === true) {
        requests.add(channel);
      }
      continue;
    }
    if (kind === "state") {
      stateChannels.set(channel, { mainJs: implementation === "main-js" });
      if (implementation === "main-js") {
        if (!states.has(service)) {
          states.set(service, []);
        }
        states.get(service).push({ channel, name });
      }
      continue;
    }
    if (implementation !== "main-js") {
      continue;
    }
    if (kind === "event") {
      if (!events.has(service)) {
        events.set(service, []);
      }
      events.get(service).push({ channel, name, params: Object.freeze([...params]) });
    } else {
      handled.set(channel, {
        service,
        name,
        sync: kind === "sendSync",
        send: kind === "send",
        stream: kind === "stream",
      });
    }
  }
  const exported = Object.freeze(channels);
  const schemas = readSchemas(contract.schemas, channels);
  const bigintServices = new Set(schemas.filter((schema) => schema.bigint).flatMap((schema) => schema.namespaces));
  return Object.freeze({
    schemas,
    bigintServices,
    // Every channel of a service under the `bigint` policy, states and events included.
    bigintChannels: new Set(
      contract.channels.filter((entry) => bigintServices.has(entry.service)).map((entry) => entry.channel),
    ),
    channels: exported,
    exported,
    eventChannels: new Set(channels.filter((c) => c.kind === "event").map((c) => c.channel)),
    handled,
    events,
    stateChannels,
    states,
    required,
    relays: channels.some((c) => c.kind === "relay"),
    requests,
    ipcMain,
    webContents,
    webFrameMain,
    MessageChannelMain,
  });
}

/**
 * `registration.events`: for each main-process service with events, one
 * function per event, e.g. `events.counter.updateCounter(target, value)`.
 */
function mainEvents(settings, isDisposed) {
  const events = {};
  for (const [service, channels] of settings.table.events) {
    const emitters = {};
    for (const { channel, name, params } of channels) {
      const emit = (target, ...args) => emitFromMain(settings, isDisposed(), { channel, params }, target, args);
      emitters[name] = settings.trace === undefined ? emit : traceMainEvent(settings, channel, emit);
    }
    events[service] = Object.freeze(emitters);
  }
  return Object.freeze(events);
}

/**
 * Emits one event of a main-process service: the arguments are converted as
 * strictly as a call's, checked against the Rust types when the backend can
 * (`checkEvent`), and delivered like the backend's events, only to frames
 * that pass the sender checks. A mistake of the caller throws, and nothing is sent.
 */
function emitFromMain(settings, disposed, { channel, params }, target, args) {
  if (disposed) {
    throw new Error(`${channel}: this registration was disposed; emit through the current one`);
  }
  if (args.length !== params.length) {
    throw new TypeError(
      `${channel}: expects a target and ${params.length} argument(s) (${params.join(", ")}), got ${args.length}`,
    );
  }
  const bigint = settings.table.bigintChannels.has(channel);
  const encoded = encodeArgs(channel, args, bigint ? { ...settings, bigint } : settings);
  if (encoded.error !== undefined) {
    throw new TypeError(encoded.error.error.message);
  }
  const checked = checkEvent(settings.backend, channel, encoded.json, encoded.buffers, bigint) ?? encoded;
  const recipient = eventTarget(channel, target);
  if (recipient !== undefined) {
    deliverEvent(settings, channel, checked.json, recipient, checked.buffers, checked.bigints);
  }
}

/**
 * Has the backend decode an event's arguments with the Rust types, as it does
 * a call's (docs/wire.md, "Services implemented in main-process JavaScript").
 * A payload they refuse throws a TypeError with the envelope's `code`,
 * `message` and `data` (`data.path` locates the value at fault). A backend
 * without `checkEvent` (a plain test object) leaves the strict conversion
 * alone, except under the `bigint` policy (`bigint`), where only Rust knows
 * which numbers are 64-bit integers: there it answers the arguments Rust
 * encoded again, `{ json, buffers, bigints }`, to send instead.
 */
function checkEvent(backend, channel, argsJson, buffers, bigint = false) {
  if (typeof backend.checkEvent !== "function") {
    if (bigint) {
      throw new TypeError(
        `${channel}: under the bigint policy the backend must check events (checkEvent); nothing was sent`,
      );
    }
    return undefined;
  }
  const answer = backend.checkEvent(channel, argsJson, buffers);
  const envelope = parseEnvelope(answer);
  if (envelope === undefined || (bigint && envelope.ok && !Array.isArray(envelope.value))) {
    throw new TypeError(
      `${channel}: the backend's checkEvent answered with something that is not an envelope; nothing was sent`,
    );
  }
  if (envelope.ok) {
    return bigint ? recheckedParts(answer) : undefined;
  }
  const { code, message, data } = envelope.error;
  const error = new TypeError(`${channel}: the event does not match the Rust types, nothing was sent: ${message}`);
  error.code = code;
  error.channel = channel;
  if (data !== undefined) {
    error.data = data;
  }
  throw error;
}

/**
 * The event target of `"all"`, a WebContents or a WebFrameMain; `undefined`
 * for one that was destroyed (nobody is left to tell, as for Rust's events).
 */
function eventTarget(channel, target) {
  if (target === "all") {
    return { kind: "all" };
  }
  if (target !== null && typeof target === "object" && typeof target.isDestroyed === "function") {
    if (target.isDestroyed()) {
      return undefined;
    }
    if (Number.isInteger(target.routingId) && Number.isInteger(target.processId)) {
      return { kind: "frame", processId: target.processId, frameId: target.routingId };
    }
    if (Number.isInteger(target.id) && "mainFrame" in target) {
      return { kind: "webContents", id: target.id };
    }
  }
  throw new TypeError(`${channel}: the target must be "all", a WebContents or a WebFrameMain`);
}

/** The channel on which the handshake is reported to `onError`. */
const HANDSHAKE_CHANNEL = "ipc:handshake";

/**
 * The contract's `schemas` (`{ app, hash, namespaces, int64? }` each), checked. A
 * table of one schema without `namespaces` covers every service of the
 * channel table; a contract without `schemas` has nothing to check.
 */
function readSchemas(schemas, channels) {
  if (schemas === undefined) {
    return Object.freeze([]);
  }
  if (!Array.isArray(schemas)) {
    throw new TypeError("createMainIpc(contract, electron): `contract.schemas` must be the generated table of schemas");
  }
  const every = [...new Set(channels.map((c) => c.service))];
  return Object.freeze(
    schemas.map((entry) => {
      const { app, hash, namespaces = schemas.length === 1 ? every : undefined, int64 } = entry ?? {};
      if (
        typeof app !== "string" ||
        typeof hash !== "string" ||
        (int64 !== undefined && int64 !== "bigint") ||
        !Array.isArray(namespaces) ||
        !namespaces.every((namespace) => typeof namespace === "string")
      ) {
        throw new TypeError(
          `createMainIpc: ${JSON.stringify(entry)} is not an entry of the generated table of schemas`,
        );
      }
      return Object.freeze({ app, hash, namespaces: Object.freeze([...namespaces]), bigint: int64 === "bigint" });
    }),
  );
}

/**
 * The handshake with the backend, at registration: asks it for the hash of
 * each schema's services and compares it with the hash the glue was
 * generated from. A backend without `schemaHash` (a JavaScript test
 * backend) is not checked. Each disagreement is reported once to `onError`;
 * returns the mismatch of each stale namespace, for the calls to answer.
 */
function checkBackendSchemas(settings) {
  const stale = new Map();
  const { backend } = settings;
  if (typeof backend.schemaHash !== "function") {
    return stale;
  }
  for (const { app, hash, namespaces } of settings.table.schemas) {
    let actual;
    let cause;
    try {
      actual = backend.schemaHash(app, [...namespaces]);
    } catch (error) {
      cause = error;
    }
    if (typeof actual !== "string") {
      actual = null;
    }
    if (actual === hash) {
      continue;
    }
    const mismatch = Object.freeze({ part: "addon", app, expected: hash, actual });
    const message =
      actual === null
        ? `the backend cannot tell which schema of ${app} it was built from (${cause === undefined ? "schemaHash answered no string" : messageOf(cause)}): rebuild the addon`
        : `the addon was built from another schema of ${app} than the main glue (main glue ${hash}, addon ${actual}): rebuild the addon (ipc-codegen build-addon), or regenerate the glue and the preload (ipc-codegen generate) if the Rust services are the newer side`;
    report(settings, HANDSHAKE_CHANNEL, "ERR_SCHEMA_MISMATCH", message, mismatch, cause);
    for (const namespace of namespaces) {
      stale.set(namespace, mismatch);
    }
  }
  return stale;
}

/**
 * Serves a channel of a schema the backend was not built from: the sender
 * and capability checks as usual, then `ERR_SCHEMA_MISMATCH` for invokes and sendSyncs, and
 * nothing for sends (registration reported the mismatch). No handler runs.
 */
function serveStale(settings, channel, kind, mismatch, undo) {
  const refuse = (event) => {
    const sender = identifyGranted(settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${data.reason}`, data);
      return failure("ERR_FORBIDDEN", `${channel}: ${data.reason}`, data);
    }
    const known = frameSchemaMismatch(settings, channel, event) ?? mismatch;
    return failure("ERR_SCHEMA_MISMATCH", staleMessage(channel, known), known);
  };
  const { ipc } = settings;
  if (kind === "invoke" || kind === "state" || kind === "stream") {
    ipc.handle(channel, (event) => refuse(event));
    undo.push(() => ipc.removeHandler(channel));
  }
  if (kind === "sendSync" || kind === "send" || kind === "state") {
    // A state's `send` is an unfollow, its `sendSync` a synchronous first read.
    const listener =
      kind === "send" || kind === "state"
        ? (event, ...args) => {
            const answer = refuse(event);
            if (kind === "state" && args[0] === "follow") {
              event.returnValue = answer;
            }
          }
        : (event) => {
            event.returnValue = refuse(event);
          };
    ipc.on(channel, listener);
    undo.push(() => ipc.removeListener(channel, listener));
  }
}

/** What the page reads when the parts disagree: which part to rebuild. */
function staleMessage(channel, { part, app }) {
  const rebuild =
    part === "addon" ? "rebuild the addon" : `regenerate the ${part === "main" ? "main glue" : "preload"}`;
  return `${channel}: the app's IPC parts were built from different schemas of ${app} (the ${part} differs): ${rebuild}`;
}

/** registerIpc's options, checked and frozen, with defaults. */
function readOptions(table, options) {
  if (options === null || typeof options !== "object") {
    throw new TypeError("registerIpc(options): pass { backend, allowedOrigins }");
  }
  const {
    backend,
    allowedOrigins,
    allowSubframes = false,
    ipc = table.ipcMain,
    onError = aggregatedWarnings(),
    maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES,
    trace,
    maxBinaryBytes = DEFAULT_MAX_BINARY_BYTES,
  } = options;
  const backendType = typeof backend;
  if (
    backend === null ||
    (backendType !== "object" && backendType !== "function") ||
    typeof backend.call !== "function"
  ) {
    throw new TypeError(
      "registerIpc: `backend` must have a call(channel, argsJson, sender) method, like the Node-API addon built with electron-ipc",
    );
  }
  const allowed = readAllowed(allowedOrigins);
  if (typeof allowSubframes !== "boolean") {
    throw new TypeError("registerIpc: `allowSubframes` must be a boolean");
  }
  if (ipc === null || typeof ipc !== "object" || typeof ipc.handle !== "function" || typeof ipc.on !== "function") {
    throw new TypeError("registerIpc: `ipc` must be ipcMain or a webContents.ipc");
  }
  if (typeof onError !== "function") {
    throw new TypeError("registerIpc: `onError` must be a function (error, channel) => void");
  }
  if (!Number.isSafeInteger(maxPayloadBytes) || maxPayloadBytes <= 0) {
    throw new TypeError("registerIpc: `maxPayloadBytes` must be a positive integer");
  }
  if (trace !== undefined && typeof trace !== "function") {
    throw new TypeError("registerIpc: `trace` must be a function (record) => void, or left out");
  }
  if (!Number.isSafeInteger(maxBinaryBytes) || maxBinaryBytes < 0) {
    throw new TypeError("registerIpc: `maxBinaryBytes` must be a non-negative integer");
  }
  return Object.freeze({
    table,
    backend,
    allowedOrigins: allowed.origins,
    allowedFiles: allowed.files,
    allowSubframes,
    ipc,
    onError,
    maxPayloadBytes,
    trace,
    maxBinaryBytes,
    handlers: table.handled.size > 0 ? readHandlers(table.handled, options.handlers) : undefined,
    calls: callRegistry(),
    // webContents id → its lifecycle watch ("Lifecycle: one watch per webContents" below).
    lifecycle: new Map(),
    senderHandles: senderHandles(backend, table.webContents),
    /** The `close` of every open stream (docs/wire.md, "Streams"). */
    streams: new Set(),
    // The capabilities granted to windows by `registration.grant` ("Capabilities" below).
    grants: new Map(),
    // The roles of windows and the pending relay requests ("Window-to-window messages" below).
    relay: relayState(),
    relayLimits: readRelayLimits(options.relay),
    streamWindow: readStreamWindowOption(options.streams),
  });
}

/** Checks `options.handlers`: a function for every channel implemented in the main process. */
function readHandlers(handled, handlers) {
  for (const [channel, { service, name, sync }] of handled) {
    const handler = handlers?.[service]?.[name];
    if (typeof handler !== "function") {
      throw new TypeError(
        `registerIpc: options.handlers.${service}.${name} must be a function: ${channel} is implemented in the main process`,
      );
    }
    if (sync && Object.prototype.toString.call(handler) === "[object AsyncFunction]") {
      throw new TypeError(
        `registerIpc: options.handlers.${service}.${name} must not be async: ${channel} is a sync channel, and the page is blocked until it answers`,
      );
    }
  }
  return handlers;
}

/**
 * `allowedOrigins`, read: exact origins, such as "https://example.com",
 * "app://main" or "file://" (which admits every local file), and exact
 * `file:///…` URLs of the app's own pages, which admit a `file://` frame
 * only at that file (its query and fragment aside).
 */
function readAllowed(allowedOrigins) {
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new TypeError(
      'registerIpc: `allowedOrigins` is required: list the origins whose pages may use IPC, e.g. ["app://main"] or ["http://localhost:5173"]',
    );
  }
  const origins = [];
  const files = new Set();
  for (const origin of allowedOrigins) {
    if (typeof origin === "string" && isFileUrl(origin)) {
      files.add(origin);
      continue;
    }
    const host = typeof origin === "string" ? origin.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "") : "";
    if (typeof origin !== "string" || host === origin || host.includes("/") || origin === "null") {
      throw new TypeError(
        `registerIpc: ${JSON.stringify(origin)} is not an origin: write scheme://host[:port], with no path or trailing slash (opaque "null" origins cannot be allowed), or the file:/// URL of one page (url.pathToFileURL(file).href)`,
      );
    }
    origins.push(origin);
  }
  return { origins: Object.freeze(origins), files };
}

/** `file:///path/to/page.html`: a file URL with a path and no query or fragment. */
function isFileUrl(text) {
  return /^file:\/\/\/[^?#]*[^/?#]$/.test(text);
}

/** How long the default `onError` sums up repeated failures of one kind, in milliseconds. */
const WARNING_WINDOW_MS = 10_000;

/**
 * The default `onError`: `console.warn` for the first failure of each code on
 * each channel, then one summary of the others of that kind at the end of a
 * ten-second window, so a page that sends ten thousand bad messages writes
 * two lines, not ten thousand. The keys are the schema's channels and the
 * fixed codes: the table cannot grow with what a page sends.
 */
function aggregatedWarnings() {
  const windows = new Map();
  return (error) => {
    const key = `${error.code} ${error.channel}`;
    const open = windows.get(key);
    if (open !== undefined) {
      open.more += 1;
      return;
    }
    console.warn(`[ipc] ${error.message}`);
    const window = { more: 0 };
    windows.set(key, window);
    const timer = setTimeout(() => {
      windows.delete(key);
      if (window.more > 0) {
        console.warn(
          `[ipc] ${error.channel}: ${window.more} more ${error.code} in the last ${WARNING_WINDOW_MS / 1000} s (not shown one by one)`,
        );
      }
    }, WARNING_WINDOW_MS);
    // A pending summary never keeps the app from quitting.
    timer.unref?.();
  };
}

/** The message of whatever was thrown. */
function messageOf(error) {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

/** An error envelope. */
function failure(code, message, data) {
  return { ok: false, error: data === undefined ? { code, message } : { code, message, data } };
}

/** Tells `onError` about a failed message. An `onError` that throws is logged, never rethrown. */
function report(settings, channel, code, message, data, cause) {
  const error = new Error(`${channel}: ${message}`, cause === undefined ? undefined : { cause });
  error.name = "IpcError";
  error.code = code;
  error.channel = channel;
  if (data !== undefined) {
    error.data = data;
  }
  try {
    settings.onError(error, channel);
  } catch (thrown) {
    console.error("[ipc] onError threw:", thrown);
  }
}

/**
 * What the sender checks and the backend know of a frame; `webContentsId`
 * is the message's `event.sender.id` (undefined where no message is involved).
 * One object literal: building it costs a fraction of spreading one object into another.
 */
function frameInfo(frame, webContentsId) {
  return {
    webContentsId,
    processId: frame.processId,
    frameId: frame.routingId,
    url: frame.url,
    origin: frame.origin,
    isMainFrame: frame.parent === null,
  };
}

/** Why a frame may not use IPC, or `undefined` when it may. */
function refusal(settings, frame) {
  if (!frame.isMainFrame && !settings.allowSubframes) {
    return "subframes may not use IPC (allowSubframes is off)";
  }
  if (typeof frame.url !== "string" || frame.url === "" || ABOUT_URL.test(frame.url)) {
    return `a frame at ${JSON.stringify(frame.url)} may not use IPC`;
  }
  if (settings.allowedOrigins.includes(frame.origin)) {
    return undefined;
  }
  if (frame.origin === "file://" && settings.allowedFiles.size > 0) {
    const file = frame.url.replace(/[?#].*$/s, "");
    return settings.allowedFiles.has(file) ? undefined : `the file ${JSON.stringify(file)} is not allowed`;
  }
  return `origin ${JSON.stringify(frame.origin)} is not allowed`;
}

/**
 * The sender of a message, or the reason it is refused (a string). The
 * frame is read once, so the checks and the backend see the same values.
 */
function identify(settings, event) {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame === undefined) {
      return "the sending frame is gone (it navigated away or was destroyed)";
    }
    const sender = frameInfo(frame, event.sender.id);
    return refusal(settings, sender) ?? sender;
  } catch (error) {
    return `the sending frame cannot be inspected (${messageOf(error)})`;
  }
}

/**
 * Answers one invoke with an envelope, or with a promise of one when the
 * backend or a main-process handler answers later (`ipcMain.handle` takes
 * either). Never throws and never rejects: Electron would pass the error's
 * text to the page. A call that a sync Rust handler answers is answered
 * within this function, without a promise or a turn of the microtask queue.
 */
function handleInvoke(settings, channel, event, args) {
  // The id the preload announced for this call, if any (see serveCancellation).
  const pageCallId = settings.calls.announced.size === 0 ? undefined : takeAnnounced(settings.calls, event);
  try {
    const sender = identifyGranted(settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${data.reason}`, data);
      return failure("ERR_FORBIDDEN", `${channel}: ${data.reason}`, data);
    }
    if (settings.calls.preloads.size !== 0) {
      const stalePreload = frameSchemaMismatch(settings, channel, event);
      if (stalePreload !== undefined) {
        return failure("ERR_SCHEMA_MISMATCH", staleMessage(channel, stalePreload), stalePreload);
      }
    }
    const encoded = encodeReceived(channel, args, settings);
    if (encoded.error !== undefined) {
      return encoded.error;
    }
    encoded.callId = backendCallIds.next++;
    if (settings.handlers !== undefined && settings.table.handled.has(channel)) {
      encoded.abort = new AbortController();
      return trackCall(settings, channel, event, encoded, pageCallId, answer(settings, channel, encoded, sender));
    }
    // The backend's answer: its text now (a sync Rust handler), or a promise
    // of it, which the tracked call parses in its one reaction.
    const text = backendCall(settings, channel, encoded, sender);
    if (typeof text?.then === "function") {
      return trackCall(settings, channel, event, encoded, pageCallId, text, true);
    }
    return backendEnvelope(text);
  } catch (error) {
    return failInMain(settings, channel, error);
  }
}

/** Handles one send. Failures go to `onError`; nothing goes back to the page. */
async function handleSend(settings, channel, event, args) {
  try {
    const sender = identifyGranted(settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(settings, channel, "ERR_FORBIDDEN", `dropped: ${data.reason}`, data);
      return;
    }
    // A frame whose preload is stale: dropped (its handshake was reported).
    if (settings.calls.preloads.size !== 0 && frameSchemaMismatch(settings, channel, event) !== undefined) {
      return;
    }
    const encoded = encodeReceived(channel, args, settings);
    const envelope = encoded.error ?? (await answer(settings, channel, encoded, sender));
    if (!envelope.ok) {
      const { code, message, data } = envelope.error;
      report(settings, channel, code, message, data);
    }
  } catch (error) {
    failInMain(settings, channel, error);
  }
}

/**
 * Answers one sendSync with an envelope, at once: the page is blocked until
 * it has one. Never throws, and never waits: a backend or handler that
 * answers with a promise is a bug, reported, and the page gets an error.
 */
function handleSendSync(settings, channel, event, args) {
  try {
    const sender = identifyGranted(settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${data.reason}`, data);
      return failure("ERR_FORBIDDEN", `${channel}: ${data.reason}`, data);
    }
    if (settings.calls.preloads.size !== 0) {
      const stalePreload = frameSchemaMismatch(settings, channel, event);
      if (stalePreload !== undefined) {
        return failure("ERR_SCHEMA_MISMATCH", staleMessage(channel, stalePreload), stalePreload);
      }
    }
    const encoded = encodeReceived(channel, args, settings);
    if (encoded.error !== undefined) {
      return encoded.error;
    }
    const checked = callBackendSync(settings, channel, encoded, sender);
    const handled = settings.table.handled.get(channel);
    if (handled === undefined || !checked.ok) {
      return checked;
    }
    return callHandlerSync(settings, channel, handled, encoded, sender, checked);
  } catch (error) {
    return failInMain(settings, channel, error);
  }
}

/** `callBackend` for a sync channel: the backend must answer with the envelope's text at once. */
function callBackendSync(settings, channel, encoded, sender) {
  const text = backendCall(settings, channel, encoded, sender);
  if (text !== null && typeof text === "object" && typeof text.then === "function") {
    // Nothing will read it: keep its failure from becoming an unhandled rejection.
    text.then(undefined, () => {});
    throw new BackendError("ERR_BAD_RESPONSE", "the backend answered a sync channel with a promise");
  }
  return backendEnvelope(text);
}

/** `callHandler` for a sync channel, once the backend has checked the arguments. */
function callHandlerSync(settings, channel, { service, name }, encoded, sender, checked) {
  let value;
  try {
    value = settings.handlers[service][name](...handlerArgs(encoded, checked), sender);
  } catch (error) {
    return handlerFailure(settings, channel, error);
  }
  if (value !== null && typeof value === "object" && typeof value.then === "function") {
    value.then(undefined, () => {});
    report(settings, channel, "ERR_BAD_RESPONSE", "the handler of a sync channel returned a promise");
    return failure("ERR_BAD_RESPONSE", `${channel}: the main process answered a sync call with a promise`);
  }
  return handlerValue(settings, channel, value);
}

/**
 * Routes a checked call (`{ json, buffers }`) to its main-process handler,
 * or to the backend: the envelope, or a promise of it (see `callBackend`).
 */
function answer(settings, channel, encoded, sender) {
  const handled = settings.table.handled.get(channel);
  if (handled === undefined) {
    return callBackend(settings, channel, encoded, sender);
  }
  return callHandler(settings, channel, handled, encoded, sender);
}

/**
 * Runs a main-process handler. The Rust types validate every channel, so the
 * backend sees the call first: its router decodes the arguments with the
 * declared types and answers `null`, or `ERR_BAD_ARGUMENTS` with the path,
 * and only then does the handler run, with the same JSON arguments and the
 * sender. What it returns (or resolves to) is the value of the envelope.
 */
async function callHandler(settings, channel, { service, name, send }, encoded, sender) {
  const checked = await callBackend(settings, channel, encoded, sender);
  if (!checked.ok) {
    return checked;
  }
  let value;
  try {
    value = await settings.handlers[service][name](...handlerArgs(encoded, checked), sender, encoded.abort?.signal);
  } catch (error) {
    return handlerFailure(settings, channel, error);
  }
  // A send has no answer for Rust to check: under `bigint`, what its handler returns is dropped.
  return send && settings.bigint ? { ok: true, value: null } : handlerValue(settings, channel, value);
}

/**
 * The arguments a main-process handler gets: the page's values as JSON,
 * its Uint8Arrays in place of their placeholders; under the `bigint`
 * policy, the values Rust decoded and encoded again (`checked.value`, an
 * array), so every 64-bit integer is a BigInt, a safe `number` the page
 * sent for one included.
 */
function handlerArgs(encoded, checked) {
  return Array.isArray(checked.value) ? checked.value : revive(encoded.json, encoded.buffers);
}

/** The envelope of what a main-process handler returned (`undefined` is `null`). */
function handlerValue(settings, channel, value) {
  const result = settings.bigint
    ? recheckAnswer(settings, channel, value, false)
    : strictJson(value, settings.maxPayloadBytes);
  if (result.reason !== undefined) {
    report(settings, channel, "ERR_BAD_RESPONSE", `the handler's value cannot be sent: ${result.reason}`, result.data);
    return failure("ERR_BAD_RESPONSE", `${channel}: the main process answered a value that cannot be sent`);
  }
  return { ok: true, value: "value" in result ? result.value : revive(result.json, result.buffers) };
}

/**
 * What the page learns when a main-process handler throws. An object with a
 * `data` property is the method's typed error: `ERR_HANDLER` with its
 * message and data. Anything else is a bug, like a panic in Rust: it goes to
 * `onError` in full and the page gets `ERR_PANIC`, without the message,
 * which may hold paths or other details the page has no business seeing.
 */
function handlerFailure(settings, channel, error) {
  if (error !== null && typeof error === "object" && "data" in error) {
    const data = settings.bigint
      ? recheckAnswer(settings, channel, error.data, true)
      : strictJson(error.data, settings.maxPayloadBytes);
    if (data.reason === undefined) {
      return failure("ERR_HANDLER", messageOf(error), "value" in data ? data.value : revive(data.json, data.buffers));
    }
    report(
      settings,
      channel,
      "ERR_BAD_RESPONSE",
      `the handler's error data cannot be sent: ${data.reason}`,
      undefined,
      error,
    );
    return failure("ERR_BAD_RESPONSE", `${channel}: the main process answered an error that cannot be sent`);
  }
  report(settings, channel, "ERR_PANIC", `the handler threw: ${messageOf(error)}`, undefined, error);
  return failure("ERR_PANIC", `${channel}: the handler failed`);
}

/** A failure of the backend itself, as opposed to an error envelope it answers with. */
class BackendError extends Error {
  constructor(code, message, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

/** Reports a failure on the main side; the page gets only its code. */
function failInMain(settings, channel, error) {
  const code = error instanceof BackendError ? error.code : "ERR_TRANSPORT";
  report(settings, channel, code, messageOf(error), undefined, error);
  return failure(code, `${channel}: the main process could not handle the call`);
}

/**
 * Hands a checked call to the backend, its Uint8Arrays as one more argument
 * (none when it has none): the envelope it answers, parsed, with the
 * answer's bytes in place of their placeholders, or a promise of it when the
 * backend answers a promise (an async Rust handler). A failure of the
 * backend throws, or rejects, a `BackendError`.
 */
function callBackend(settings, channel, encoded, sender) {
  const text = backendCall(settings, channel, encoded, sender);
  // A sync handler's answer: the text, or `[json, buffers]` with bytes.
  if (typeof text === "string" || Array.isArray(text)) {
    return backendEnvelope(text);
  }
  return Promise.resolve(text).then(backendEnvelope, (error) => {
    throw backendFailed(error);
  });
}

/**
 * `backend.call(channel, argsJson, sender, buffers?, callId?)`: its Uint8Arrays
 * (none: `undefined`) and, for an invoke, the id `backend.cancel` takes
 * (docs/wire.md, "The backend interface"). What it throws becomes a
 * `BackendError`.
 */
function backendCall(settings, channel, { json, buffers, callId }, sender) {
  try {
    if (callId === undefined) {
      return buffers.length === 0
        ? settings.backend.call(channel, json, senderArgument(settings, sender))
        : settings.backend.call(channel, json, senderArgument(settings, sender), buffers);
    }
    return settings.backend.call(
      channel,
      json,
      senderArgument(settings, sender),
      buffers.length === 0 ? undefined : buffers,
      callId,
    );
  } catch (error) {
    throw backendFailed(error);
  }
}

function backendFailed(error) {
  return new BackendError("ERR_TRANSPORT", `the backend failed: ${messageOf(error)}`, error);
}

/** The envelope the backend answered, parsed; throws when it is none. */
function backendEnvelope(text) {
  const envelope = parseEnvelope(text);
  if (envelope === undefined) {
    throw new BackendError("ERR_BAD_RESPONSE", "the backend answered with something that is not an envelope");
  }
  return envelope;
}

/**
 * The sender as the backend reads it fastest: its six values in an array
 * (docs/wire.md, "The backend interface"), which the Node-API addon reads
 * by index instead of making a string of each property name.
 */
function senderValues(sender) {
  return [sender.webContentsId, sender.processId, sender.frameId, sender.url, sender.origin, sender.isMainFrame];
}

// ---- Sender handles (docs/wire.md, "Sender handles") ----
//
// A backend that offers `registerSender` decodes a frame's six values once
// and names them by a number that `call` takes in their place: reading the
// values (two strings copied into Rust) is the largest part of the bridge's
// cost of a small call. The glue still reads and checks the frame on every
// message, and passes a frame's handle only when the values it registered
// are exactly the ones it just checked; otherwise it registers the new ones
// (and releases the old), so a handle always stands for the sender of the
// message at hand. Handles stay in the main process; the page never sees one.
// Nothing is added to a webContents (no listener): the handles of one that
// is gone are released at the next registration, and all at `dispose`.

/** How many frames of one webContents keep a handle; the oldest goes first. */
const MAX_SENDER_HANDLES_PER_CONTENTS = 64;

/**
 * The sender handles of one registration, or `undefined` when the backend
 * has none (a JavaScript backend) or webContents cannot be looked up by id
 * (`webContents.fromId`, to release the handles of the closed ones).
 */
function senderHandles(backend, webContents) {
  if (
    typeof backend.registerSender !== "function" ||
    typeof backend.releaseSender !== "function" ||
    typeof webContents?.fromId !== "function"
  ) {
    return undefined;
  }
  /** webContents id → Map(frameId → { handle, processId, url, origin, isMainFrame }) */
  return { backend, webContents, byContents: new Map() };
}

/**
 * What `backend.call` takes as the sender: the frame's handle when its
 * registered values are the checked ones, else `IpcSenderValues`.
 */
function senderArgument(settings, sender) {
  const handles = settings.senderHandles;
  if (handles === undefined) {
    return senderValues(sender);
  }
  const known = handles.byContents.get(sender.webContentsId)?.get(sender.frameId);
  if (
    known !== undefined &&
    known.processId === sender.processId &&
    known.url === sender.url &&
    known.origin === sender.origin &&
    known.isMainFrame === sender.isMainFrame
  ) {
    return known.handle;
  }
  return registerSender(handles, sender) ?? senderValues(sender);
}

/**
 * Registers the sender's values with the backend, in place of what its
 * frame had (a new document, a frame that navigated); `undefined` when the
 * backend refuses them (then `call` gets the values, and refuses them with
 * its own message).
 */
function registerSender(handles, sender) {
  releaseClosedContents(handles);
  let handle;
  try {
    handle = handles.backend.registerSender(senderValues(sender));
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(handle) || handle <= 0) {
    return undefined;
  }
  let frames = handles.byContents.get(sender.webContentsId);
  if (frames === undefined) {
    frames = new Map();
    handles.byContents.set(sender.webContentsId, frames);
  }
  const previous = frames.get(sender.frameId);
  if (previous !== undefined) {
    frames.delete(sender.frameId);
    releaseSender(handles, previous.handle);
  } else if (sender.isMainFrame) {
    // A main frame never seen: the document tree of the frames before it is gone.
    for (const [frameId, { handle: old }] of [...frames]) {
      frames.delete(frameId);
      releaseSender(handles, old);
    }
  } else if (frames.size >= MAX_SENDER_HANDLES_PER_CONTENTS) {
    const [oldestId, oldest] = frames.entries().next().value;
    frames.delete(oldestId);
    releaseSender(handles, oldest.handle);
  }
  const { processId, url, origin, isMainFrame } = sender;
  frames.set(sender.frameId, { handle, processId, url, origin, isMainFrame });
  return handle;
}

function releaseSender(handles, handle) {
  try {
    handles.backend.releaseSender(handle);
  } catch {
    // A backend that cannot release keeps an entry; the glue never passes it again.
  }
}

/** Releases the handles of every webContents that is destroyed (or cannot be found). */
function releaseClosedContents(handles) {
  for (const [id, frames] of handles.byContents) {
    let open;
    try {
      const contents = handles.webContents.fromId(id);
      open = contents !== undefined && contents !== null && contents.isDestroyed?.() !== true;
    } catch {
      open = false;
    }
    if (!open) {
      releaseFrames(handles, id, frames);
    }
  }
}

function releaseFrames(handles, id, frames) {
  handles.byContents.delete(id);
  for (const { handle } of frames.values()) {
    releaseSender(handles, handle);
  }
}

/** Releases every handle of the registration (it is disposed). */
function releaseSenderHandles(handles) {
  if (handles !== undefined) {
    for (const [id, frames] of [...handles.byContents]) {
      releaseFrames(handles, id, frames);
    }
  }
}

/**
 * The envelope in a backend's answer, or `undefined` when it holds none:
 * the JSON text, or `[json, buffers]` when the value holds bytes, or
 * `[json, buffers, count]` when it holds `count` bigint placeholders.
 */
function parseEnvelope(answer) {
  let text = answer;
  let buffers;
  let bigints;
  if (Array.isArray(answer) && (answer.length === 2 || answer.length === 3)) {
    [text, buffers, bigints] = answer;
  }
  if (typeof text !== "string") {
    return undefined;
  }
  let envelope;
  try {
    envelope = revive(text, buffers, bigints);
  } catch {
    return undefined;
  }
  if (envelope === null || typeof envelope !== "object") {
    return undefined;
  }
  if (envelope.ok === true && "value" in envelope) {
    return envelope;
  }
  const error = envelope.error;
  const isError = error !== null && typeof error === "object";
  if (envelope.ok === false && isError && typeof error.code === "string" && typeof error.message === "string") {
    return envelope;
  }
  return undefined;
}

// Streams (docs/wire.md, "Streams"): the opening invoke, the MessagePort of
// each stream, and the credit that paces the pulls from the backend.

/** The channel on which a stream's port is posted to the frame that opened it. */
const STREAM_CHANNEL = "ipc:stream";

/** Tokens pairing an opening invoke's answer with its port; unique per process. */
let nextStreamToken = 1;

/**
 * Opens a stream: the same sender checks, conversion and limits as an
 * invoke, then `backend.openStream`; only when that succeeds is a
 * MessageChannelMain created and its `port2` posted to exactly the frame
 * that asked. Answers `{ stream: token }`, or the envelope of the refusal or
 * of the method's setup error. Never throws.
 */
function openStream(settings, channel, event, args) {
  try {
    const sender = identifyGranted(settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${data.reason}`, data);
      return failure("ERR_FORBIDDEN", `${channel}: ${data.reason}`, data);
    }
    const { backend } = settings;
    const { MessageChannelMain } = settings.table;
    if (typeof backend.openStream !== "function" || typeof MessageChannelMain !== "function") {
      throw new BackendError("ERR_TRANSPORT", "streams need backend.openStream and electron.MessageChannelMain");
    }
    const frame = event.senderFrame;
    const encoded = encodeReceived(channel, args, settings);
    if (encoded.error !== undefined) {
      return encoded.error;
    }
    const { json, buffers } = encoded;
    const opened =
      buffers.length === 0
        ? backend.openStream(channel, json, senderValues(sender))
        : backend.openStream(channel, json, senderValues(sender), buffers);
    // A main-process service's stream runs its handler first (see startMainJsStream).
    const mainJs = settings.table.handled.get(channel)?.stream === true;
    const start = (answer) => {
      const envelope = backendEnvelope(answer);
      if (!envelope.ok) {
        return envelope;
      }
      return mainJs
        ? startMainJsStream(settings, channel, frame, envelope.value?.stream, sender, encoded)
        : startStream(settings, channel, frame, envelope.value?.stream, sender, envelope.value?.incoming);
    };
    if (typeof opened === "string" || Array.isArray(opened)) {
      return start(opened);
    }
    return Promise.resolve(opened)
      .then(start, (error) => {
        throw backendFailed(error);
      })
      .catch((error) => failInMain(settings, channel, error));
  } catch (error) {
    return failInMain(settings, channel, error);
  }
}

/**
 * Posts the port of backend stream `id` to `frame` and serves it; answers
 * the opening invoke. `window` is the page's first credit when the page
 * also sends on the stream (a method that takes an `Incoming`). `source`
 * is what the items are pulled from: the backend, or the iterator of a
 * main-process handler (`mainJsSource`).
 */
function startStream(settings, channel, frame, id, sender, window, source = settings.backend) {
  const backend = source;
  if (!Number.isInteger(id) || id < 1) {
    throw new BackendError("ERR_BAD_RESPONSE", "backend.openStream answered no stream id");
  }
  if (frame === null || frame === undefined || frame.isDestroyed?.() || frame.detached) {
    backend.closeStream?.(id);
    const reason = "the sending frame is gone (it navigated away or was destroyed)";
    return failure("ERR_FORBIDDEN", `${channel}: ${reason}`, { reason });
  }
  const { port1, port2 } = new settings.table.MessageChannelMain();
  const token = nextStreamToken++;
  const incoming = readWindow(window);
  const served = serveStream(settings, channel, id, port1, incoming, source);
  watchStreamGrant(settings, channel, sender, served);
  frame.postMessage(STREAM_CHANNEL, { stream: token }, [port2]);
  // `window`: what the page may hold unread, its first credit to main.
  // `incoming`: the page's first credit, when it sends on the stream too.
  const { streamWindow } = settings;
  return {
    ok: true,
    value:
      incoming === undefined
        ? { stream: token, window: streamWindow }
        : { stream: token, window: streamWindow, incoming },
  };
}

/**
 * Serves one stream on `port`: pulls from the backend (or `source`, see
 * `startStream`) only while the page's credit (items and bytes) lasts, one
 * pull at a time, and posts each item at once; ends with `end` or `error`,
 * then closes. The page's `close()` (or its document going away) drops the
 * backend's stream. A message that is not a well-formed credit ends the
 * stream with `ERR_BAD_ARGUMENTS`.
 */
function serveStream(settings, channel, id, port, window, source = settings.backend) {
  const backend = source;
  let items = 0;
  let bytes = 0;
  let pulling = false;
  let ended = false;
  // The page's half, when it sends items too (set once `fail` exists).
  let incoming;
  const finish = () => {
    if (ended) {
      return;
    }
    ended = true;
    incoming?.stop();
    settings.streams.delete(finish);
    gatedStreams.get(settings)?.delete(finish);
    port.close();
    try {
      backend.closeStream(id);
    } catch (error) {
      report(settings, channel, "ERR_TRANSPORT", `backend.closeStream failed: ${messageOf(error)}`, undefined, error);
    }
  };
  settings.streams.add(finish);
  const fail = (error) => {
    if (!ended) {
      port.postMessage({ t: "error", error: { name: "IpcError", ...error, channel } });
    }
    finish();
  };
  // Posts one batch's items, several as one `items` message; false once the batch ended the stream.
  const post = (batch) => {
    if (!Array.isArray(batch) || batch.length === 0) {
      unreadable("backend.pullStream answered something that is not a batch");
      return false;
    }
    const values = [];
    const sizes = [];
    const send = () => {
      if (values.length === 1) {
        port.postMessage({ t: "item", v: values[0], n: sizes[0] });
      } else if (values.length > 1) {
        port.postMessage({ t: "items", v: values, n: sizes });
      }
    };
    for (const answer of batch) {
      if (answer === null) {
        send();
        port.postMessage({ t: "end" });
        finish();
        return false;
      }
      const envelope = parseEnvelope(answer);
      if (envelope === undefined) {
        send();
        unreadable("backend.pullStream answered something that is not an envelope");
        return false;
      }
      if (!envelope.ok) {
        send();
        fail(envelope.error);
        return false;
      }
      // `n`: what the item counts against the byte credit, which the page grants back once it read it.
      const size = answerSize(answer);
      items -= 1;
      bytes -= size;
      values.push(envelope.value);
      sizes.push(size);
    }
    send();
    return true;
  };
  const broken = (error) => {
    report(settings, channel, "ERR_TRANSPORT", `backend.pullStream failed: ${messageOf(error)}`, undefined, error);
    fail({ code: "ERR_TRANSPORT", message: `${channel}: the main process could not read the stream` });
  };
  // Pulls while the credit lasts. One pull answers a batch: what the stream
  // has ready, within the credit; at once (an array) when it had an item
  // ready, else as a promise, and then one pull at a time.
  const pump = () => {
    while (!pulling && !ended && items > 0 && bytes > 0) {
      let batch;
      try {
        batch = backend.pullStream(id, items, bytes);
      } catch (error) {
        broken(error);
        return;
      }
      if (Array.isArray(batch)) {
        if (!post(batch)) {
          return;
        }
        continue;
      }
      pulling = true;
      Promise.resolve(batch).then(
        (later) => {
          pulling = false;
          if (!ended && post(later)) {
            pump();
          }
        },
        (error) => {
          pulling = false;
          broken(error);
        },
      );
    }
  };
  const unreadable = (message) => {
    report(settings, channel, "ERR_BAD_RESPONSE", message);
    fail({ code: "ERR_BAD_RESPONSE", message: `${channel}: the main process could not read the stream` });
  };
  incoming = window === undefined ? undefined : serveIncoming(settings, channel, id, port, window, fail);
  port.on("message", ({ data }) => {
    if (incoming?.receive(data)) {
      return;
    }
    const credit = readCredit(data);
    if (credit === undefined) {
      const message = `${channel}: the page sent something that is not a credit on the stream's port`;
      report(settings, channel, "ERR_BAD_ARGUMENTS", message);
      fail({ code: "ERR_BAD_ARGUMENTS", message });
      return;
    }
    items = Math.min(items + credit.items, Number.MAX_SAFE_INTEGER);
    bytes = Math.min(bytes + credit.bytes, Number.MAX_SAFE_INTEGER);
    pump();
  });
  port.on("close", finish);
  port.start();
  return { finish, fail };
}

/**
 * The open streams of channels that require capabilities, per registration:
 * `settings` → Map of each stream's `finish` → `{ channel, webContentsId,
 * required, served }`. A stream leaves it when it finishes.
 */
const gatedStreams = new WeakMap();

/** Keeps an open stream of a gated channel, so that taking a capability back ends it. */
function watchStreamGrant(settings, channel, sender, served) {
  const required = settings.table.required.get(channel);
  if (required === undefined) {
    return;
  }
  let open = gatedStreams.get(settings);
  if (open === undefined) {
    open = new Map();
    gatedStreams.set(settings, open);
  }
  open.set(served.finish, { channel, webContentsId: sender.webContentsId, required, served });
}

/** How many open streams of gated channels a registration watches (`registration.openStreams()`, for the tests). */
function watchedStreamCount(settings) {
  return gatedStreams.get(settings)?.size ?? 0;
}

/**
 * Ends with ERR_FORBIDDEN (`data: { reason, capability }`) every open
 * stream of window `webContentsId` that requires a capability it no longer
 * holds: called when a grant is revoked or dropped (a navigation to
 * another origin, the window's end, the registration's dispose).
 */
function recheckStreams(settings, webContentsId) {
  const open = gatedStreams.get(settings);
  if (open === undefined) {
    return;
  }
  const held = settings.grants.get(webContentsId);
  for (const entry of [...open.values()]) {
    if (entry.webContentsId !== webContentsId) {
      continue;
    }
    const capability = entry.required.find((name) => held === undefined || !held.capabilities.has(name));
    if (capability !== undefined) {
      const reason = `capability "${capability}" was taken back from this window`;
      report(settings, entry.channel, "ERR_FORBIDDEN", `stream ended: ${reason}`, { reason, capability });
      entry.served.fail({
        code: "ERR_FORBIDDEN",
        message: `${entry.channel}: ${reason}`,
        data: { reason, capability },
      });
    }
  }
}

/**
 * The window of main → page streams when `registerIpc` names none: what a
 * page may hold unread, in items and in bytes (docs/wire.md, "Flow
 * control"). 64 items lets small items cross in batches; 1 MiB bounds a
 * stream of large chunks.
 */
const DEFAULT_STREAM_WINDOW = Object.freeze({ items: 64, bytes: 1024 * 1024 });

/** `registerIpc`'s `streams: { windowItems?, windowBytes? }`, read into `{ items, bytes }`. */
function readStreamWindowOption(streams) {
  if (streams === undefined) {
    return DEFAULT_STREAM_WINDOW;
  }
  if (streams === null || typeof streams !== "object" || Array.isArray(streams)) {
    throw new TypeError("registerIpc: `streams` must be { windowItems?, windowBytes? }");
  }
  for (const key of Object.keys(streams)) {
    if (key !== "windowItems" && key !== "windowBytes") {
      throw new TypeError(`registerIpc: \`streams\` takes windowItems and windowBytes, not ${JSON.stringify(key)}`);
    }
  }
  const { windowItems = DEFAULT_STREAM_WINDOW.items, windowBytes = DEFAULT_STREAM_WINDOW.bytes } = streams;
  for (const [key, value] of [
    ["windowItems", windowItems],
    ["windowBytes", windowBytes],
  ]) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(
        `registerIpc: \`streams.${key}\` must be a positive integer (what a page may hold unread of one stream), got ${String(value)}`,
      );
    }
  }
  return Object.freeze({ items: windowItems, bytes: windowBytes });
}

/** `{ t: "credit", items, bytes }` with non-negative safe integers, or `undefined`. */
function readCredit(data) {
  if (data === null || typeof data !== "object" || Array.isArray(data) || data.t !== "credit") {
    return undefined;
  }
  const { items, bytes } = data;
  const count = (n) => Number.isSafeInteger(n) && n >= 0;
  return count(items) && count(bytes) && Object.keys(data).length === 3 ? { items, bytes } : undefined;
}

/** The size an item counts against the byte credit: its envelope's JSON and its bytes. */
function answerSize(answer) {
  if (typeof answer === "string") {
    return answer.length;
  }
  const [json, buffers] = answer;
  return json.length + bufferBytes(buffers);
}

// Streams from the page to main (docs/wire.md, "From the page to main"):
// the page's items on the same port, and the credit main gives back as the
// Rust method takes them.

/** The page's window from the backend's `openStream` answer: `{ items, bytes }` of positive integers, or `undefined`. */
function readWindow(window) {
  if (window === undefined || window === null) {
    return undefined;
  }
  const positive = (n) => Number.isSafeInteger(n) && n > 0;
  if (typeof window !== "object" || !positive(window.items) || !positive(window.bytes)) {
    throw new BackendError("ERR_BAD_RESPONSE", "backend.openStream answered a window that is not { items, bytes }");
  }
  return { items: window.items, bytes: window.bytes };
}

/**
 * What an item weighs against the byte window, counted alike by the page
 * (before it sends) and by main (on the copy it received): a string its
 * length, a Uint8Array its bytes, a number, boolean or null 8, an array or
 * object 2 plus its members (and each key's length). Only called on a
 * value that converted, so it is acyclic and at most MAX_DEPTH deep.
 */
function itemWeight(value) {
  if (typeof value === "string") {
    return value.length + 2;
  }
  if (value === null || typeof value !== "object") {
    return 8;
  }
  if (ArrayBuffer.isView(value)) {
    return value.byteLength + 2;
  }
  let weight = 2;
  if (Array.isArray(value)) {
    for (const member of value) {
      weight += itemWeight(member) + 1;
    }
    return weight;
  }
  for (const key of Object.keys(value)) {
    weight += key.length + 3 + itemWeight(value[key]);
  }
  return weight;
}

/**
 * Serves the page's half of a stream on `port`: `{ t: "push", v }` (an
 * item), `{ t: "done" }` (the end) and `{ t: "abort" }` (the page
 * cancelled), each within the page's credit: the window (the opening
 * invoke's answer carries it), then each `{ t: "grant", items, bytes }`
 * main posts as the Rust method takes items. An item is converted as an argument is, weighed, and pushed to
 * the backend, which decodes it as the item type. An item beyond the
 * credit, after the end, of the wrong shape, or that does not convert ends
 * the stream with `fail` (the page is told, the backend stream closed).
 * Answers `{ receive(data) -> handled, stop() }`.
 */
function serveIncoming(settings, channel, id, port, window, fail) {
  const { backend } = settings;
  let items = window.items;
  let bytes = window.bytes;
  let index = 0;
  let closed = false;
  let stopped = false;
  const refuse = (code, message, data) => {
    report(settings, channel, code, message, data);
    stopped = true;
    fail({ code, message, ...(data === undefined ? {} : { data }) });
  };
  // Credit of what the method took, not yet posted: one `grant` message per batch of the page's items.
  let grantItems = 0;
  let grantBytes = 0;
  // Whether a `creditStream` wake-up is armed.
  let waking = false;
  // Counts the credit of what the method took; false for an answer that is not [items, bytes].
  const grant = (taken) => {
    const [takenItems, takenBytes] = Array.isArray(taken) ? taken : [];
    if (!Number.isSafeInteger(takenItems) || !Number.isSafeInteger(takenBytes)) {
      report(settings, channel, "ERR_BAD_RESPONSE", "the backend answered a credit that is not [items, bytes]");
      return false;
    }
    items += takenItems;
    bytes += takenBytes;
    grantItems += takenItems;
    grantBytes += takenBytes;
    return true;
  };
  const postGrant = () => {
    if (grantItems > 0 || grantBytes > 0) {
      port.postMessage({ t: "grant", items: grantItems, bytes: grantBytes });
      grantItems = 0;
      grantBytes = 0;
    }
  };
  // While the page has half its window or more, its next items bring the
  // credit back (`pushStream` answers it); below that the page may be
  // about to wait, so a wake-up from the backend (`creditStream`, a round
  // trip through the runtime's threads) gives it back as the method reads.
  const low = () => items * 2 <= window.items || bytes * 2 <= window.bytes;
  const regrant = () => {
    if (waking || stopped || !low()) {
      return;
    }
    waking = true;
    new Promise((resolve) => resolve(backend.creditStream(id))).then(
      (taken) => {
        waking = false;
        if (stopped || taken === null || taken === undefined) {
          return;
        }
        if (grant(taken)) {
          postGrant();
          regrant();
        }
      },
      (error) => {
        report(
          settings,
          channel,
          "ERR_TRANSPORT",
          `backend.creditStream failed: ${messageOf(error)}`,
          undefined,
          error,
        );
      },
    );
  };
  // Converts and weighs the page's item `index` within the credit, taking
  // its credit: `{ json, buffers, weight }`, or `{ refusal: [code,
  // message, data] }` to report once the items before it are pushed.
  const convert = (value) => {
    if (items <= 0 || bytes <= 0) {
      const message = `${channel}: the page sent item ${index} beyond its credit`;
      return { refusal: ["ERR_STREAM_LIMIT", message, { item: index }] };
    }
    const encoded = encodeReceived(channel, [value], settings);
    if (encoded.error !== undefined) {
      const { code, message, data } = encoded.error.error;
      const path = data?.path;
      const item = message.replace(`${channel}: argument 0`, `${channel}: item ${index}`);
      return { refusal: [code, item, path === undefined ? { ...data, item: index } : { item: index, path }] };
    }
    const weight = itemWeight(value);
    items -= 1;
    bytes -= weight;
    index += 1;
    return { json: encoded.json.slice(1, -1), buffers: encoded.buffers, weight };
  };
  // What the backend answered for a push: null, the credit the method gave
  // back meanwhile, or the error envelope that ended the stream.
  const pushed = (answer, call) => {
    if (Array.isArray(answer)) {
      // The method took items meanwhile: their credit goes back with this batch's grant.
      grant(answer);
    } else if (answer !== null && answer !== undefined) {
      const envelope = backendEnvelope(answer);
      stopped = true;
      fail(
        envelope.ok ? { code: "ERR_BAD_RESPONSE", message: `${channel}: backend.${call} answered ok` } : envelope.error,
      );
    }
  };
  const push = (value) => {
    const item = convert(value);
    if (item.refusal !== undefined) {
      refuse(...item.refusal);
      return;
    }
    const { json, buffers, weight } = item;
    pushed(
      buffers.length === 0
        ? backend.pushStream(id, json, undefined, weight)
        : backend.pushStream(id, json, buffers, weight),
      "pushStream",
    );
  };
  // A `pushes` batch, in order: the items within the credit go to the
  // backend in one `pushStreamMany` call (decoded under one lock, one
  // wake-up of the method). The credit it answers lets the rest go on in
  // another call, as it would between single pushes; the first refused
  // item ends the stream after the items before it, and the rest are not
  // read.
  const pushMany = (values) => {
    let next = 0;
    while (next < values.length && !stopped) {
      const jsons = [];
      const weights = [];
      let buffers;
      let refusal;
      while (next < values.length) {
        const item = convert(values[next]);
        if (item.refusal !== undefined) {
          refusal = item.refusal;
          break;
        }
        if (item.buffers.length > 0) {
          buffers ??= new Array(jsons.length);
          buffers[jsons.length] = item.buffers;
        }
        jsons.push(item.json);
        weights.push(item.weight);
        next += 1;
      }
      if (buffers !== undefined) {
        buffers.length = jsons.length;
      }
      if (jsons.length > 0) {
        pushed(backend.pushStreamMany(id, jsons, buffers, weights), "pushStreamMany");
      }
      // An item past the credit is refused only if nothing went before it
      // in this round: otherwise the backend's answer to that push may have
      // given credit back (`grant`), and the next round converts it again.
      // Any other refusal ends the stream here.
      if (refusal !== undefined && !stopped && (jsons.length === 0 || refusal[0] !== "ERR_STREAM_LIMIT")) {
        refuse(...refusal);
      }
    }
  };
  return {
    receive(data) {
      const kind = data !== null && typeof data === "object" && !Array.isArray(data) ? data.t : undefined;
      if (kind !== "push" && kind !== "pushes" && kind !== "done" && kind !== "abort") {
        return false;
      }
      if (stopped) {
        return true;
      }
      const keys = Object.keys(data).length;
      const carries = kind === "push" || kind === "pushes";
      if (
        keys !== (carries ? 2 : 1) ||
        (carries && !("v" in data)) ||
        (kind === "pushes" && (!Array.isArray(data.v) || data.v.length === 0))
      ) {
        refuse("ERR_BAD_ARGUMENTS", `${channel}: the page sent a malformed "${kind}" message on the stream's port`);
        return true;
      }
      if (closed) {
        refuse("ERR_BAD_ARGUMENTS", `${channel}: the page sent "${kind}" after it ended its stream`);
        return true;
      }
      try {
        if (kind === "push") {
          push(data.v);
        } else if (kind === "pushes") {
          pushMany(data.v);
        } else if (kind === "done") {
          closed = true;
          backend.endStream(id);
        } else {
          // The method sees `Cancelled`; it may still answer, which the page ignores.
          closed = true;
          backend.abortStream(id);
        }
      } catch (error) {
        report(settings, channel, "ERR_TRANSPORT", `backend stream call failed: ${messageOf(error)}`, undefined, error);
        stopped = true;
        fail({ code: "ERR_TRANSPORT", message: `${channel}: the main process could not take the stream's items` });
      }
      if (carries && !stopped) {
        postGrant();
        regrant();
      }
      return true;
    },
    stop() {
      stopped = true;
    },
  };
}

// The trace (registerIpc's `trace` option): one record per invoke, send and
// event, built around the plain handlers above, which it leaves untouched.

/** Runs an invoke and traces it. */
async function traceInvoke(settings, channel, event, args) {
  const start = performance.now();
  const envelope = await handleInvoke(settings, channel, event, args);
  emitTrace(settings, {
    kind: "invoke",
    channel,
    sender: traceSender(event),
    durationMs: performance.now() - start,
    argsBytes: jsonSize(args),
    answerBytes: envelope.ok ? jsonSize(envelope.value) : jsonSize(envelope.error),
    code: envelope.ok ? "OK" : envelope.error.code,
  });
  return envelope;
}

/** Runs a sendSync and traces it. */
function traceSendSync(settings, channel, event, args) {
  const start = performance.now();
  const envelope = handleSendSync(settings, channel, event, args);
  emitTrace(settings, {
    kind: "sendSync",
    channel,
    sender: traceSender(event),
    durationMs: performance.now() - start,
    argsBytes: jsonSize(args),
    answerBytes: envelope.ok ? jsonSize(envelope.value) : jsonSize(envelope.error),
    code: envelope.ok ? "OK" : envelope.error.code,
  });
  return envelope;
}

/** Runs a send and traces it: its code is the first failure `onError` hears, if any. */
async function traceSend(settings, channel, event, args) {
  const start = performance.now();
  let code = "OK";
  const onError = (error, name) => {
    if (code === "OK") {
      code = error.code;
    }
    settings.onError(error, name);
  };
  await handleSend({ ...settings, onError }, channel, event, args);
  emitTrace(settings, {
    kind: "send",
    channel,
    sender: traceSender(event),
    durationMs: performance.now() - start,
    argsBytes: jsonSize(args),
    answerBytes: 0,
    code,
  });
}

/** Delivers an event of the backend and traces it. */
function traceEvent(settings, channel, argsJson, target, buffers, bigints) {
  const start = performance.now();
  deliverEvent(settings, channel, argsJson, target, buffers, bigints);
  emitTrace(settings, {
    kind: "event",
    channel: String(channel),
    target: target ?? null,
    durationMs: performance.now() - start,
    argsBytes: (typeof argsJson === "string" ? argsJson.length : 0) + bufferBytes(buffers),
    answerBytes: 0,
    code: settings.table.eventChannels.has(channel) ? "OK" : "ERR_UNKNOWN_CHANNEL",
  });
}

/** An emitter of a main-process service's event that traces each emit, thrown or not. */
function traceMainEvent(settings, channel, emit) {
  return (target, ...args) => {
    const start = performance.now();
    let code = "OK";
    try {
      emit(target, ...args);
    } catch (error) {
      code = typeof error?.code === "string" ? error.code : "ERR_BAD_ARGUMENTS";
      throw error;
    } finally {
      emitTrace(settings, {
        kind: "event",
        channel,
        target: traceTarget(target),
        durationMs: performance.now() - start,
        argsBytes: jsonSize(args),
        answerBytes: 0,
        code,
      });
    }
  };
}

/** The target of a main-process emit, as the backend names targets; never throws. */
function traceTarget(target) {
  try {
    if (target === "all") {
      return { kind: "all" };
    }
    if (typeof target?.routingId === "number") {
      return { kind: "frame", processId: target.processId, frameId: target.routingId };
    }
    return { kind: "webContents", id: target?.id ?? null };
  } catch {
    return null;
  }
}

/** Who sent a message, as far as the trace is concerned; never throws. */
function traceSender(event) {
  try {
    const frame = event.senderFrame;
    return {
      webContentsId: event.sender?.id ?? null,
      processId: frame?.processId ?? null,
      frameId: frame?.routingId ?? null,
      origin: frame?.origin ?? null,
      url: frame?.url ?? null,
    };
  } catch {
    return { webContentsId: null, processId: null, frameId: null, origin: null, url: null };
  }
}

/** The length of `value` as JSON text, or -1 when it has none. */
function jsonSize(value) {
  // A Uint8Array travels beside the JSON (docs/wire.md, "Bytes"): it counts
  // its byte length, not the text JSON.stringify would make of its indices.
  let bytes = 0;
  try {
    const text = JSON.stringify(value === undefined ? null : value, (_key, item) => {
      if (typeof item === "bigint") return item.toString();
      if (ArrayBuffer.isView(item)) {
        bytes += item.byteLength;
        return 0;
      }
      return item;
    });
    return text.length + bytes;
  } catch {
    return -1;
  }
}

/** The byte length of an event's buffers (the Uint8Arrays beside its JSON), 0 without any. */
function bufferBytes(buffers) {
  let total = 0;
  if (Array.isArray(buffers)) {
    for (const buffer of buffers) total += ArrayBuffer.isView(buffer) ? buffer.byteLength : 0;
  }
  return total;
}

/** Hands a record to `trace`. A trace that throws is logged, never rethrown. */
function emitTrace(settings, record) {
  try {
    settings.trace(Object.freeze(record));
  } catch (error) {
    console.error("[ipc] trace threw:", error);
  }
}

// The strict conversion (docs/wire.md, "Arguments").
//
// Values from main-process code (event arguments, handlers' answers) are
// converted in one pass that writes the text and counts it against the
// size limit as it goes: each value is read once, so a getter cannot show
// the check one value and the text another. A renderer's arguments are
// structured clones (plain data: no getters, proxies or functions, and
// reading them runs no code), so they are first walked without writing any
// text: the walk refuses what the conversion refuses, with the same paths,
// and counts a lower bound of the text, so an oversized payload is refused
// as soon as that bound passes the limit, before any text exists. Only then
// is the text written, by one native `JSON.stringify` when it writes exactly
// what the strict conversion would, and its exact size checked.

/** Thrown inside the conversion: a value JSON cannot carry exactly. */
class Refusal {
  constructor(path, reason) {
    this.path = path;
    this.reason = reason;
  }
}

/** Thrown inside the conversion: the arguments outgrew the size limit. */
class Overflow {}

/** Thrown inside the conversion: the Uint8Arrays outgrew their limit; `size` is their total so far. */
class BinaryOverflow {
  constructor(size) {
    this.size = size;
  }
}

/** Counts `size` characters against the budget; a structure that shares values cannot make the work explode. */
function charge(budget, size) {
  budget.left -= size;
  if (budget.left < 0) {
    throw new Overflow();
  }
}

/** A budget of `limit` characters of JSON and `binaryLimit` bytes of Uint8Arrays, and the buffers written so far. */
function budgetOf(limit, binaryLimit) {
  return { left: limit, binaryLeft: binaryLimit, binaryLimit, buffers: [], bigint: false };
}

/**
 * `value` as JSON text, converted as strictly as arguments (undefined is
 * null): `{ json, buffers }`, or `{ reason }` when it cannot be.
 */
function strictJson(value, limit, bigint = false) {
  const budget = budgetOf(limit, Number.POSITIVE_INFINITY);
  budget.bigint = bigint;
  try {
    return { json: encodeValue(value === undefined ? null : value, "", 0, budget), buffers: budget.buffers };
  } catch (error) {
    if (error instanceof Refusal) {
      return { reason: `${error.path === "" ? "it" : error.path} ${error.reason}` };
    }
    if (error instanceof Overflow) {
      return { reason: `it is larger than ${limit} bytes as JSON` };
    }
    throw error;
  }
}

/**
 * The arguments of one call from main-process code as a JSON array,
 * converted strictly in one pass: `{ json, buffers }`, or `{ error }`
 * holding an error envelope.
 */
function encodeArgs(channel, args, { maxPayloadBytes: limit, maxBinaryBytes, bigint = false }) {
  const budget = budgetOf(limit, maxBinaryBytes);
  budget.bigint = bigint;
  const parts = [];
  for (let index = 0; index < args.length; index += 1) {
    try {
      if (index > 0) {
        charge(budget, 1);
      }
      parts.push(encodeArgument(args[index], budget));
    } catch (error) {
      const refused = argumentError(channel, { limit, binaryLimit: maxBinaryBytes }, index, error, limit - budget.left);
      if (refused === undefined) {
        throw error;
      }
      return { error: refused };
    }
  }
  return sized(channel, limit, `[${parts.join(",")}]`, budget.buffers);
}

/**
 * The arguments of a call from a renderer, converted as `encodeArgs` does
 * and answered exactly as it would answer them: first walked without any
 * text (`measureValue`), then written by one `JSON.stringify` when that
 * writes the same text as `encodeValue` (plain data of this realm, with no
 * `toJSON` on `Object.prototype` or `Array.prototype`), else by
 * `encodeValue`. The walk decides every refusal, so both ways answer alike.
 */
function encodeReceived(channel, args, { maxPayloadBytes: limit, maxBinaryBytes, bigint = false }) {
  // Array.prototype inherits from Object.prototype: one test covers both.
  const walk = { plain: !("toJSON" in Array.prototype), binary: 0, bigint };
  let left = limit;
  for (let index = 0; index < args.length && left >= 0; index += 1) {
    if (index > 0) {
      left -= 1;
    }
    const arg = args[index];
    if (arg === undefined) {
      // `null` in both ways; JSON.stringify would write it too, but the
      // strict writer is the one that says so.
      walk.plain = false;
      left -= 4;
      continue;
    }
    try {
      left = measureValue(arg, 0, left, walk);
    } catch (error) {
      if (!(error instanceof Refusal)) {
        throw error;
      }
      // A path starts with a key, not with a dot: `items[2].title`.
      if (error.path.startsWith(".")) {
        error.path = error.path.slice(1);
      }
      return { error: argumentError(channel, { limit }, index, error, 0) };
    }
  }
  if (left < 0) {
    return { error: tooLarge(channel, limit, limit - left) };
  }
  // The bytes are counted, never read: nothing is copied before this check.
  if (walk.binary > maxBinaryBytes) {
    return { error: tooManyBytes(channel, maxBinaryBytes, walk.binary) };
  }
  let json;
  let buffers = [];
  try {
    if (walk.plain) {
      json = JSON.stringify(args);
    } else {
      const unlimited = budgetOf(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
      unlimited.bigint = bigint;
      json = `[${args.map((arg) => encodeArgument(arg, unlimited)).join(",")}]`;
      buffers = unlimited.buffers;
    }
  } catch (error) {
    // Longer than a JavaScript string can be, so longer than any limit it
    // could be checked against: `size` says only that it is over.
    if (error instanceof RangeError) {
      return { error: tooLarge(channel, limit, limit + 1) };
    }
    throw error;
  }
  return sized(channel, limit, json, buffers);
}

/** `{ json, buffers }`, or the error envelope when the JSON's UTF-8 size is over the limit. */
function sized(channel, limit, json, buffers) {
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two
  // units, is 4): text that short is within the limit without counting.
  if (json.length * 3 <= limit) {
    return { json, buffers };
  }
  const size = Buffer.byteLength(json, "utf8");
  return size > limit ? { error: tooLarge(channel, limit, size) } : { json, buffers };
}

/** One whole argument: `undefined` is `null`, so Option parameters accept it. */
function encodeArgument(arg, budget) {
  if (arg === undefined) {
    charge(budget, 4);
    return "null";
  }
  return encodeValue(arg, "", 0, budget);
}

/** The envelope for a refusal or an overflow thrown while converting argument `index`; `undefined` for anything else. */
function argumentError(channel, { limit, binaryLimit }, index, error, reached) {
  if (error instanceof BinaryOverflow) {
    return tooManyBytes(channel, binaryLimit, error.size);
  }
  if (error instanceof Refusal) {
    const where = error.path === "" ? "" : ` at ${error.path}`;
    const message = `${channel}: argument ${index}${where} ${error.reason}`;
    return failure("ERR_BAD_ARGUMENTS", message, { index, path: error.path || "." });
  }
  if (error instanceof Overflow) {
    return tooLarge(channel, limit, reached);
  }
  return undefined;
}

/**
 * `ERR_PAYLOAD_TOO_LARGE`. `size` is the size of the arguments as JSON, or,
 * when the conversion stopped as soon as it knew, the size it had counted.
 */
function tooLarge(channel, limit, size) {
  const message = `${channel}: the arguments are larger than the limit of ${limit} bytes`;
  return failure("ERR_PAYLOAD_TOO_LARGE", message, { limit, size });
}

/** `ERR_PAYLOAD_TOO_LARGE` for the bytes of a call's Uint8Arrays: `size` is their total. */
function tooManyBytes(channel, limit, size) {
  const message = `${channel}: the arguments carry ${size} bytes of Uint8Array, above the limit of ${limit} bytes`;
  return failure("ERR_PAYLOAD_TOO_LARGE", message, { limit, size });
}

/**
 * Walks a renderer's value as `encodeValue` converts it, without writing
 * any text: throws the same Refusal, and answers what is left of a budget
 * of `left` characters after a lower bound of its text (a number counts one
 * character, a string its length and quotes); negative once it runs out,
 * at which point the walk stops. Each value visited costs at least one
 * character, so a structure that shares values cannot make the walk longer
 * than the limit. Clears `walk.plain` where `JSON.stringify` would write
 * other text than `encodeValue`: unsafe integers (exponent form),
 * `Uint8Array` (a placeholder; its bytes are added to `walk.binary`, not
 * read), and arrays and objects of another realm (whose prototypes
 * this realm's `toJSON` check does not cover). No path is built on the way
 * down: a Refusal collects it on the way up (`within`).
 */
function measureValue(value, depth, left, walk) {
  switch (typeof value) {
    case "string":
      // Escapes are counted when the text is written.
      return left - value.length - 2;
    case "boolean":
      return left - (value ? 4 : 5);
    case "number":
      if (value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER) {
        return left - 1;
      }
      checkNumber(value, "");
      // Beyond ±(2^53−1) every finite number is an integer: exponent form.
      walk.plain = false;
      return left - 1;
    case "bigint":
      if (walk.bigint) {
        // Its decimal digits (`encodeValue`), at least one character.
        walk.plain = false;
        return left - 1;
      }
      break;
    case "object": {
      if (value === null) {
        return left - 4;
      }
      if (depth >= MAX_DEPTH) {
        throw new Refusal("", `is nested deeper than ${MAX_DEPTH} levels`);
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Object.prototype || prototype === null) {
        return measureObject(value, depth, left, walk);
      }
      if (Array.isArray(value)) {
        if (prototype !== Array.prototype) {
          walk.plain = false;
        }
        return measureArray(value, depth, left, walk);
      }
      if (isUint8Array(value)) {
        checkUnshared(value, "");
        walk.plain = false;
        walk.binary += value.byteLength;
        return left - PLACEHOLDER_LENGTH;
      }
      if (isPlainObject(value)) {
        walk.plain = false;
        return measureObject(value, depth, left, walk);
      }
      break;
    }
    default:
      break;
  }
  throw refused("", value);
}

function measureArray(array, depth, left, walk) {
  const length = array.length;
  let rest = left - (length > 0 ? length + 1 : 2);
  for (let i = 0; i < length && rest >= 0; i += 1) {
    try {
      rest = measureValue(arrayItem(array, i, ""), depth + 1, rest, walk);
    } catch (error) {
      throw within(`[${i}]`, error);
    }
  }
  return rest;
}

/**
 * `Object.prototype.hasOwnProperty`, taken when the runtime loads. Called
 * as `ownProperty.call(object, key)` on the key of a `for…in` over the
 * same object, V8 answers it from the loop's enum cache (a map check)
 * instead of a lookup: about three times faster than `Object.hasOwn` there.
 */
const ownProperty = Object.prototype.hasOwnProperty;

function measureObject(object, depth, left, walk) {
  let rest = left - 2;
  let first = true;
  // `for…in` with an own-property check visits the keys `Object.keys`
  // lists, in the same order, without allocating an array of them for every
  // object: at 1 MiB of small records those arrays were most of the glue's
  // peak memory (BENCHMARKS.md, "Memory").
  for (const key in object) {
    if (!ownProperty.call(object, key)) {
      continue;
    }
    const item = object[key];
    // As with JSON.stringify, a property holding undefined is left out.
    if (item === undefined) {
      continue;
    }
    rest -= key.length + (first ? 3 : 4);
    first = false;
    if (rest < 0) {
      return rest;
    }
    if (key === BYTES_KEY || (walk.bigint && key === BIGINT_KEY)) {
      throw reservedKey(`.${key}`, key);
    }
    try {
      rest = measureValue(item, depth + 1, rest, walk);
    } catch (error) {
      throw within(`.${key}`, error);
    }
    if (rest < 0) {
      return rest;
    }
  }
  return rest;
}

/** A Refusal thrown inside `segment` (`[2]`, `.title`) gets it in front of its path. */
function within(segment, error) {
  if (error instanceof Refusal) {
    error.path = segment + error.path;
  }
  return error;
}

/** Converts one value strictly, counting its text against `budget` before writing it. */
function encodeValue(value, path, depth, budget) {
  switch (typeof value) {
    case "string":
      return encodeString(value, budget);
    case "boolean":
      charge(budget, value ? 4 : 5);
      return value ? "true" : "false";
    case "number": {
      checkNumber(value, path);
      // An integer JavaScript cannot hold exactly travels in exponent form,
      // which no Rust integer type accepts.
      const text =
        Number.isSafeInteger(value) || !Number.isInteger(value) ? JSON.stringify(value) : value.toExponential();
      charge(budget, text.length);
      return text;
    }
    case "bigint":
      if (budget.bigint) {
        // Its exact digits, which the Rust types of 64-bit integers take whole.
        const text = value.toString();
        charge(budget, text.length);
        return text;
      }
      break;
    case "object":
      if (value === null) {
        charge(budget, 4);
        return "null";
      }
      if (depth >= MAX_DEPTH) {
        throw new Refusal(path, `is nested deeper than ${MAX_DEPTH} levels`);
      }
      if (Array.isArray(value)) {
        return encodeArray(value, path, depth, budget);
      }
      if (isUint8Array(value)) {
        checkUnshared(value, path);
        return placeholder(value, budget);
      }
      if (isPlainObject(value)) {
        return encodeObject(value, path, depth, budget);
      }
      break;
    default:
      break;
  }
  throw refused(path, value);
}

/** A string as JSON: its length is charged before it is written, its escapes after. */
function encodeString(text, budget) {
  charge(budget, text.length + 2);
  const json = JSON.stringify(text);
  charge(budget, json.length - text.length - 2);
  return json;
}

function encodeArray(array, path, depth, budget) {
  charge(budget, 2);
  const parts = [];
  for (let i = 0; i < array.length; i += 1) {
    const itemPath = `${path}[${i}]`;
    const item = arrayItem(array, i, itemPath);
    if (i > 0) {
      charge(budget, 1);
    }
    parts.push(encodeValue(item, itemPath, depth + 1, budget));
  }
  return `[${parts.join(",")}]`;
}

function encodeObject(object, path, depth, budget) {
  charge(budget, 2);
  const parts = [];
  for (const key of Object.keys(object)) {
    const item = object[key];
    // As with JSON.stringify, a property holding undefined is left out.
    if (item === undefined) {
      continue;
    }
    if (key === BYTES_KEY || (budget.bigint && key === BIGINT_KEY)) {
      throw reservedKey(path === "" ? key : `${path}.${key}`, key);
    }
    // The key is charged before it is escaped, as a string value is.
    const name = encodeString(key, budget);
    charge(budget, parts.length > 0 ? 2 : 1);
    parts.push(`${name}:${encodeValue(item, path === "" ? key : `${path}.${key}`, depth + 1, budget)}`);
  }
  return `{${parts.join(",")}}`;
}

/** Item `i` of an array; a hole or `undefined` is refused (JSON.stringify would write null). */
function arrayItem(array, i, itemPath) {
  if (!Object.hasOwn(array, i)) {
    throw new Refusal(itemPath, "is a hole in the array");
  }
  const item = array[i];
  if (item === undefined) {
    throw new Refusal(itemPath, "is undefined, which arrays cannot carry (use null)");
  }
  return item;
}

function checkNumber(value, path) {
  if (!Number.isFinite(value)) {
    throw new Refusal(path, `is ${value}, which JSON cannot carry`);
  }
}

/**
 * A Uint8Array as its placeholder `{"$ipcBytes":n}`: the view itself (not
 * its whole ArrayBuffer, and never a copy) becomes buffer `n` of the call.
 */
function placeholder(bytes, budget) {
  budget.binaryLeft -= bytes.byteLength;
  if (budget.binaryLeft < 0) {
    throw new BinaryOverflow(budget.binaryLimit - budget.binaryLeft);
  }
  const text = `{"${BYTES_KEY}":${budget.buffers.length}}`;
  charge(budget, text.length);
  budget.buffers.push(bytes);
  return text;
}

/**
 * Refuses a Uint8Array over a SharedArrayBuffer (main-process code can make
 * one; structured clone between processes cannot): another thread could
 * write its bytes while Rust reads them.
 */
function checkUnshared(bytes, path) {
  if (Object.prototype.toString.call(bytes.buffer) === "[object SharedArrayBuffer]") {
    throw new Refusal(path, "is a Uint8Array over a SharedArrayBuffer, which cannot be sent: copy it first");
  }
}

/** The refusal of an object with a placeholders' key, which only the glue may write. */
function reservedKey(path, key) {
  const what = key === BYTES_KEY ? "Uint8Arrays" : "BigInts";
  return new Refusal(path, `is the key "${key}", which is reserved for the placeholders of ${what}`);
}

/**
 * JSON text with placeholders (from Rust, or from the conversion) as a
 * value, buffer `n` in place of `{ "$ipcBytes": n }` and, when `bigints`
 * says the text holds that many, `BigInt(d)` in place of each
 * `{ "$ipcBigInt": "d" }`. Without either, one `JSON.parse`: an answer
 * without bytes or bigints is never walked. Throws when a placeholder is
 * malformed, names no buffer or a buffer twice, a buffer is left over, or
 * the bigint placeholders are not exactly `bigints` (a Rust map with the
 * key would make one more: it is refused, never revived).
 */
function revive(json, buffers, bigints) {
  const hasBuffers = buffers !== undefined && buffers !== null && buffers.length !== 0;
  const hasBigInts = bigints !== undefined && bigints !== null;
  if (!hasBuffers && !hasBigInts) {
    return JSON.parse(json);
  }
  if (hasBuffers && (!Array.isArray(buffers) || !buffers.every(isUint8Array))) {
    throw new TypeError("the buffers beside the JSON must be an array of Uint8Array");
  }
  if (hasBigInts && !(Number.isSafeInteger(bigints) && bigints > 0)) {
    throw new TypeError("the count of bigint placeholders must be a positive integer");
  }
  // One JSON.parse, then one walk that replaces the placeholders in place:
  // several times faster than a JSON.parse reviver, which calls back for
  // every value (BENCHMARKS.md, "64-bit integers").
  const state = {
    buffers: hasBuffers ? buffers : undefined,
    taken: hasBuffers ? new Array(buffers.length).fill(false) : undefined,
    bigint: hasBigInts,
    revived: 0,
  };
  const value = revived(JSON.parse(json), state);
  if (hasBuffers && state.taken.includes(false)) {
    throw new TypeError("a buffer beside the JSON is named by no placeholder");
  }
  if (hasBigInts && state.revived !== bigints) {
    throw new TypeError(`the JSON holds ${state.revived} bigint placeholders, not the ${bigints} its answer counts`);
  }
  return value;
}

/** `value` (parsed JSON) with its placeholders replaced, in place; see `revive`. */
function revived(value, state) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item = value[i];
      if (item !== null && typeof item === "object") {
        value[i] = revived(item, state);
      }
    }
    return value;
  }
  if (state.bigint && Object.hasOwn(value, BIGINT_KEY)) {
    const digits = value[BIGINT_KEY];
    if (typeof digits !== "string" || !BIGINT_DIGITS.test(digits) || !hasOneKey(value)) {
      throw new TypeError(`a bigint placeholder is malformed: ${JSON.stringify(value)}`);
    }
    state.revived += 1;
    return BigInt(digits);
  }
  if (state.buffers !== undefined && Object.hasOwn(value, BYTES_KEY)) {
    const index = value[BYTES_KEY];
    if (
      !hasOneKey(value) ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= state.buffers.length ||
      state.taken[index]
    ) {
      throw new TypeError(`a bytes placeholder names no buffer left: ${JSON.stringify(value)}`);
    }
    state.taken[index] = true;
    return state.buffers[index];
  }
  for (const key in value) {
    const item = value[key];
    if (item !== null && typeof item === "object" && Object.hasOwn(value, key)) {
      const replaced = revived(item, state);
      if (replaced !== item) {
        // JSON.parse made `__proto__` an own property: define it, never set it
        // (which would change the object's prototype).
        Object.defineProperty(value, key, { value: replaced, writable: true, enumerable: true, configurable: true });
      }
    }
  }
  return value;
}

/** Whether a parsed object has exactly one own key (a placeholder's). */
function hasOneKey(object) {
  let keys = 0;
  for (const key in object) {
    if (Object.hasOwn(object, key)) {
      keys += 1;
      if (keys > 1) {
        return false;
      }
    }
  }
  return keys === 1;
}

function isUint8Array(value) {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === "[object Uint8Array]";
}

/** Objects whose prototype is `Object.prototype` (of any realm) or null. */
function isPlainObject(value) {
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null) {
    return true;
  }
  return Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === "[object Object]";
}

function refused(path, value) {
  return new Refusal(
    path,
    `is ${describe(value)}, which cannot be sent: use plain objects, arrays, strings, numbers, booleans, null or Uint8Array`,
  );
}

/** "undefined", "a bigint", "a Map": what a refused value is. */
function describe(value) {
  if (value === undefined) {
    return "undefined";
  }
  const type = typeof value === "object" ? Object.prototype.toString.call(value).slice(8, -1) : typeof value;
  return `${/^[aeiouAEIOU]/.test(type) ? "an" : "a"} ${type}`;
}

/**
 * The sink given to the backend: delivers one event to its target, and only
 * to frames that pass the same checks as callers (docs/wire.md, "Events").
 */
function deliverEvent(settings, channel, argsJson, target, buffers, bigints) {
  if (!settings.table.eventChannels.has(channel)) {
    const name = String(channel);
    report(settings, name, "ERR_UNKNOWN_CHANNEL", "the backend emitted an event the schema does not declare; dropped", {
      channel: name,
    });
    return;
  }
  let args;
  try {
    args = revive(argsJson, buffers, bigints);
  } catch {
    args = undefined;
  }
  if (!Array.isArray(args)) {
    report(
      settings,
      channel,
      "ERR_BAD_RESPONSE",
      "the backend emitted event arguments that are not a JSON array; dropped",
    );
    return;
  }
  let frames;
  try {
    frames = targetFrames(settings.table, target);
  } catch (error) {
    report(settings, channel, "ERR_TRANSPORT", `the event was dropped: ${messageOf(error)}`, undefined, error);
    return;
  }
  const required = settings.table.required.get(channel);
  for (const frame of frames) {
    try {
      if (
        !frame.isDestroyed?.() &&
        refusal(settings, frameInfo(frame)) === undefined &&
        (required === undefined || frameHolds(settings, frame, required))
      ) {
        frame.send(channel, ...args);
      }
    } catch {
      // The frame went away between the lookup and the send; the others still get the event.
    }
  }
}

/** The frames a target names: main frames for "all" and "webContents", one frame for "frame". */
function targetFrames({ webContents, webFrameMain }, target) {
  switch (target?.kind) {
    case "all":
      return webContents
        .getAllWebContents()
        .map(mainFrameOf)
        .filter((frame) => frame !== undefined);
    case "webContents": {
      const frame = mainFrameOf(webContents.fromId(target.id));
      return frame === undefined ? [] : [frame];
    }
    case "frame": {
      const frame = webFrameMain.fromId(target.processId, target.frameId);
      return frame ? [frame] : [];
    }
    default:
      throw new TypeError(`unknown event target ${JSON.stringify(target)}`);
  }
}

function mainFrameOf(contents) {
  try {
    return contents && !contents.isDestroyed() ? (contents.mainFrame ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

// Capabilities (docs/wire.md, "Capabilities"): a channel may require named
// capabilities (`#[service(capability = "…")]`, `#[ipc(capability = "…")]`),
// which the app grants to a window with `registration.grant(win, [...], { origin })`.
// A grant is bound to that webContents and to the origin it was given for: it
// holds for the window's main frame while that frame is at the origin (reloads
// included), is dropped when the window navigates to another origin or is
// destroyed, and never holds for a subframe. Calls, sends and sendSyncs of a
// channel whose capabilities the sending frame lacks are refused with
// ERR_FORBIDDEN (`data: { reason, capability }`) before anything else; its
// events reach only frames that hold them. The preload learns what its window
// holds from main, on `ipc:grants`, when it loads.

/** The sendSync channel on which a preload asks main which capabilities its window holds. */
const GRANTS_CHANNEL = "ipc:grants";

/** A capability name: lowercase kebab-case, as `electron_ipc_schema::names::check_capability` says. */
const CAPABILITY_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Longest capability name. */
const MAX_CAPABILITY_LENGTH = 64;

function isCapability(name) {
  return typeof name === "string" && name.length <= MAX_CAPABILITY_LENGTH && CAPABILITY_NAME.test(name);
}

function isCapabilityList(list) {
  return Array.isArray(list) && list.every(isCapability);
}

/** A refusal for want of a capability: the reason, and the capability that is missing. */
class Denied {
  constructor(reason, capability) {
    this.reason = reason;
    this.capability = capability;
  }
}

/** `data` of the ERR_FORBIDDEN that answers a refusal (a sender check's reason, or a Denied). */
function refusalData(refused) {
  return typeof refused === "string" ? { reason: refused } : { reason: refused.reason, capability: refused.capability };
}

/**
 * `identify`, then the capabilities the channel requires: the sender, or why
 * it is refused (a string for the sender checks, a Denied for a capability).
 * A channel that requires none costs one Map lookup more.
 */
function identifyGranted(settings, channel, event) {
  const sender = identify(settings, event);
  const required = settings.table.required.get(channel);
  if (required === undefined || typeof sender === "string") {
    return sender;
  }
  const missing = missingCapability(settings, required, sender.isMainFrame, sender.webContentsId, sender);
  return missing === undefined ? sender : missing;
}

/**
 * The first of `required` that the frame does not hold, as a Denied, or
 * `undefined` when it holds them all. `frame` has `origin` and `url`.
 */
function missingCapability(settings, required, isMainFrame, webContentsId, frame) {
  if (!isMainFrame) {
    return new Denied(`capability "${required[0]}" is required, and a subframe holds none`, required[0]);
  }
  const held = heldBy(settings, webContentsId, frame);
  for (const capability of required) {
    if (held === undefined || !held.capabilities.has(capability)) {
      return new Denied(`capability "${capability}" is required, and this window was not granted it`, capability);
    }
  }
  return undefined;
}

/**
 * The grant of a window whose main frame is `frame`, if it still holds: a
 * grant whose window is now at another origin is dropped here too (besides
 * on `did-navigate`), so no path keeps a grant across origins.
 */
function heldBy(settings, webContentsId, frame) {
  const held = settings.grants.get(webContentsId);
  if (held === undefined) {
    return undefined;
  }
  if (!atGrantedOrigin(held.origin, frame)) {
    dropGrant(settings, webContentsId);
    return undefined;
  }
  return held;
}

/** Whether a frame is where a grant was given: its origin, or the exact file URL (query and fragment aside). */
function atGrantedOrigin(origin, frame) {
  if (typeof frame.url !== "string" || frame.url === "" || ABOUT_URL.test(frame.url)) {
    return false;
  }
  if (isFileUrl(origin)) {
    return frame.origin === "file://" && frame.url.replace(/[?#].*$/s, "") === origin;
  }
  return frame.origin === origin;
}

/** Whether an event frame (a WebFrameMain) is the main frame of a window that holds `required`. */
function frameHolds(settings, frame, required) {
  if (frame.parent !== null) {
    return false;
  }
  for (const [webContentsId, held] of settings.grants) {
    let isMain = false;
    try {
      const main = held.contents.isDestroyed() ? undefined : held.contents.mainFrame;
      isMain = main?.processId === frame.processId && main?.routingId === frame.routingId;
    } catch {
      isMain = false;
    }
    if (isMain) {
      return missingCapability(settings, required, true, webContentsId, frame) === undefined;
    }
  }
  return false;
}

/** The webContents of a BrowserWindow, a WebContentsView or a webContents itself. */
function contentsOf(target, what = "grant") {
  const contents = target?.webContents ?? target;
  if (
    contents === null ||
    typeof contents !== "object" ||
    !Number.isSafeInteger(contents.id) ||
    typeof contents.on !== "function"
  ) {
    throw new TypeError(`${what}: the target must be a BrowserWindow, a WebContentsView or a webContents`);
  }
  if (contents.isDestroyed?.()) {
    throw new TypeError(`${what}: the window is destroyed`);
  }
  return contents;
}

/**
 * `registration.grant(target, capabilities, { origin })`: the window may use
 * the channels that require these capabilities while its main frame is at
 * `origin` (one of `allowedOrigins`, or one of its `file:///…` URLs). Adds
 * to what the window already holds at that origin; a grant for another
 * origin replaces the window's grant. Give it before the page loads: the
 * preload learns the grants when it loads (a later grant is enforced by main
 * at once, and the preload shows it after the next load).
 */
function grant(settings, target, capabilities, grantOptions) {
  const contents = contentsOf(target);
  if (!isCapabilityList(capabilities) || capabilities.length === 0) {
    throw new TypeError(
      `grant: capabilities must be a non-empty array of capability names (lowercase kebab-case, e.g. ["settings"]), got ${JSON.stringify(capabilities)}`,
    );
  }
  const origin = grantOptions?.origin;
  const allowed =
    typeof origin === "string" && (settings.allowedOrigins.includes(origin) || settings.allowedFiles.has(origin));
  if (!allowed) {
    throw new TypeError(
      `grant: options.origin must be one of allowedOrigins (the origin, or the file:/// URL, of the page the window loads), got ${JSON.stringify(origin)}`,
    );
  }
  const known = new Set([...settings.table.required.values()].flat());
  const unknown = capabilities.find((capability) => !known.has(capability));
  if (unknown !== undefined) {
    throw new TypeError(`grant: no channel of the schema requires the capability "${unknown}"`);
  }
  let held = settings.grants.get(contents.id);
  if (held !== undefined && held.origin !== origin) {
    dropGrant(settings, contents.id);
    held = undefined;
  }
  if (held === undefined) {
    // Navigation to another origin drops the grant; a reload, or a
    // navigation within the origin, keeps it.
    const navigated = () => {
      let frame;
      try {
        frame = contents.mainFrame;
      } catch {
        frame = undefined;
      }
      if (frame === undefined || frame === null || !atGrantedOrigin(origin, frame)) {
        dropGrant(settings, contents.id);
      }
    };
    const member = { navigated, destroyed: () => dropGrant(settings, contents.id) };
    joinWatch(settings, contents, member);
    held = {
      contents,
      origin,
      capabilities: new Set(),
      forget: () => member.watch?.leave(member),
    };
    settings.grants.set(contents.id, held);
  }
  for (const capability of capabilities) {
    held.capabilities.add(capability);
  }
}

/** `registration.revoke(target, capabilities?)`: takes back these capabilities, or all of them. */
function revoke(settings, target, capabilities) {
  const contents = target?.webContents ?? target;
  const held = settings.grants.get(contents?.id);
  if (held === undefined || held.contents !== contents) {
    return;
  }
  if (capabilities === undefined) {
    dropGrant(settings, contents.id);
    return;
  }
  if (!isCapabilityList(capabilities)) {
    throw new TypeError(
      `revoke: capabilities must be an array of capability names, got ${JSON.stringify(capabilities)}`,
    );
  }
  for (const capability of capabilities) {
    held.capabilities.delete(capability);
  }
  recheckStreams(settings, contents.id);
}

function dropGrant(settings, webContentsId) {
  const held = settings.grants.get(webContentsId);
  if (held !== undefined) {
    settings.grants.delete(webContentsId);
    held.forget();
    recheckStreams(settings, webContentsId);
  }
}

/**
 * Answers the preload's `ipc:grants` (a sendSync at preload load) with the
 * capabilities the sending frame holds, sorted; `[]` for a frame that fails
 * the sender checks, a subframe or a window without grants. The page cannot
 * forge the answer: it comes from main's own table, for the frame Electron
 * names as the sender.
 */
function serveGrants(settings, undo) {
  const { ipc } = settings;
  const listener = (event) => {
    let held = [];
    try {
      const sender = identify(settings, event);
      if (typeof sender !== "string" && sender.isMainFrame) {
        const grant = heldBy(settings, sender.webContentsId, sender);
        held = grant === undefined ? [] : [...grant.capabilities].sort();
      }
    } catch (error) {
      failInMain(settings, GRANTS_CHANNEL, error);
    }
    event.returnValue = held;
  };
  ipc.on(GRANTS_CHANNEL, listener);
  undo.push(() => {
    ipc.removeListener(GRANTS_CHANNEL, listener);
    // The registration's own streams end with it, not for want of a capability.
    gatedStreams.delete(settings);
    for (const webContentsId of [...settings.grants.keys()]) {
      dropGrant(settings, webContentsId);
    }
  });
}

/**
 * webPreferences for a window that loads the generated preload: context
 * isolation and the sandbox on, Node.js off everywhere. Throws when
 * `preferences` tries to turn any of them back.
 */
function secureWebPreferences(preferences) {
  if (preferences === null || typeof preferences !== "object") {
    throw new TypeError("secureWebPreferences({ preload }): pass an object with the absolute path of preload.js");
  }
  const { preload, ...rest } = preferences;
  if (typeof preload !== "string" || !ABSOLUTE_PATH.test(preload)) {
    throw new TypeError(
      `secureWebPreferences: \`preload\` must be the absolute path of preload.js, got ${JSON.stringify(preload)}`,
    );
  }
  for (const [name, value] of Object.entries(LOCKED_PREFERENCES)) {
    if (name in rest && rest[name] !== value) {
      throw new Error(`secureWebPreferences: ${name} must stay ${value}; the generated preload relies on it`);
    }
  }
  return { ...rest, preload, ...LOCKED_PREFERENCES };
}

// ---- Cancellation (docs/wire.md, "Cancellation and deadlines") ----

/** The preload announces the id of its next invoke here, when the page can cancel it. */
const CALL_CHANNEL = "ipc:call";

/** The preload cancels the call it announced with that id here. */
const CANCEL_CHANNEL = "ipc:cancel";

/**
 * Ids of the calls handed to backends, shared by every glue of the process
 * (a Node-API addon keeps one table of calls per environment, whichever
 * glue called it): 1, 2, 3, … up to 2^53 - 1.
 */
const BACKEND_CALL_IDS = Symbol.for("electron-ipc.backendCallIds");
if (globalThis[BACKEND_CALL_IDS] === undefined) {
  globalThis[BACKEND_CALL_IDS] = { next: 1 };
}
const backendCallIds = globalThis[BACKEND_CALL_IDS];

/** The ids the preloads announced, the calls the page may cancel, and the frames whose preload disagreed. */
function callRegistry() {
  return {
    /** Frame key → the id its preload announced for its next invoke. */
    announced: new Map(),
    /** `frameKey#pageCallId` → the call the page may cancel. */
    byPage: new Map(),
    /** Frame key → namespace → the mismatch of a frame whose preload was built from another schema. */
    preloads: new Map(),
    /** Channel → its service (namespace), made when a preload first disagrees. */
    serviceOf: undefined,
  };
}

/**
 * What the registration's tables hold: calls in flight (each in its
 * webContents' watch), their page ids, announced ids, frames whose preload
 * disagreed, and the webContents watched for them (a diagnostic; 0 when no
 * call is in flight and no such frame is open).
 */
function inFlightCount(settings) {
  const { calls } = settings;
  let count = calls.byPage.size + calls.announced.size + calls.preloads.size;
  for (const watch of settings.lifecycle.values()) {
    count += watch.calls.size;
    if (watch.hears && (watch.calls.size !== 0 || watch.holdsFrameKeys())) {
      count += 1;
    }
  }
  return count;
}

/** Which frame sent `event`: `webContentsId:processId:frameId` (reading none of the frame's state). */
function frameKeyOf(event) {
  return `${event.sender.id}:${event.processId}:${event.frameId}`;
}

/** The id announced for the frame of `event`, taken (an invoke consumes it). */
function takeAnnounced(calls, event) {
  try {
    const key = frameKeyOf(event);
    const id = calls.announced.get(key);
    calls.announced.delete(key);
    return id;
  } catch {
    return undefined;
  }
}

/**
 * Serves CALL_CHANNEL and CANCEL_CHANNEL for this registration (same sender
 * checks as any channel; a refused or malformed message is dropped), and
 * cancels every call in flight when the registration is disposed.
 */
function serveCancellation(settings, undo) {
  const { ipc, calls } = settings;
  const pageCallId = (event, id) => Number.isSafeInteger(id) && id > 0 && typeof identify(settings, event) !== "string";
  const onCall = (event, id) => {
    if (pageCallId(event, id)) {
      calls.announced.set(frameKeyOf(event), id);
      watchOf(settings, event.sender);
    }
  };
  const onCancel = (event, id) => {
    if (pageCallId(event, id)) {
      calls.byPage.get(`${frameKeyOf(event)}#${id}`)?.cancel("signal");
    }
  };
  ipc.on(CALL_CHANNEL, onCall);
  ipc.on(CANCEL_CHANNEL, onCancel);
  undo.push(() => {
    ipc.removeListener(CALL_CHANNEL, onCall);
    ipc.removeListener(CANCEL_CHANNEL, onCancel);
    for (const watch of [...settings.lifecycle.values()]) {
      for (const call of [...watch.calls]) {
        call.cancel("dispose");
      }
    }
    calls.announced.clear();
  });
}

/**
 * Keeps an invoke answered later cancellable until it settles: by the page
 * (the id it announced), by the end of its frame (closed, reloaded,
 * navigated away: its webContents' watch) and by `dispose`. A cancelled call
 * is answered `ERR_CANCELLED` at once; the backend drops its future
 * (`backend.cancel`), a main-process handler's signal aborts. Resolves with
 * the envelope. What a call adds: an entry in its watch's set (no listener
 * once its page has a watch, no string unless the page gave it an id),
 * removed when it settles; the watch stays for the page's next call.
 */
function trackCall(settings, channel, event, encoded, pageCallId, pending, backendText = false) {
  let watch;
  let processId;
  let frameId;
  let pageKey;
  try {
    watch = watchOf(settings, event.sender);
    processId = event.processId;
    frameId = event.frameId;
    if (pageCallId !== undefined) {
      pageKey = `${frameKeyOf(event)}#${pageCallId}`;
    }
  } catch {
    watch = undefined;
  }
  if (watch === undefined) {
    const envelope = backendText
      ? Promise.resolve(pending).then(backendEnvelope, (error) => {
          throw backendFailed(error);
        })
      : pending;
    return envelope.catch((error) => failInMain(settings, channel, error));
  }
  let call;
  const answered = new Promise((resolve) => {
    call = new TrackedCall(settings, channel, encoded, watch, processId, frameId, pageKey, resolve);
  });
  watch.calls.add(call);
  if (pageKey !== undefined) {
    settings.calls.byPage.set(pageKey, call);
  }
  if (backendText) {
    pending.then(
      (text) => call.answered(text),
      (error) => call.settle(failInMain(settings, channel, backendFailed(error))),
    );
  } else {
    pending.then(
      (envelope) => call.settle(envelope),
      (error) => call.settle(failInMain(settings, channel, error)),
    );
  }
  return answered;
}

/** An invoke in flight (see `trackCall`): in its watch's `calls` until it settles or is cancelled. */
class TrackedCall {
  constructor(settings, channel, encoded, watch, processId, frameId, pageKey, resolve) {
    this.settings = settings;
    this.channel = channel;
    this.encoded = encoded;
    this.watch = watch;
    this.processId = processId;
    this.frameId = frameId;
    this.pageKey = pageKey;
    this.resolve = resolve;
    // Its place in its watch's calls (CallList).
    this.list = undefined;
    this.prev = undefined;
    this.next = undefined;
  }

  settle(envelope) {
    if (this.forget()) {
      this.resolve(envelope);
    }
  }

  /** The backend's answer (its text, as `call` gives it), parsed; one that cannot be is reported even after a cancellation. */
  answered(text) {
    let envelope;
    try {
      envelope = backendEnvelope(text);
    } catch (error) {
      envelope = failInMain(this.settings, this.channel, error);
    }
    this.settle(envelope);
  }

  cancel(reason) {
    if (!this.forget()) {
      return;
    }
    const { settings, channel, encoded } = this;
    this.resolve(failure("ERR_CANCELLED", `${channel} was cancelled`, { reason }));
    encoded.abort?.abort();
    if (typeof settings.backend.cancel === "function") {
      try {
        settings.backend.cancel(encoded.callId);
      } catch (error) {
        report(
          settings,
          channel,
          "ERR_TRANSPORT",
          `the backend failed to cancel: ${messageOf(error)}`,
          undefined,
          error,
        );
      }
    }
  }

  /** Removes the call's entries; false when it was gone already (settled or cancelled). */
  forget() {
    if (!this.watch.calls.delete(this)) {
      return false;
    }
    const { byPage } = this.settings.calls;
    if (this.pageKey !== undefined && byPage.get(this.pageKey) === this) {
      byPage.delete(this.pageKey);
    }
    // The watch of a live page stays for its next call (see "Lifecycle");
    // one that hears nothing has no listener to keep.
    if (!this.watch.hears) {
      this.watch.stopIfIdle();
    }
    return true;
  }
}

// ---- Lifecycle: one watch per webContents ----
//
// What the glue keeps about a webContents lasts as long as its documents:
// the calls its frames have in flight, the ids their preloads announced and
// the schema mismatches they reported ("Cancellation" above), the frames
// that follow states, its grant, its relay role and the requests waiting for
// its answer. One watch per webContents and registration hears Electron's
// events for all of them: `did-navigate` (the main frame's new document; a
// reload too: every document of the window is new), `did-frame-navigate`
// (one frame's new document) and `destroyed`.
//
// Its three listeners are added when the glue first keeps something of the
// webContents. A call that settles leaves them for the page's next call (so
// a page making one call at a time adds and removes nothing per call); they
// are removed when a navigation finds nothing kept (a reload or a new
// document ends every call; the page's next call adds them again), when
// the last member leaves with no call in flight, when the webContents is
// destroyed, and at `dispose`. So a webContents holds at most one set while
// its page lives, however many calls, followers, grants and roles it has,
// and none once it is gone, or navigated with nothing kept. A call in
// flight is an entry of its watch's `calls` (no listener and no closure of
// its own); every other feature joins one member per webContents,
// `{ navigated(), destroyed() }` (either may be missing), and leaves when
// it forgets the webContents. A webContents that is not an event emitter (a test's
// stand-in) gets a watch that hears nothing, so its calls are still
// cancelled by the page and by `dispose`.
//
// Sender handles keep no entry here: they are released when their values
// change, when a new main frame appears and, for a webContents that is
// gone, at the next registration (see "Sender handles").

/**
 * The watch of `contents` (by its id), made (and listening) the first time;
 * `undefined` for something that is not a webContents.
 */
function watchOf(settings, contents) {
  if (contents === null || typeof contents !== "object") {
    return undefined;
  }
  let watch = settings.lifecycle.get(contents.id);
  if (watch === undefined) {
    watch = new ContentsWatch(settings, contents);
    settings.lifecycle.set(watch.id, watch);
  }
  return watch;
}

/** Adds `member` to the watch of `contents`; false when it cannot be watched (nothing was added). */
function joinWatch(settings, contents, member) {
  const watch = watchOf(settings, contents);
  if (watch === undefined || !watch.hears) {
    watch?.stopIfIdle();
    return false;
  }
  watch.join(member);
  return true;
}

/** Stops every watch of the registration (it is disposed). */
function stopWatches(settings) {
  for (const watch of [...settings.lifecycle.values()]) {
    watch.stop();
  }
}

/**
 * The calls in flight of one watch: a doubly linked list through the calls
 * themselves (`prev`, `next`), with the part of a `Set`'s interface the
 * watch uses. A call joins and leaves without hashing (a `Set` of objects
 * gives each call an identity hash) and without reallocating (a `Set`
 * shrinks its table each time it empties, as a lone call's set does).
 */
class CallList {
  constructor() {
    this.head = undefined;
    this.tail = undefined;
    this.size = 0;
  }

  add(call) {
    call.list = this;
    call.prev = this.tail;
    call.next = undefined;
    if (this.tail === undefined) {
      this.head = call;
    } else {
      this.tail.next = call;
    }
    this.tail = call;
    this.size += 1;
  }

  /** Removes `call`; false when it is not in this list. */
  delete(call) {
    if (call.list !== this) {
      return false;
    }
    if (call.prev === undefined) {
      this.head = call.next;
    } else {
      call.prev.next = call.next;
    }
    if (call.next === undefined) {
      this.tail = call.prev;
    } else {
      call.next.prev = call.prev;
    }
    call.list = undefined;
    call.prev = undefined;
    call.next = undefined;
    this.size -= 1;
    return true;
  }

  /** The calls, oldest first (a copy: removing calls while walking it is safe). */
  *[Symbol.iterator]() {
    const calls = [];
    for (let call = this.head; call !== undefined; call = call.next) {
      calls.push(call);
    }
    yield* calls;
  }
}

/** The lifecycle watch of one webContents (see above). */
class ContentsWatch {
  constructor(settings, contents) {
    this.settings = settings;
    this.contents = contents;
    this.id = contents.id;
    /** Its calls in flight (TrackedCall). */
    this.calls = new CallList();
    /** What features keep of it: `{ navigated?(), destroyed?(), watch }`. */
    this.members = new Set();
    this.hears = typeof contents.on === "function" && typeof contents.removeListener === "function";
    if (this.hears) {
      this.onDestroyed = () => this.destroyed();
      this.onNavigate = () => this.navigated();
      this.onFrameNavigate = (_event, _url, _code, _status, isMainFrame, processId, routingId) =>
        this.frameNavigated(isMainFrame, processId, routingId);
      contents.on("destroyed", this.onDestroyed);
      contents.on("did-navigate", this.onNavigate);
      contents.on("did-frame-navigate", this.onFrameNavigate);
    }
  }

  join(member) {
    member.watch = this;
    this.members.add(member);
  }

  leave(member) {
    if (this.members.delete(member)) {
      member.watch = undefined;
      this.stopIfIdle();
    }
  }

  /** The main frame has a new document: every frame's calls end, every member hears it. */
  navigated() {
    this.endFrames(undefined, undefined);
    for (const member of [...this.members]) {
      member.navigated?.();
    }
    this.stopIfIdle();
  }

  /** A frame has a new document: its calls end (all of them for the main frame's). */
  frameNavigated(isMainFrame, processId, routingId) {
    if (isMainFrame) {
      this.endFrames(undefined, undefined);
    } else {
      this.endFrames(processId, routingId);
    }
    this.stopIfIdle();
  }

  destroyed() {
    this.endFrames(undefined, undefined);
    for (const member of [...this.members]) {
      member.destroyed?.();
    }
    this.stop();
  }

  /** Cancels the calls of one frame (`processId`, `routingId`), or of all (`undefined`), and forgets their ids. */
  endFrames(processId, routingId) {
    const all = processId === undefined;
    for (const call of [...this.calls]) {
      if (all || (call.processId === processId && call.frameId === routingId)) {
        call.cancel("frame");
      }
    }
    const { announced, preloads } = this.settings.calls;
    if (announced.size === 0 && preloads.size === 0) {
      return;
    }
    const prefix = `${this.id}:`;
    const frame = `${this.id}:${processId}:${routingId}`;
    for (const map of [announced, preloads]) {
      for (const key of [...map.keys()]) {
        if (all ? key.startsWith(prefix) : key === frame) {
          map.delete(key);
        }
      }
    }
  }

  /**
   * Stops the watch once nothing of its webContents is kept: no call, member,
   * announced id or stale preload (after a navigation, a member's leaving, a
   * refused join; not after each call, see "Lifecycle").
   */
  stopIfIdle() {
    if (this.calls.size === 0 && this.members.size === 0 && !this.holdsFrameKeys()) {
      this.stop();
    }
  }

  /** Whether a frame of the webContents has an announced id or a stale preload. */
  holdsFrameKeys() {
    const { announced, preloads } = this.settings.calls;
    if (announced.size === 0 && preloads.size === 0) {
      return false;
    }
    const prefix = `${this.id}:`;
    for (const map of [announced, preloads]) {
      for (const key of map.keys()) {
        if (key.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Removes the listeners and the watch; its members are left as they are (each feature forgets its own). */
  stop() {
    const { lifecycle } = this.settings;
    if (lifecycle.get(this.id) === this) {
      lifecycle.delete(this.id);
    }
    for (const member of this.members) {
      member.watch = undefined;
    }
    this.members.clear();
    if (this.hears) {
      this.hears = false;
      this.contents.removeListener("destroyed", this.onDestroyed);
      this.contents.removeListener("did-navigate", this.onNavigate);
      this.contents.removeListener("did-frame-navigate", this.onFrameNavigate);
    }
  }
}

// ---- Main-process JavaScript under the bigint policy (docs/wire.md, "Services implemented in main-process JavaScript") ----
//
// Only Rust knows where a value has 64-bit integers. So under the `bigint`
// policy the backend's checks answer what they decoded, encoded again: the
// call's check its arguments (read by `handlerArgs`), `checkEvent` an
// event's arguments or a state's value, and `checkAnswer` what a handler
// answered. The glue then hands over, and sends, those values.

/** What a success envelope's text starts with, as the runtime writes it. */
const OK_PREFIX = '{"ok":true,"value":';

/**
 * The value of a success the backend answered, as JSON text with its
 * buffers and bigint count: `{ json, buffers, bigints }` (the answer was
 * already read by `parseEnvelope`, so its form is known).
 */
function recheckedParts(answer) {
  const [text, buffers = [], bigints] = typeof answer === "string" ? [answer] : answer;
  if (!text.startsWith(OK_PREFIX) || !text.endsWith("}")) {
    throw new TypeError("the backend's check answered an envelope that is not a plain success");
  }
  return { json: text.slice(OK_PREFIX.length, -1), buffers, bigints };
}

/**
 * What a main-process handler answered (`isError`: its error's `data`),
 * converted strictly, BigInts included, then checked and encoded again by
 * the backend's `checkAnswer` with the method's Rust type: `{ value }`, or
 * `{ reason, data }` when it cannot be sent (`data.path` locates a value
 * the Rust type refuses).
 */
function recheckAnswer(settings, channel, value, isError) {
  const result = strictJson(value, settings.maxPayloadBytes, true);
  if (result.reason !== undefined) {
    return result;
  }
  const { backend } = settings;
  if (typeof backend.checkAnswer !== "function") {
    throw new BackendError("ERR_BAD_RESPONSE", "under the bigint policy the backend must check answers (checkAnswer)");
  }
  let answer;
  try {
    answer = backend.checkAnswer(channel, `[${result.json}]`, result.buffers, isError);
  } catch (error) {
    throw backendFailed(error);
  }
  const envelope = backendEnvelope(answer);
  if (!envelope.ok) {
    const { message, data } = envelope.error;
    return { reason: `the Rust type refuses it: ${message}`, data };
  }
  return { value: envelope.value };
}

// ---- Streams from main-process JavaScript (docs/wire.md, "Streams from main-process JavaScript") ----
//
// A stream method of a main-js service opens as a Rust one does (`openStream`
// above): the same sender checks and capabilities, then `backend.openStream`,
// whose router decodes the arguments and counts the stream against the
// frame's limit of open streams. That stream holds the frame's place and
// answers one item, the arguments as Rust checked them. The handler then
// runs and returns an iterable, and `startStream` and `serveStream` post
// the port and pace the pulls with the page's credit, pulling from the
// handler's iterator (`mainJsSource`) instead of the backend. Each item is
// checked against the Rust type by `checkAnswer` before it is posted.

/** What a pull's race answers when the iterator's next item is not there yet. */
const NOT_YET = Symbol("not yet");

/**
 * `startStream` for a stream of a main-process handler: reads the checked
 * arguments (the backend stream's one item), runs the handler with them,
 * the sender and an AbortSignal, and serves the iterable it returns (or
 * resolves to). Answers the opening invoke's envelope, later; never
 * rejects. Before the first item: a thrown object with `data` is the
 * typed setup error (`ERR_HANDLER`), anything else thrown `ERR_PANIC`, and
 * a value that is not iterable `ERR_BAD_RESPONSE`; each gives the frame's
 * place back.
 */
async function startMainJsStream(settings, channel, frame, id, sender, encoded) {
  const { backend } = settings;
  let released = false;
  const release = () => {
    if (released) {
      return;
    }
    released = true;
    try {
      backend.closeStream(id);
    } catch (error) {
      report(settings, channel, "ERR_TRANSPORT", `backend.closeStream failed: ${messageOf(error)}`, undefined, error);
    }
  };
  try {
    if (!Number.isInteger(id) || id < 1) {
      throw new BackendError("ERR_BAD_RESPONSE", "backend.openStream answered no stream id");
    }
    const [first] = await backend.pullStream(id, 1, Number.MAX_SAFE_INTEGER);
    if (first === null || first === undefined) {
      throw new BackendError("ERR_BAD_RESPONSE", "the backend's stream answered no checked arguments");
    }
    const checked = backendEnvelope(first);
    if (!checked.ok) {
      release();
      return checked;
    }
    const { service, name } = settings.table.handled.get(channel);
    const abort = new AbortController();
    let iterator;
    try {
      const iterable = await settings.handlers[service][name](...handlerArgs(encoded, checked), sender, abort.signal);
      iterator = iteratorOf(iterable);
    } catch (error) {
      release();
      return handlerFailure(settings, channel, error);
    }
    if (iterator === undefined) {
      release();
      report(settings, channel, "ERR_BAD_RESPONSE", "the handler of a stream returned something that is not iterable");
      return failure("ERR_BAD_RESPONSE", `${channel}: the main process answered a stream that is not iterable`);
    }
    const source = mainJsSource(settings, channel, iterator, abort, release);
    try {
      return startStream(settings, channel, frame, id, sender, undefined, source);
    } catch (error) {
      source.closeStream(id);
      throw error;
    }
  } catch (error) {
    release();
    return failInMain(settings, channel, error);
  }
}

/**
 * The iterator of what a stream handler returned: an async iterable's
 * (`Symbol.asyncIterator`), else an iterable's (`Symbol.iterator`); a
 * string is not a stream. `undefined` for anything else.
 */
function iteratorOf(value) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return undefined;
  }
  const method =
    typeof value[Symbol.asyncIterator] === "function" ? value[Symbol.asyncIterator] : value[Symbol.iterator];
  if (typeof method !== "function") {
    return undefined;
  }
  const iterator = method.call(value);
  const usable = iterator !== null && typeof iterator === "object" && typeof iterator.next === "function";
  return usable ? iterator : undefined;
}

/**
 * What `serveStream` pulls a main-process handler's items from, in place of
 * the backend: `pullStream(id, items, bytes)` answers a promise of a batch,
 * as the backend's does, calling the iterator's `next()` only while the
 * credit it is given lasts, so a page that stops reading stops the
 * iterator. A batch holds each item checked and encoded by the backend
 * (`checkAnswer`), then, when the iterator ended, `null`, or the envelope
 * the stream ends with: an item the Rust type refuses (`ERR_BAD_RESPONSE`),
 * a thrown object with `data` (the typed error, `ERR_HANDLER`, its `data`
 * checked too), anything else thrown (`ERR_PANIC`). `closeStream` (every
 * end: done, failed, cancelled, the page or its window gone, the
 * registration disposed) aborts the handler's signal, calls the iterator's
 * `return()` unless it ended by itself, and gives the frame's place back;
 * nothing is pulled after it.
 */
function mainJsSource(settings, channel, iterator, abort, release) {
  // A `next()` called within the credit whose item a batch did not wait for.
  let pending;
  // The iterator ended, threw, or was closed: `next()` is not called again.
  let done = false;
  let index = 0;
  const stop = () => {
    if (done) {
      return;
    }
    done = true;
    abort.abort();
    const closed = (error) =>
      report(settings, channel, "ERR_PANIC", `the stream's return() failed: ${messageOf(error)}`, undefined, error);
    try {
      const returned = typeof iterator.return === "function" ? iterator.return() : undefined;
      if (returned !== null && typeof returned?.then === "function") {
        returned.then(undefined, closed);
      }
    } catch (error) {
      closed(error);
    }
  };
  const pull = async (items, bytes) => {
    const batch = [];
    let size = 0;
    while (!done && batch.length < items && size < bytes) {
      let step;
      try {
        const next = pending ?? iterator.next();
        pending = undefined;
        // After the first item, a batch takes only what is ready by the next turn of the event loop.
        step = batch.length === 0 || typeof next?.then !== "function" ? await next : await raceTurn(next);
        if (step === NOT_YET) {
          pending = next;
          break;
        }
      } catch (error) {
        done = true;
        batch.push(thrownEntry(settings, channel, error));
        break;
      }
      if (done) {
        // Closed while the item was on its way: it is dropped.
        break;
      }
      if (step === null || typeof step !== "object") {
        done = true;
        const reason = "the stream's iterator answered a next() result that is not an object";
        report(settings, channel, "ERR_BAD_RESPONSE", reason);
        batch.push(
          JSON.stringify(failure("ERR_BAD_RESPONSE", `${channel}: the main process could not read the stream`)),
        );
        break;
      }
      if (step.done) {
        done = true;
        batch.push(null);
        break;
      }
      const checked = checkYielded(settings, channel, step.value, false);
      if (checked.answer === undefined) {
        // The stream ends here; closeStream calls the iterator's return().
        report(settings, channel, "ERR_BAD_RESPONSE", `item ${index} cannot be sent: ${checked.reason}`, {
          item: index,
          ...checked.data,
        });
        const message = `${channel}: the main process yielded an item that cannot be sent`;
        batch.push(JSON.stringify(failure("ERR_BAD_RESPONSE", message)));
        break;
      }
      index += 1;
      batch.push(checked.answer);
      size += answerSize(checked.answer);
    }
    return batch;
  };
  return {
    pullStream: (_id, items, bytes) => pull(items, bytes),
    closeStream: () => {
      stop();
      pending?.then(undefined, () => {});
      release();
    },
  };
}

/** `next`, or NOT_YET when it has not settled by the next turn of the event loop. */
function raceTurn(next) {
  let timer;
  const turn = new Promise((resolve) => {
    timer = setImmediate(resolve, NOT_YET);
  });
  return Promise.race([next, turn]).finally(() => clearImmediate(timer));
}

/**
 * A stream handler's value (`isError`: its typed error's `data`) converted
 * strictly and checked and encoded by the backend's `checkAnswer`, under
 * either policy: `{ answer }`, the backend's answer as a batch carries it,
 * or `{ reason, data }` when it cannot be sent.
 */
function checkYielded(settings, channel, value, isError) {
  const result = strictJson(value, settings.maxPayloadBytes, settings.bigint === true);
  if (result.reason !== undefined) {
    return result;
  }
  const { backend } = settings;
  if (typeof backend.checkAnswer !== "function") {
    throw new BackendError("ERR_BAD_RESPONSE", "streams of main-process services need backend.checkAnswer");
  }
  let answer;
  try {
    answer = backend.checkAnswer(channel, `[${result.json}]`, result.buffers, isError);
  } catch (error) {
    throw backendFailed(error);
  }
  const envelope = backendEnvelope(answer);
  if (!envelope.ok) {
    const { message, data } = envelope.error;
    return { reason: `the Rust type refuses it: ${message}`, data };
  }
  return { answer };
}

/**
 * The envelope a stream ends with when its iterator throws, as a batch
 * carries it: a thrown object with `data` is the typed error
 * (`ERR_HANDLER`, its `data` checked against the Rust type), anything else
 * `ERR_PANIC`, as for an invoke (`handlerFailure`).
 */
function thrownEntry(settings, channel, error) {
  if (error === null || typeof error !== "object" || !("data" in error)) {
    return JSON.stringify(handlerFailure(settings, channel, error));
  }
  let checked;
  try {
    checked = checkYielded(settings, channel, error.data, true);
  } catch (failed) {
    return JSON.stringify(failInMain(settings, channel, failed));
  }
  if (checked.answer === undefined) {
    report(
      settings,
      channel,
      "ERR_BAD_RESPONSE",
      `the stream's error data cannot be sent: ${checked.reason}`,
      checked.data,
      error,
    );
    return JSON.stringify(
      failure("ERR_BAD_RESPONSE", `${channel}: the main process ended the stream with an error that cannot be sent`),
    );
  }
  const { json, buffers, bigints } = recheckedParts(checked.answer);
  const text = `{"ok":false,"error":{"code":"ERR_HANDLER","message":${JSON.stringify(messageOf(error))},"data":${json}}}`;
  return buffers.length === 0 && !bigints ? text : [text, buffers, bigints ?? 0];
}

// ---- Shared state (docs/wire.md, "State") ----
//
// A state channel carries three messages from the page, all on the state's
// own channel: `invoke()` follows the state and answers its latest version,
// `sendSync("follow")` does the same synchronously, `send("unfollow")` stops.
// Main sends each later version with `frame.send(channel, version, value)`.

/**
 * The states of one registration: the frames that follow each, the values
 * of the main-process services' states, and the versions that wait for the
 * end of the tick to go out (one per state: updates in one tick coalesce).
 */
function createStateHub(settings, undo) {
  const hub = {
    settings,
    /** channel → Map(frame key → { frame: WebFrameMain, contents: its WebContents }) */
    followers: new Map(),
    /** channel → { version, json, buffers } of the main-process services' states */
    owned: new Map(),
    /** channel → { version, json, buffers } waiting for `flushStates` */
    pending: new Map(),
    flush: undefined,
    /** webContents → its member of the webContents' lifecycle watch, which drops its frames */
    watched: new Map(),
    disposed: false,
  };
  undo.push(() => {
    hub.disposed = true;
    if (hub.flush !== undefined) {
      clearImmediate(hub.flush);
      hub.flush = undefined;
    }
    for (const member of hub.watched.values()) {
      member.watch?.leave(member);
    }
    hub.watched.clear();
    hub.followers.clear();
    hub.pending.clear();
  });
  return hub;
}

/** Serves the page's three messages of one state channel. */
function serveState(hub, channel, undo) {
  const { ipc } = hub.settings;
  ipc.handle(channel, (event, ...args) => followState(hub, channel, event, args));
  undo.push(() => ipc.removeHandler(channel));
  const listener = (event, ...args) => {
    if (args[0] === "follow") {
      event.returnValue = followState(hub, channel, event, args.slice(1));
    } else if (args.length === 1 && args[0] === "unfollow") {
      unfollowState(hub, channel, event);
    } else {
      report(hub.settings, channel, "ERR_BAD_ARGUMENTS", 'a state takes "follow" or "unfollow"; dropped');
    }
  };
  ipc.on(channel, listener);
  undo.push(() => ipc.removeListener(channel, listener));
}

/** The key of a frame in `followers`. */
function frameKey(frame) {
  return `${frame.processId}:${frame.routingId}`;
}

/**
 * Follows a state for the sending frame and answers its latest version,
 * `{ ok: true, value: { version, value } }`, or an error envelope. The frame
 * is added before the value is read, so no version published after the read
 * can miss it; one published between is sent too, and the page keeps the
 * higher version.
 */
function followState(hub, channel, event, args) {
  try {
    const sender = identifyGranted(hub.settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(hub.settings, channel, "ERR_FORBIDDEN", `refused: ${data.reason}`, data);
      return failure("ERR_FORBIDDEN", `${channel}: ${data.reason}`, data);
    }
    if (args.length !== 0) {
      const message = `${channel}: following a state takes no arguments, got ${args.length}`;
      return failure("ERR_BAD_ARGUMENTS", message, { expected: 0, received: args.length });
    }
    const envelope = readState(hub, channel, sender);
    if (envelope.ok) {
      addFollower(hub, channel, event.senderFrame, event.sender);
    }
    return envelope;
  } catch (error) {
    return failInMain(hub.settings, channel, error);
  }
}

/** The latest version of a state, as an envelope, from main's own table or from the backend. */
function readState(hub, channel, sender) {
  if (hub.settings.table.stateChannels.get(channel).mainJs) {
    const latest = hub.owned.get(channel);
    if (latest === undefined) {
      const message = `the state \`${channel}\` has no value yet: set it with registerIpc(…).states before pages read it`;
      report(hub.settings, channel, "ERR_BAD_RESPONSE", message);
      return failure("ERR_BAD_RESPONSE", message);
    }
    return { ok: true, value: { version: latest.version, value: revive(latest.json, latest.buffers, latest.bigints) } };
  }
  const envelope = callBackendSync(hub.settings, channel, { json: "[]", buffers: [] }, sender);
  if (envelope.ok && !isVersioned(envelope.value)) {
    const message = "the backend answered a state's read without a version; dropped";
    report(hub.settings, channel, "ERR_BAD_RESPONSE", message);
    return failure("ERR_BAD_RESPONSE", `${channel}: ${message}`);
  }
  return envelope;
}

function isVersioned(read) {
  return read !== null && typeof read === "object" && Number.isSafeInteger(read.version) && "value" in read;
}

function addFollower(hub, channel, frame, contents) {
  if (frame === null || frame === undefined) {
    return;
  }
  let followers = hub.followers.get(channel);
  if (followers === undefined) {
    followers = new Map();
    hub.followers.set(channel, followers);
  }
  followers.set(frameKey(frame), { frame, contents });
  if (!hub.watched.has(contents) && typeof contents?.once === "function") {
    // A closed window, or a page that navigates or reloads, follows nothing any more.
    const forget = () => forgetContents(hub, contents);
    const member = { navigated: forget, destroyed: forget };
    if (joinWatch(hub.settings, contents, member)) {
      hub.watched.set(contents, member);
    }
  }
}

/** Drops every frame of a webContents from every state. */
function forgetContents(hub, contents) {
  const member = hub.watched.get(contents);
  if (member !== undefined) {
    member.watch?.leave(member);
    hub.watched.delete(contents);
  }
  for (const [channel, followers] of hub.followers) {
    for (const [key, follower] of followers) {
      if (follower.contents === contents || isGone(follower.frame)) {
        followers.delete(key);
      }
    }
    if (followers.size === 0) {
      hub.followers.delete(channel);
    }
  }
}

function isGone(frame) {
  try {
    return frame.isDestroyed?.() === true;
  } catch {
    return true;
  }
}

function unfollowState(hub, channel, event) {
  const frame = event.senderFrame;
  const followers = hub.followers.get(channel);
  if (frame === null || frame === undefined || followers === undefined) {
    return;
  }
  followers.delete(frameKey(frame));
  if (followers.size === 0) {
    hub.followers.delete(channel);
  }
}

/** A new version from the backend's sink: `[version, value]`, sent at the end of the tick. */
function receiveState(hub, channel, argsJson, buffers, bigints) {
  if (hub.settings.table.stateChannels.get(channel).mainJs) {
    report(
      hub.settings,
      channel,
      "ERR_BAD_RESPONSE",
      "the backend published a state main-process JavaScript owns; dropped",
    );
    return;
  }
  let version;
  let json;
  try {
    // `[<version>,<value>]`, as the runtime writes it: the value's text is kept as it is.
    const match = /^\[(\d{1,16}),/.exec(argsJson);
    version = match === null ? Number.NaN : Number(match[1]);
    json = match === null ? "" : argsJson.slice(match[0].length, -1);
  } catch {
    version = Number.NaN;
  }
  if (!Number.isSafeInteger(version) || !argsJson.endsWith("]")) {
    report(hub.settings, channel, "ERR_BAD_RESPONSE", "the backend published a state without a version; dropped");
    return;
  }
  // `bigints` counts the value's placeholders (the version is a plain number).
  schedule(hub, channel, { version, json, buffers: buffers ?? [], bigints: bigints || undefined });
}

/** Keeps the newest version of `channel` for the end of the tick. */
function schedule(hub, channel, latest) {
  if (hub.disposed) {
    return;
  }
  const waiting = hub.pending.get(channel);
  if (waiting === undefined || waiting.version < latest.version) {
    hub.pending.set(channel, latest);
  }
  if (hub.flush === undefined) {
    hub.flush = setImmediate(() => flushStates(hub));
  }
}

/** Sends the newest version of each changed state to the frames that follow it. */
function flushStates(hub) {
  hub.flush = undefined;
  const pending = [...hub.pending];
  hub.pending.clear();
  for (const [channel, { version, json, buffers, bigints }] of pending) {
    const followers = hub.followers.get(channel);
    if (followers === undefined) {
      continue;
    }
    let value;
    try {
      value = revive(json, buffers, bigints);
    } catch (error) {
      report(hub.settings, channel, "ERR_BAD_RESPONSE", `a state's value could not be read: ${messageOf(error)}`);
      continue;
    }
    // A state that requires a capability goes only to windows that still hold it.
    const required = hub.settings.table.required.get(channel);
    for (const [key, { frame }] of followers) {
      try {
        if (isGone(frame)) {
          followers.delete(key);
        } else if (
          refusal(hub.settings, frameInfo(frame)) === undefined &&
          (required === undefined || frameHolds(hub.settings, frame, required))
        ) {
          frame.send(channel, version, value);
        }
      } catch {
        // The frame went away between the lookup and the send; the others still get the version.
        followers.delete(key);
      }
    }
    if (followers.size === 0) {
      hub.followers.delete(channel);
    }
  }
}

/**
 * `registration.states`: for each main-process service with states, one
 * object per state, e.g. `states.window.maximized.set(true)`, `.get()`,
 * `.version`.
 */
function mainStates(hub) {
  const states = {};
  for (const [service, channels] of hub.settings.table.states) {
    const handles = {};
    for (const { channel, name } of channels) {
      handles[name] = Object.freeze({
        set: (value) => setMainState(hub, channel, value),
        get: () => {
          const latest = hub.owned.get(channel);
          return latest === undefined ? undefined : revive(latest.json, latest.buffers, latest.bigints);
        },
        get version() {
          return hub.owned.get(channel)?.version ?? 0;
        },
      });
    }
    states[service] = Object.freeze(handles);
  }
  return Object.freeze(states);
}

/**
 * Publishes a new value of a main-process service's state: converted as
 * strictly as an event's arguments and checked against the Rust type when
 * the backend can (`checkEvent`). A value they refuse throws, and nothing
 * changes.
 */
function setMainState(hub, channel, value) {
  if (hub.disposed) {
    throw new Error(`${channel}: this registration was disposed; set the state through the current one`);
  }
  const bigint = hub.settings.table.bigintChannels.has(channel);
  const encoded = encodeArgs(channel, [value], bigint ? { ...hub.settings, bigint } : hub.settings);
  if (encoded.error !== undefined) {
    throw new TypeError(encoded.error.error.message);
  }
  // Under the `bigint` policy, the value as Rust encoded it again.
  const checked = checkEvent(hub.settings.backend, channel, encoded.json, encoded.buffers, bigint) ?? encoded;
  const version = (hub.owned.get(channel)?.version ?? 0) + 1;
  const latest = { version, json: checked.json.slice(1, -1), buffers: checked.buffers, bigints: checked.bigints };
  hub.owned.set(channel, latest);
  schedule(hub, channel, latest);
  return version;
}

// ---- The handshake with the preload (docs/wire.md, "The handshake") ----

/**
 * Serves HANDSHAKE_CHANNEL: each preload says, once as it loads, which
 * schemas (`{ app, hash }`) it was generated from. A frame whose preload
 * disagrees with this glue has its calls of that schema answered
 * `ERR_SCHEMA_MISMATCH`, naming the part that differs, until the frame
 * ends; each disagreement is reported once to `onError` with the three
 * hashes. `stale`: the addon's mismatches found at registration.
 */
function servePreloadHandshake(settings, stale, undo) {
  const { ipc, calls, table } = settings;
  if (table.schemas.length === 0) {
    return;
  }
  const reported = new Set();
  const checked = typeof settings.backend.schemaHash === "function";
  const onHandshake = (event, announced) => {
    if (typeof identify(settings, event) === "string") {
      return;
    }
    let key;
    try {
      key = frameKeyOf(event);
    } catch {
      return;
    }
    const mismatches = preloadMismatches(table.schemas, stale, checked, announced);
    if (mismatches.size === 0) {
      calls.preloads.delete(key);
      return;
    }
    calls.preloads.set(key, mismatches);
    watchOf(settings, event.sender);
    for (const { mismatch, hashes } of new Set(mismatches.values())) {
      const id = `${mismatch.app} ${hashes.preload}`;
      if (reported.has(id)) {
        continue;
      }
      reported.add(id);
      report(settings, HANDSHAKE_CHANNEL, "ERR_SCHEMA_MISMATCH", preloadMessage(mismatch, hashes), {
        ...mismatch,
        hashes,
      });
    }
  };
  ipc.on(HANDSHAKE_CHANNEL, onHandshake);
  undo.push(() => {
    ipc.removeListener(HANDSHAKE_CHANNEL, onHandshake);
    calls.preloads.clear();
  });
}

/**
 * Namespace → `{ mismatch, hashes }` for each schema of this glue whose hash
 * the preload announced differently. The part that differs: the preload,
 * unless it agrees with the addon (then the main glue is the odd one out).
 * A schema the preload does not name is not its concern; an announcement
 * that is not a list of `{ app, hash }` strings names nothing.
 */
function preloadMismatches(schemas, stale, checked, announced) {
  const found = new Map();
  if (!Array.isArray(announced)) {
    return found;
  }
  for (const { app, hash, namespaces } of schemas) {
    const entry = announced.find((item) => item !== null && typeof item === "object" && item.app === app);
    if (entry === undefined || typeof entry.hash !== "string" || entry.hash === hash) {
      continue;
    }
    const addonMismatch = stale.get(namespaces[0]);
    const addon = !checked ? null : addonMismatch === undefined ? hash : addonMismatch.actual;
    const part = addonMismatch !== undefined && entry.hash === addonMismatch.actual ? "main" : "preload";
    const mismatch = Object.freeze({ part, app, expected: hash, actual: entry.hash });
    const value = Object.freeze({ mismatch, hashes: Object.freeze({ preload: entry.hash, main: hash, addon }) });
    for (const namespace of namespaces) {
      found.set(namespace, value);
    }
  }
  return found;
}

/** What `onError` says of a preload that disagrees: the three hashes and what to rebuild. */
function preloadMessage({ part, app }, { preload, main, addon }) {
  const rebuild =
    part === "main"
      ? "regenerate the main glue (ipc-codegen generate) and rebundle it: the preload and the addon agree"
      : "regenerate the preload (ipc-codegen generate) and rebundle it, or clear the cache that serves an old one";
  return `a page's preload was built from another schema of ${app} (preload ${preload}, main glue ${main}, addon ${addon ?? "not known"}): ${rebuild}`;
}

/** The mismatch of the frame that sent `event` for `channel`'s schema, if its preload disagreed. */
function frameSchemaMismatch(settings, channel, event) {
  const { calls, table } = settings;
  if (calls.preloads.size === 0) {
    return undefined;
  }
  let mismatches;
  try {
    mismatches = calls.preloads.get(frameKeyOf(event));
  } catch {
    return undefined;
  }
  if (mismatches === undefined) {
    return undefined;
  }
  if (calls.serviceOf === undefined) {
    calls.serviceOf = new Map(table.channels.map((entry) => [entry.channel, entry.service]));
  }
  return mismatches.get(calls.serviceOf.get(channel))?.mismatch;
}

// Window-to-window messages (docs/wire.md, "Window-to-window messages"): a
// `#[ipc(relay)]` channel is a message one page sends to the windows of a
// role, through main. Main names windows: `registration.registerWindow(win,
// role)` binds a role to a webContents until it is destroyed. A page sends
// with an invoke of the relay's channel, `(role, options, ...payload)`; main
// applies the sender checks and the channel's capabilities to the sending
// frame, requires its window to have a role, checks the payload with the
// Rust types (the backend answers it decoded and encoded again, so nothing
// the types do not declare reaches the other window), and delivers it to the
// main frames of the windows of the role that pass the same checks, with the
// sender's role, never its id: `(from, ...payload)` for a one-way message,
// `(from, id, ...payload)` for a request, which the receiving preload
// answers on `ipc:relay-answer` and main checks with the Rust types again.

/** The channel on which a receiving preload answers a relay request. */
const RELAY_ANSWER_CHANNEL = "ipc:relay-answer";

/** What the router's route checking a request's answer appends to the channel (`RELAY_ANSWER_SUFFIX` in Rust). */
const RELAY_ANSWER_SUFFIX = "#answer";

/** A role name: lowercase kebab-case, as a capability name, at most 64 characters. */
const ROLE_NAME = CAPABILITY_NAME;

/** Defaults of `registerIpc({ relay })`. */
const DEFAULT_RELAY_LIMITS = Object.freeze({
  /** Relay messages a window may send per second (a token bucket that holds as many). */
  perSecond: 1000,
  /** Requests that may wait for one window's answers at once. */
  pendingPerTarget: 256,
  /** A request's deadline when the page gives none, in milliseconds. */
  timeoutMs: 30_000,
});

/** The longest deadline a page may give a request (setTimeout's limit). */
const MAX_RELAY_TIMEOUT_MS = 2147483647;

/** `registerIpc({ relay })`, checked, with the defaults. */
function readRelayLimits(relay) {
  if (relay === undefined) {
    return DEFAULT_RELAY_LIMITS;
  }
  if (relay === null || typeof relay !== "object") {
    throw new TypeError("registerIpc: `relay` must be { perSecond?, pendingPerTarget?, timeoutMs? }");
  }
  const limits = { ...DEFAULT_RELAY_LIMITS };
  for (const key of Object.keys(DEFAULT_RELAY_LIMITS)) {
    const value = relay[key];
    if (value === undefined) {
      continue;
    }
    if (!Number.isSafeInteger(value) || value <= 0 || (key === "timeoutMs" && value > MAX_RELAY_TIMEOUT_MS)) {
      throw new TypeError(`registerIpc: \`relay.${key}\` must be a positive integer`);
    }
    limits[key] = value;
  }
  return Object.freeze(limits);
}

/** The relay's tables of one registration. */
function relayState() {
  return {
    /** webContents id → `{ contents, role, forget }`, in the order the windows were registered. */
    windows: new Map(),
    /** Every role a window was ever registered with (ERR_UNKNOWN_ROLE is for the others). */
    known: new Set(),
    /** webContents id → `{ tokens, at }`, the sender's token bucket. */
    buckets: new Map(),
    /** Request id → the pending request. */
    pending: new Map(),
    /** webContents id → how many requests wait for its answers. */
    pendingByTarget: new Map(),
    nextId: 1,
  };
}

/**
 * `registration.registerWindow(target, role)`: the window (a BrowserWindow,
 * a WebContentsView or a webContents) holds `role` until it is destroyed or
 * `unregisterWindow` is called. A window holds one role; several windows may
 * share one. Its pages may send relays only once it has a role.
 */
function registerWindow(settings, target, role) {
  if (!settings.table.relays) {
    throw new TypeError("registerWindow: the schema declares no relay (#[ipc(relay)]), so no page would use the role");
  }
  const contents = contentsOf(target, "registerWindow");
  if (typeof role !== "string" || role.length > MAX_CAPABILITY_LENGTH || !ROLE_NAME.test(role)) {
    throw new TypeError(
      `registerWindow: the role must be lowercase kebab-case, at most 64 characters (e.g. "settings"), got ${JSON.stringify(role)}`,
    );
  }
  const { relay } = settings;
  const held = relay.windows.get(contents.id);
  if (held !== undefined) {
    if (held.role === role) {
      return;
    }
    throw new TypeError(`registerWindow: this window already has the role "${held.role}"; unregisterWindow it first`);
  }
  // The document that would answer is gone: its pending requests fail at once.
  const navigated = () => failPendingTo(settings, contents.id, "navigated");
  const destroyed = () => {
    failPendingTo(settings, contents.id, "closed");
    dropWindow(settings, contents.id);
  };
  const member = { navigated, destroyed };
  joinWatch(settings, contents, member);
  relay.windows.set(contents.id, {
    contents,
    role,
    forget: () => member.watch?.leave(member),
  });
  relay.known.add(role);
}

/** `registration.unregisterWindow(target)`: the window no longer has a role; its pending requests fail. */
function unregisterWindow(settings, target) {
  const id = (target?.webContents ?? target)?.id;
  if (settings.relay.windows.has(id)) {
    failPendingTo(settings, id, "closed");
    dropWindow(settings, id);
  }
}

function dropWindow(settings, webContentsId) {
  const { relay } = settings;
  const held = relay.windows.get(webContentsId);
  if (held !== undefined) {
    relay.windows.delete(webContentsId);
    relay.buckets.delete(webContentsId);
    held.forget();
  }
}

/** Serves one relay channel: the page invokes it with `(role, options, ...payload)`. */
function serveRelay(settings, channel, request, undo) {
  const { ipc } = settings;
  ipc.handle(channel, (event, role, options, ...payload) =>
    handleRelay(settings, channel, request, event, role, options, payload),
  );
  undo.push(() => ipc.removeHandler(channel));
}

/**
 * Answers a page's relay with an envelope, or a promise of one for a
 * request: `{ ok: true, value: null }` once a one-way message is delivered,
 * the answer of a request, or the refusal. Never throws.
 */
function handleRelay(settings, channel, request, event, role, options, payload) {
  try {
    const sender = identifyGranted(settings, channel, event);
    if (typeof sender === "string" || sender instanceof Denied) {
      const data = refusalData(sender);
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${data.reason}`, data);
      return failure("ERR_FORBIDDEN", `${channel}: ${data.reason}`, data);
    }
    const from = sender.isMainFrame ? settings.relay.windows.get(sender.webContentsId)?.role : undefined;
    if (from === undefined) {
      const reason = sender.isMainFrame
        ? "this window has no role: main gives it one with registerWindow(win, role)"
        : "a relay is sent from a window's main frame only";
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${reason}`, { reason });
      return failure("ERR_FORBIDDEN", `${channel}: ${reason}`, { reason });
    }
    if (typeof role !== "string" || role.length > MAX_CAPABILITY_LENGTH || !ROLE_NAME.test(role)) {
      const message = `${channel}: the role must be a role name (lowercase kebab-case), got ${describe(role)}`;
      return failure("ERR_BAD_ARGUMENTS", message, { argument: "role" });
    }
    const timeoutMs = request ? relayTimeout(settings, options) : options === null ? 0 : undefined;
    if (timeoutMs === undefined) {
      const message = request
        ? `${channel}: the options must be { timeout } with a positive integer of milliseconds`
        : `${channel}: a one-way relay takes no options`;
      return failure("ERR_BAD_ARGUMENTS", message, { argument: "options" });
    }
    if (!settings.relay.known.has(role)) {
      return failure("ERR_UNKNOWN_ROLE", `${channel}: no window has the role "${role}"`, { role });
    }
    const limited = takeToken(settings, sender.webContentsId);
    if (limited !== undefined) {
      report(settings, channel, "ERR_RATE_LIMITED", `dropped: ${limited.message}`, limited.data);
      return limited;
    }
    const stale = settings.calls.preloads.size === 0 ? undefined : frameSchemaMismatch(settings, channel, event);
    if (stale !== undefined) {
      return failure("ERR_SCHEMA_MISMATCH", staleMessage(channel, stale), stale);
    }
    const targets = relayTargets(settings, channel, sender.webContentsId, role);
    if (typeof targets === "string") {
      return failure(targets, relayTargetMessage(channel, targets, role), { role });
    }
    const encoded = encodeReceived(channel, payload, settings);
    if (encoded.error !== undefined) {
      return encoded.error;
    }
    const checked = callBackend(settings, channel, encoded, sender);
    return checked instanceof Promise
      ? checked.then(
          (envelope) => deliverRelay(settings, channel, request, from, role, targets, envelope, timeoutMs),
          (error) => failInMain(settings, channel, error),
        )
      : deliverRelay(settings, channel, request, from, role, targets, checked, timeoutMs);
  } catch (error) {
    return failInMain(settings, channel, error);
  }
}

/** A request's deadline in milliseconds: the page's `{ timeout }`, or the default; `undefined` for bad options. */
function relayTimeout(settings, options) {
  if (options === null || options === undefined) {
    return settings.relayLimits.timeoutMs;
  }
  if (typeof options !== "object" || Array.isArray(options)) {
    return undefined;
  }
  const { timeout } = options;
  if (timeout === undefined) {
    return settings.relayLimits.timeoutMs;
  }
  return Number.isSafeInteger(timeout) && timeout > 0 && timeout <= MAX_RELAY_TIMEOUT_MS ? timeout : undefined;
}

/**
 * Takes one token of the sender's bucket, which holds `perSecond` tokens and
 * refills at that rate: `undefined`, or the ERR_RATE_LIMITED envelope when
 * it is empty. Each window has its own bucket, so one that floods is
 * refused while the others are not.
 */
function takeToken(settings, webContentsId) {
  const { perSecond } = settings.relayLimits;
  const now = performance.now();
  const { buckets } = settings.relay;
  let bucket = buckets.get(webContentsId);
  if (bucket === undefined) {
    bucket = { tokens: perSecond, at: now };
    buckets.set(webContentsId, bucket);
  } else {
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
  }
  if (bucket.tokens < 1) {
    const data = { limit: perSecond, per: "second" };
    return failure("ERR_RATE_LIMITED", `this window sends more than ${perSecond} relay messages per second`, data);
  }
  bucket.tokens -= 1;
  return undefined;
}

/**
 * The main frames a relay of `channel` to `role` goes to, oldest window
 * first, or why there is none: "ERR_SELF_TARGET" when the sender is the
 * role's only window, "ERR_NO_TARGET" when no other window of the role is
 * alive and passes the sender checks and the channel's capabilities.
 */
function relayTargets(settings, channel, senderId, role) {
  const required = settings.table.required.get(channel);
  let self = false;
  const frames = [];
  for (const [webContentsId, held] of settings.relay.windows) {
    if (held.role !== role) {
      continue;
    }
    if (webContentsId === senderId) {
      self = true;
      continue;
    }
    const frame = mainFrameOf(held.contents);
    if (
      frame !== undefined &&
      refusal(settings, frameInfo(frame)) === undefined &&
      (required === undefined || frameHolds(settings, frame, required))
    ) {
      frames.push({ webContentsId, frame });
    }
  }
  if (frames.length > 0) {
    return frames;
  }
  return self &&
    ![...settings.relay.windows.values()].some((held) => held.role === role && held.contents.id !== senderId)
    ? "ERR_SELF_TARGET"
    : "ERR_NO_TARGET";
}

function relayTargetMessage(channel, code, role) {
  return code === "ERR_SELF_TARGET"
    ? `${channel}: this window is the only one with the role "${role}"; a message to itself would loop`
    : `${channel}: no window with the role "${role}" may receive it now (none is open, or none holds the channel's capabilities)`;
}

/**
 * Delivers a checked payload: a one-way message to every target, a request
 * to the oldest (the first registered of the role still open), whose answer
 * settles the promise returned.
 */
function deliverRelay(settings, channel, request, from, role, targets, checked, timeoutMs) {
  if (!checked.ok) {
    return checked;
  }
  const payload = checked.value;
  if (!request) {
    for (const { frame } of targets) {
      try {
        frame.send(channel, from, ...payload);
      } catch {
        // The frame went away since the lookup; the others still get the message.
      }
    }
    return { ok: true, value: null };
  }
  const [{ webContentsId, frame }] = targets;
  const { relay, relayLimits } = settings;
  const waiting = relay.pendingByTarget.get(webContentsId) ?? 0;
  if (waiting >= relayLimits.pendingPerTarget) {
    const data = { limit: relayLimits.pendingPerTarget, per: "pending" };
    report(
      settings,
      channel,
      "ERR_RATE_LIMITED",
      `dropped: the window of "${role}" has ${waiting} requests pending`,
      data,
    );
    return failure(
      "ERR_RATE_LIMITED",
      `${channel}: the window of the role "${role}" already has ${waiting} requests to answer`,
      data,
    );
  }
  const id = relay.nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      settleRelay(settings, id, failure("ERR_TIMEOUT", `${channel}: no answer within ${timeoutMs} ms`, { timeoutMs }));
    }, timeoutMs);
    relay.pending.set(id, {
      channel,
      role,
      webContentsId,
      processId: frame.processId,
      frameId: frame.routingId,
      resolve,
      timer,
    });
    relay.pendingByTarget.set(webContentsId, waiting + 1);
    try {
      frame.send(channel, from, id, ...payload);
    } catch {
      settleRelay(settings, id, failure("ERR_TARGET_GONE", `${channel}: the window of "${role}" is gone`, { role }));
    }
  });
}

/** Settles pending request `id` with `envelope`, once. */
function settleRelay(settings, id, envelope) {
  const { relay } = settings;
  const pending = relay.pending.get(id);
  if (pending === undefined) {
    return;
  }
  relay.pending.delete(id);
  clearTimeout(pending.timer);
  const left = (relay.pendingByTarget.get(pending.webContentsId) ?? 1) - 1;
  if (left === 0) {
    relay.pendingByTarget.delete(pending.webContentsId);
  } else {
    relay.pendingByTarget.set(pending.webContentsId, left);
  }
  pending.resolve(envelope);
}

/** Fails every request waiting for window `webContentsId`'s answer with ERR_TARGET_GONE. */
function failPendingTo(settings, webContentsId, what) {
  for (const [id, pending] of [...settings.relay.pending]) {
    if (pending.webContentsId === webContentsId) {
      const { channel, role } = pending;
      settleRelay(
        settings,
        id,
        failure("ERR_TARGET_GONE", `${channel}: the window of "${role}" ${what} before it answered`, { role }),
      );
    }
  }
}

/**
 * Serves `ipc:relay-answer`, `(id, answer)` from the receiving preload:
 * `{ ok: true, value }`, or `{ ok: false, code }` when its page has no
 * answerer (`ERR_NO_TARGET`) or the answerer failed. Only the main frame the
 * request went to may answer it; anything else is reported and dropped.
 */
function serveRelayAnswers(settings, undo) {
  const { ipc } = settings;
  const listener = (event, id, answer) => {
    try {
      receiveRelayAnswer(settings, event, id, answer);
    } catch (error) {
      failInMain(settings, RELAY_ANSWER_CHANNEL, error);
    }
  };
  ipc.on(RELAY_ANSWER_CHANNEL, listener);
  undo.push(() => {
    ipc.removeListener(RELAY_ANSWER_CHANNEL, listener);
    for (const id of [...settings.relay.pending.keys()]) {
      settleRelay(settings, id, failure("ERR_CANCELLED", "the main glue was disposed", { reason: "dispose" }));
    }
    for (const webContentsId of [...settings.relay.windows.keys()]) {
      dropWindow(settings, webContentsId);
    }
  });
}

function receiveRelayAnswer(settings, event, id, answer) {
  const pending = settings.relay.pending.get(id);
  const frame = event.senderFrame;
  if (
    pending === undefined ||
    event.sender?.id !== pending.webContentsId ||
    frame?.processId !== pending.processId ||
    frame?.routingId !== pending.frameId
  ) {
    report(settings, RELAY_ANSWER_CHANNEL, "ERR_FORBIDDEN", "dropped: an answer to no request this frame was sent", {
      reason: "no such request for this frame",
    });
    return;
  }
  const { channel, role } = pending;
  if (answer === null || typeof answer !== "object" || answer.ok !== true) {
    const envelope =
      answer?.code === "ERR_NO_TARGET"
        ? failure("ERR_NO_TARGET", `${channel}: the window of "${role}" does not answer it (no answerer is set)`, {
            role,
          })
        : failure("ERR_HANDLER", `${channel}: the window of "${role}" failed to answer`);
    settleRelay(settings, id, envelope);
    return;
  }
  const sender = frameInfo(frame, event.sender.id);
  const answerChannel = `${channel}${RELAY_ANSWER_SUFFIX}`;
  const encoded = encodeReceived(answerChannel, [answer.value], settings);
  if (encoded.error !== undefined) {
    settleRelay(settings, id, badRelayAnswer(settings, channel, role, encoded.error));
    return;
  }
  const settle = (checked) =>
    settleRelay(
      settings,
      id,
      checked.ok ? { ok: true, value: checked.value[0] } : badRelayAnswer(settings, channel, role, checked),
    );
  const checked = callBackend(settings, answerChannel, encoded, sender);
  if (checked instanceof Promise) {
    checked.then(settle, (error) => settleRelay(settings, id, failInMain(settings, channel, error)));
  } else {
    settle(checked);
  }
}

/** The requester's ERR_BAD_RESPONSE for an answer its type refuses; the details go to `onError`. */
function badRelayAnswer(settings, channel, role, refused) {
  const { code, message, data } = refused.error;
  report(settings, channel, code, `the answer of the window of "${role}" was refused: ${message}`, data);
  return failure("ERR_BAD_RESPONSE", `${channel}: the window of "${role}" answered a value of the wrong type`);
}

module.exports = { createMainIpc, secureWebPreferences };
