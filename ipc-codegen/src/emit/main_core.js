/** Default size limit of one call's arguments as JSON, in bytes. */
const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

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

/** The event channels of the schema: the backend may emit no other. */
const EVENT_CHANNELS = new Set(CHANNELS.filter((c) => c.kind === "event").map((c) => c.channel));

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
  const settings = readOptions(options);
  const { ipc, backend } = settings;
  registrations.get(ipc)?.();

  const undo = [];
  let disposed = false;
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
    for (const { channel, kind } of CHANNELS) {
      if (kind === "invoke") {
        ipc.handle(channel, (event, ...args) => handleInvoke(settings, channel, event, args));
        undo.push(() => ipc.removeHandler(channel));
      } else if (kind === "send") {
        const listener = (event, ...args) => {
          handleSend(settings, channel, event, args);
        };
        ipc.on(channel, listener);
        undo.push(() => ipc.removeListener(channel, listener));
      }
    }
    if (typeof backend.setEventSink === "function") {
      const sink = (channel, argsJson, target) => deliverEvent(settings, channel, argsJson, target);
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
  return Object.freeze(dispose);
}

/**
 * `registration.events`: for each main-process service with events, one
 * function per event, e.g. `events.counter.updateCounter(target, value)`.
 */
function mainEvents(settings, isDisposed) {
  const events = {};
  for (const [service, channels] of Object.entries(MAIN_EVENTS)) {
    const emitters = {};
    for (const { channel, name, params } of channels) {
      emitters[name] = (target, ...args) => emitFromMain(settings, isDisposed(), { channel, params }, target, args);
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
    throw new TypeError(`${channel}: expects a target and ${params.length} argument(s) (${params.join(", ")}), got ${args.length}`);
  }
  const encoded = encodeArgs(channel, args, settings.maxPayloadBytes);
  if (encoded.error !== undefined) {
    throw new TypeError(encoded.error.error.message);
  }
  checkEvent(settings.backend, channel, encoded.json);
  const recipient = eventTarget(channel, target);
  if (recipient !== undefined) {
    deliverEvent(settings, channel, encoded.json, recipient);
  }
}

/**
 * Has the backend decode an event's arguments with the Rust types, as it does
 * a call's (docs/wire.md, "Services implemented in main-process JavaScript").
 * A payload they refuse throws a TypeError with the envelope's `code`,
 * `message` and `data` (`data.path` locates the value at fault). A backend
 * without `checkEvent` (a plain test object) leaves the strict conversion alone.
 */
function checkEvent(backend, channel, argsJson) {
  if (typeof backend.checkEvent !== "function") {
    return;
  }
  const envelope = parseEnvelope(backend.checkEvent(channel, argsJson));
  if (envelope === undefined) {
    throw new TypeError(`${channel}: the backend's checkEvent answered with something that is not an envelope; nothing was sent`);
  }
  if (envelope.ok) {
    return;
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

/** registerIpc's options, checked and frozen, with defaults. */
function readOptions(options) {
  if (options === null || typeof options !== "object") {
    throw new TypeError("registerIpc(options): pass { backend, allowedOrigins }");
  }
  const {
    backend,
    allowedOrigins,
    allowSubframes = false,
    ipc = ipcMain,
    onError = warn,
    maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES,
  } = options;
  const backendType = typeof backend;
  if (backend === null || (backendType !== "object" && backendType !== "function") || typeof backend.call !== "function") {
    throw new TypeError(
      "registerIpc: `backend` must have a call(channel, argsJson, sender) method, like the Node-API addon built with electron-ipc",
    );
  }
  checkOrigins(allowedOrigins);
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
  return Object.freeze({
    backend,
    allowedOrigins: Object.freeze([...allowedOrigins]),
    allowSubframes,
    ipc,
    onError,
    maxPayloadBytes,
    //HANDLERS_OPTION//
  });
}

/** `allowedOrigins` must list exact origins, such as "https://example.com", "app://main" or "file://". */
function checkOrigins(allowedOrigins) {
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new TypeError(
      'registerIpc: `allowedOrigins` is required: list the origins whose pages may use IPC, e.g. ["app://main"] or ["http://localhost:5173"]',
    );
  }
  for (const origin of allowedOrigins) {
    const host = typeof origin === "string" ? origin.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "") : "";
    if (typeof origin !== "string" || host === origin || host.includes("/") || origin === "null") {
      throw new TypeError(
        `registerIpc: ${JSON.stringify(origin)} is not an origin: write scheme://host[:port], with no path or trailing slash (opaque "null" origins cannot be allowed)`,
      );
    }
  }
}

/** The default `onError`: one warning per failed message. */
function warn(error) {
  console.warn(`[ipc] ${error.message}`);
}

/** The message of whatever was thrown. */
function messageOf(error) {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

/**
 * `value` as JSON text, converted as strictly as arguments (undefined is
 * null): `{ json }`, or `{ reason }` when it cannot be.
 */
function strictJson(value, limit) {
  try {
    return { json: encodeValue(value === undefined ? null : value, "", 0, { left: limit }) };
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

/** What the sender checks and the backend know of a frame. */
function frameInfo(frame) {
  return {
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
  if (typeof frame.url !== "string" || frame.url === "" || frame.url.toLowerCase().startsWith("about:")) {
    return `a frame at ${JSON.stringify(frame.url)} may not use IPC`;
  }
  if (!settings.allowedOrigins.includes(frame.origin)) {
    return `origin ${JSON.stringify(frame.origin)} is not allowed`;
  }
  return undefined;
}

/**
 * The sender of a message, or the reason it is refused. The frame is read
 * once, so the checks and the backend see the same values.
 */
function identify(settings, event) {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame === undefined) {
      return { reason: "the sending frame is gone (it navigated away or was destroyed)" };
    }
    const sender = { webContentsId: event.sender.id, ...frameInfo(frame) };
    const reason = refusal(settings, sender);
    return reason === undefined ? { sender } : { reason };
  } catch (error) {
    return { reason: `the sending frame cannot be inspected (${messageOf(error)})` };
  }
}

/** Answers one invoke with an envelope. Never throws: Electron would pass the error's text to the page. */
async function handleInvoke(settings, channel, event, args) {
  try {
    const { sender, reason } = identify(settings, event);
    if (reason !== undefined) {
      report(settings, channel, "ERR_FORBIDDEN", `refused: ${reason}`, { reason });
      return failure("ERR_FORBIDDEN", `${channel}: ${reason}`, { reason });
    }
    const encoded = encodeReceived(channel, args, settings.maxPayloadBytes);
    if (encoded.error !== undefined) {
      return encoded.error;
    }
    return await answer(settings, channel, encoded.json, sender);
  } catch (error) {
    return failInMain(settings, channel, error);
  }
}

/** Handles one send. Failures go to `onError`; nothing goes back to the page. */
async function handleSend(settings, channel, event, args) {
  try {
    const { sender, reason } = identify(settings, event);
    if (reason !== undefined) {
      report(settings, channel, "ERR_FORBIDDEN", `dropped: ${reason}`, { reason });
      return;
    }
    const encoded = encodeReceived(channel, args, settings.maxPayloadBytes);
    const envelope = encoded.error ?? (await answer(settings, channel, encoded.json, sender));
    if (!envelope.ok) {
      const { code, message, data } = envelope.error;
      report(settings, channel, code, message, data);
    }
  } catch (error) {
    failInMain(settings, channel, error);
  }
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

/** Hands a checked call to the backend; resolves with the envelope it answers, parsed. */
async function callBackend(settings, channel, argsJson, sender) {
  let text;
  try {
    text = await settings.backend.call(channel, argsJson, sender);
  } catch (error) {
    throw new BackendError("ERR_TRANSPORT", `the backend failed: ${messageOf(error)}`, error);
  }
  const envelope = parseEnvelope(text);
  if (envelope === undefined) {
    throw new BackendError("ERR_BAD_RESPONSE", "the backend answered with something that is not an envelope");
  }
  return envelope;
}

/** The envelope in `text`, or `undefined` when it holds none. */
function parseEnvelope(text) {
  if (typeof text !== "string") {
    return undefined;
  }
  let envelope;
  try {
    envelope = JSON.parse(text);
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

/** Thrown inside the conversion: a value JSON cannot carry exactly. */
class Refusal {
  constructor(path, reason) {
    this.path = path;
    this.reason = reason;
  }
}

/** Thrown inside the conversion: the arguments outgrew the size limit. */
class Overflow {}

/**
 * The arguments of one call as a JSON array, converted strictly
 * (docs/wire.md, "Arguments"): `{ json }`, or `{ error }` holding an error envelope.
 */
function encodeArgs(channel, args, limit) {
  const budget = { left: limit };
  const parts = [];
  for (let index = 0; index < args.length; index += 1) {
    try {
      // `undefined` as a whole argument is `null`, so Option parameters accept it.
      const arg = args[index];
      parts.push(arg === undefined ? spend(budget, "null") : encodeValue(arg, "", 0, budget));
      if (index > 0) {
        charge(budget, 1);
      }
    } catch (error) {
      if (error instanceof Refusal) {
        const where = error.path === "" ? "" : ` at ${error.path}`;
        const message = `${channel}: argument ${index}${where} ${error.reason}`;
        return { error: failure("ERR_BAD_ARGUMENTS", message, { index, path: error.path || "." }) };
      }
      if (error instanceof Overflow) {
        return { error: tooLarge(channel, limit, limit - budget.left) };
      }
      throw error;
    }
  }
  const json = `[${parts.join(",")}]`;
  const size = Buffer.byteLength(json, "utf8");
  return size > limit ? { error: tooLarge(channel, limit, size) } : { json };
}

/**
 * The arguments of a call from a renderer, converted as `encodeArgs` does
 * and answered exactly as it would answer them, by the shorter way when it
 * gives the same text: `quickJson` checks the values without building any
 * text, then one native `JSON.stringify` writes them. Anything it does not
 * vouch for goes through `encodeArgs` from the start, so its text, its
 * errors and their paths are the only ones anyone sees.
 */
function encodeReceived(channel, args, limit) {
  const json = quickJson(args, limit);
  if (json === undefined) {
    return encodeArgs(channel, args, limit);
  }
  const size = Buffer.byteLength(json, "utf8");
  return size > limit ? { error: tooLarge(channel, limit, size) } : { json };
}

/**
 * `JSON.stringify(args)` when it writes exactly the text of `encodeArgs`,
 * `undefined` when it might not or when `encodeArgs` would refuse them.
 *
 * The arguments come from `ipcMain`: structured clones, so plain data with
 * no getters, proxies or functions, and reading them runs no code. The
 * check below reads only own data (`Object.keys`, indices it has seen to be
 * own), and refuses what `JSON.stringify` would write differently: unsafe
 * integers (exponent form here), NaN and infinities, `undefined` arguments
 * and array items, holes, `Uint8Array` and every other object that is not a
 * plain object or array of this realm, nesting beyond `MAX_DEPTH`, and any
 * `toJSON` that `JSON.stringify` would find on a prototype.
 */
function quickJson(args, limit) {
  // Array.prototype inherits from Object.prototype: one test covers both.
  if ("toJSON" in Array.prototype) {
    return undefined;
  }
  let left = limit;
  for (let index = 0; index < args.length && left >= 0; index += 1) {
    left = plainLeft(args[index], 0, index > 0 ? left - 1 : left);
  }
  if (left < 0) {
    return undefined;
  }
  let json;
  try {
    json = JSON.stringify(args);
  } catch {
    // Longer than a JavaScript string can be: encodeArgs answers it.
    return undefined;
  }
  // encodeArgs counts the text without the outer brackets, and refuses
  // beyond the limit with the count it had reached: let it say so.
  return json.length - 2 > limit ? undefined : json;
}

/**
 * What remains of a budget of `left` characters after `value`, when
 * `JSON.stringify` writes `value` as `encodeValue` would; negative when it
 * might not, or when the budget runs out. Each value visited costs at least
 * one character, so a structure that shares values cannot make the walk
 * longer than the limit: the check is linear. The count is a lower bound of
 * the text (a number counts one character, a string its length and
 * quotes), so `quickJson` checks the real length afterwards.
 */
function plainLeft(value, depth, left) {
  switch (typeof value) {
    case "string":
      return left - value.length - 2;
    case "boolean":
      return left - 4;
    case "number":
      // Finite and within ±(2^53−1): a safe integer or not an integer at all.
      return value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER ? left - 1 : -1;
    case "object": {
      if (value === null) {
        return left - 4;
      }
      if (depth >= MAX_DEPTH) {
        return -1;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Array.prototype && Array.isArray(value)) {
        const length = value.length;
        left -= length > 0 ? length + 1 : 2;
        for (let i = 0; i < length && left >= 0; i += 1) {
          // A hole or undefined: encodeValue refuses, JSON.stringify writes null.
          if (!Object.prototype.hasOwnProperty.call(value, i)) {
            return -1;
          }
          left = plainLeft(value[i], depth + 1, left);
        }
        return left;
      }
      if (prototype === Object.prototype || prototype === null) {
        left -= 2;
        for (const key of Object.keys(value)) {
          const item = value[key];
          // Left out by both, as JSON.stringify does.
          if (item !== undefined) {
            left = plainLeft(item, depth + 1, left - key.length - 3);
            if (left < 0) {
              return left;
            }
          }
        }
        return left;
      }
      return -1;
    }
    default:
      return -1;
  }
}

function tooLarge(channel, limit, size) {
  const message = `${channel}: the arguments are larger than the limit of ${limit} bytes`;
  return failure("ERR_PAYLOAD_TOO_LARGE", message, { limit, size });
}

/** Counts `size` characters against the budget; a structure that shares values cannot make the work explode. */
function charge(budget, size) {
  budget.left -= size;
  if (budget.left < 0) {
    throw new Overflow();
  }
}

function spend(budget, text) {
  charge(budget, text.length);
  return text;
}

function encodeValue(value, path, depth, budget) {
  switch (typeof value) {
    case "string": {
      charge(budget, value.length + 2);
      const json = JSON.stringify(value);
      charge(budget, json.length - value.length - 2);
      return json;
    }
    case "boolean":
      return spend(budget, value ? "true" : "false");
    case "number":
      if (!Number.isFinite(value)) {
        throw new Refusal(path, `is ${value}, which JSON cannot carry`);
      }
      // An integer JavaScript cannot hold exactly travels in exponent form,
      // which no Rust integer type accepts.
      return spend(budget, Number.isSafeInteger(value) || !Number.isInteger(value) ? JSON.stringify(value) : value.toExponential());
    case "object":
      if (value === null) {
        return spend(budget, "null");
      }
      if (depth >= MAX_DEPTH) {
        throw new Refusal(path, `is nested deeper than ${MAX_DEPTH} levels`);
      }
      if (Array.isArray(value)) {
        return encodeArray(value, path, depth, budget);
      }
      if (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === "[object Uint8Array]") {
        charge(budget, value.length * 2 + 1);
        return `[${Array.prototype.join.call(value, ",")}]`;
      }
      if (isPlainObject(value)) {
        return encodeObject(value, path, depth, budget);
      }
      break;
    default:
      break;
  }
  throw new Refusal(path, `is ${describe(value)}, which cannot be sent: use plain objects, arrays, strings, numbers, booleans, null or Uint8Array`);
}

function encodeArray(array, path, depth, budget) {
  charge(budget, 2);
  const parts = [];
  for (let i = 0; i < array.length; i += 1) {
    const itemPath = `${path}[${i}]`;
    if (!Object.prototype.hasOwnProperty.call(array, i)) {
      throw new Refusal(itemPath, "is a hole in the array");
    }
    const item = array[i];
    if (item === undefined) {
      throw new Refusal(itemPath, "is undefined, which arrays cannot carry (use null)");
    }
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
    const name = spend(budget, JSON.stringify(key));
    charge(budget, parts.length > 0 ? 2 : 1);
    parts.push(`${name}:${encodeValue(item, path === "" ? key : `${path}.${key}`, depth + 1, budget)}`);
  }
  return `{${parts.join(",")}}`;
}

/** Objects whose prototype is `Object.prototype` (of any realm) or null. */
function isPlainObject(value) {
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null) {
    return true;
  }
  return Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === "[object Object]";
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
function deliverEvent(settings, channel, argsJson, target) {
  if (!EVENT_CHANNELS.has(channel)) {
    const name = String(channel);
    report(settings, name, "ERR_UNKNOWN_CHANNEL", "the backend emitted an event the schema does not declare; dropped", { channel: name });
    return;
  }
  let args;
  try {
    args = JSON.parse(argsJson);
  } catch {
    args = undefined;
  }
  if (!Array.isArray(args)) {
    report(settings, channel, "ERR_BAD_RESPONSE", "the backend emitted event arguments that are not a JSON array; dropped");
    return;
  }
  let frames;
  try {
    frames = targetFrames(target);
  } catch (error) {
    report(settings, channel, "ERR_TRANSPORT", `the event was dropped: ${messageOf(error)}`, undefined, error);
    return;
  }
  for (const frame of frames) {
    try {
      if (!frame.isDestroyed?.() && refusal(settings, frameInfo(frame)) === undefined) {
        frame.send(channel, ...args);
      }
    } catch {
      // The frame went away between the lookup and the send; the others still get the event.
    }
  }
}

/** The frames a target names: main frames for "all" and "webContents", one frame for "frame". */
function targetFrames(target) {
  switch (target?.kind) {
    case "all":
      return webContents.getAllWebContents().map(mainFrameOf).filter((frame) => frame !== undefined);
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

/**
 * webPreferences for a window that loads the generated preload: context
 * isolation and the sandbox on, Node.js off everywhere. Throws when `rest`
 * tries to turn any of them back.
 */
function secureWebPreferences(preferences) {
  if (preferences === null || typeof preferences !== "object") {
    throw new TypeError("secureWebPreferences({ preload }): pass an object with the absolute path of preload.js");
  }
  const { preload, ...rest } = preferences;
  if (typeof preload !== "string" || !isAbsolute(preload)) {
    throw new TypeError(`secureWebPreferences: \`preload\` must be the absolute path of preload.js, got ${JSON.stringify(preload)}`);
  }
  for (const [name, value] of Object.entries(LOCKED_PREFERENCES)) {
    if (name in rest && rest[name] !== value) {
      throw new Error(`secureWebPreferences: ${name} must stay ${value}; the generated preload relies on it`);
    }
  }
  return { ...rest, preload, ...LOCKED_PREFERENCES };
}
