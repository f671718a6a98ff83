"use strict";
// The Node-API bridge (`electron_ipc::node`), through the real compiled test
// addon of tests/addon: the IpcBackend interface of docs/wire.md.

const test = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const path = require("node:path");

const { loadAddon, sender } = require("./addon.js");

const addon = loadAddon();

/** Calls synchronously and parses the envelope, insisting it came at once. */
function callNow(channel, args, from = sender()) {
  const reply = addon.call(channel, JSON.stringify(args), from);
  assert.equal(typeof reply, "string", `${channel} must answer a string at once`);
  return JSON.parse(reply);
}

/** Calls an async handler and parses the envelope the promise resolves to. */
async function callLater(channel, args, from = sender()) {
  const reply = addon.call(channel, JSON.stringify(args), from);
  assert.ok(reply instanceof Promise, `${channel} must answer a promise`);
  const envelope = await reply;
  assert.equal(typeof envelope, "string");
  return JSON.parse(envelope);
}

/** Connects a sink that records events; `next(n)` waits for n more. */
function recordEvents() {
  const events = [];
  let waiting = null;
  addon.setEventSink((channel, argsJson, target) => {
    events.push({ channel, args: JSON.parse(argsJson), target });
    if (waiting && events.length >= waiting.count) {
      waiting.resolve(events.splice(0, waiting.count));
      waiting = null;
    }
  });
  return {
    events,
    next(count) {
      if (events.length >= count) return Promise.resolve(events.splice(0, count));
      return withTimeout(
        new Promise((resolve) => {
          waiting = { count, resolve };
        }),
        `${count} event(s)`,
      );
    },
  };
}

function withTimeout(promise, what, ms = 5000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

test("the addon exports exactly the IpcBackend functions", () => {
  const exports = [
    "abortStream",
    "call",
    "cancel",
    "checkAnswer",
    "checkEvent",
    "closeStream",
    "creditStream",
    "endStream",
    "inFlightCalls",
    "openStream",
    "pullStream",
    "pushStream",
    "pushStreamMany",
    "registerSender",
    "releaseSender",
    "schemaHash",
    "senderHandles",
    "setEventSink",
  ];
  assert.deepEqual(Object.keys(addon).sort(), exports);
  for (const name of exports) assert.equal(typeof addon[name], "function", name);
});

test("checkEvent accepts a main-js event's payload at once, as a string", () => {
  const reply = addon.checkEvent("shell:moved", JSON.stringify([3, { x: -10, y: 20 }]));
  assert.equal(typeof reply, "string", "checkEvent answers at once, never a promise");
  assert.deepEqual(JSON.parse(reply), { ok: true, value: null });
});

test("checkEvent refuses a payload that does not match the Rust types, with the path", () => {
  const envelope = JSON.parse(addon.checkEvent("shell:moved", JSON.stringify([3, { x: 1, y: "down" }])));
  assert.equal(envelope.ok, false);
  assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
  assert.equal(envelope.error.data.argument, "to");
  assert.equal(envelope.error.data.index, 1);
  assert.equal(envelope.error.data.path, "y");
  const arity = JSON.parse(addon.checkEvent("shell:moved", "[3]"));
  assert.equal(arity.error.code, "ERR_BAD_ARGUMENTS");
  assert.equal(arity.error.data.expected, 2);
  const notJson = JSON.parse(addon.checkEvent("shell:moved", "[3,"));
  assert.equal(notJson.error.code, "ERR_BAD_ARGUMENTS");
});

test("checkEvent knows only main-js events: not Rust's events, not calls", () => {
  for (const channel of ["probe:hello", "probe:echo", "shell:focus", "nowhere"]) {
    const envelope = JSON.parse(addon.checkEvent(channel, '["x"]'));
    assert.equal(envelope.error.code, "ERR_UNKNOWN_CHANNEL", channel);
  }
  // The main-js service's calls are still checked by `call`.
  assert.deepEqual(callNow("shell:focus", [1]), { ok: true, value: null });
  assert.equal(callNow("shell:focus", ["one"]).error.code, "ERR_BAD_ARGUMENTS");
});

test("checkEvent answers ERR_BAD_ARGUMENTS for a channel or argsJson that is not a string", () => {
  for (const [channel, argsJson] of [
    [1, "[]"],
    ["shell:moved", undefined],
    ["shell:moved", [3]],
  ]) {
    const reply = addon.checkEvent(channel, argsJson);
    assert.equal(typeof reply, "string");
    const envelope = JSON.parse(reply);
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(envelope.error.message, /^IpcBackend\.checkEvent: /);
  }
});

test("a sync handler answers a string synchronously", () => {
  const reply = addon.call("probe:echo", '["hi"]', sender());
  assert.equal(typeof reply, "string");
  assert.deepEqual(JSON.parse(reply), { ok: true, value: "hi" });
});

test("call works detached from the addon object (no `this` needed)", () => {
  const { call } = addon;
  assert.deepEqual(JSON.parse(call("probe:echo", '["bare"]', sender())), {
    ok: true,
    value: "bare",
  });
});

test("an async handler awaiting a tokio timer answers a promise of the envelope", async () => {
  const reply = addon.call("probe:sleep", '[20,"late"]', sender());
  assert.notEqual(typeof reply, "string");
  assert.ok(reply instanceof Promise);
  assert.deepEqual(JSON.parse(await reply), { ok: true, value: "late" });
});

test("an async handler completed from another thread resolves", async () => {
  assert.deepEqual(await callLater("probe:onThread", [41]), { ok: true, value: 42 });
});

test("a typed handler error arrives intact", () => {
  assert.deepEqual(callNow("probe:divide", [6, 3]), { ok: true, value: 2 });
  const envelope = callNow("probe:divide", [1.5, 0]);
  assert.equal(envelope.ok, false);
  assert.equal(envelope.error.code, "ERR_HANDLER");
  assert.deepEqual(envelope.error.data, { DivideByZero: { dividend: 1.5 } });
});

test("bad arguments name the argument", () => {
  const envelope = callNow("probe:divide", [1, "two"]);
  assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
  assert.equal(envelope.error.data.argument, "b");
  assert.equal(envelope.error.data.index, 1);

  const arity = callNow("probe:echo", []);
  assert.equal(arity.error.code, "ERR_BAD_ARGUMENTS");
  assert.deepEqual(arity.error.data, { expected: 1, received: 0 });

  const notJson = JSON.parse(addon.call("probe:echo", '["unterminated', sender()));
  assert.equal(notJson.error.code, "ERR_BAD_ARGUMENTS");
});

test("an unknown channel answers ERR_UNKNOWN_CHANNEL", () => {
  const envelope = callNow("probe:nothing", []);
  assert.equal(envelope.error.code, "ERR_UNKNOWN_CHANNEL");
  assert.deepEqual(envelope.error.data, { channel: "probe:nothing" });
  // Event channels cannot be called.
  assert.equal(callNow("probe:tick", [1, "x"]).error.code, "ERR_UNKNOWN_CHANNEL");
});

test("a sync panic answers ERR_PANIC and the addon keeps serving", () => {
  for (let i = 0; i < 3; i++) {
    const envelope = callNow("probe:explode", []);
    assert.equal(envelope.error.code, "ERR_PANIC");
    assert.doesNotMatch(envelope.error.message, /exploded/, "the panic text stays in Rust");
    assert.deepEqual(callNow("probe:echo", ["still here"]), { ok: true, value: "still here" });
  }
});

test("an async panic answers ERR_PANIC and the addon keeps serving", async () => {
  const envelope = await callLater("probe:explodeLater", []);
  assert.equal(envelope.error.code, "ERR_PANIC");
  assert.deepEqual(await callLater("probe:onThread", [1]), { ok: true, value: 2 });
});

test("the sender object reaches the handler", () => {
  assert.deepEqual(callNow("probe:origin", [], sender({ origin: "https://example.org" })), {
    ok: true,
    value: "https://example.org",
  });
});

test("a bad sender answers ERR_BAD_ARGUMENTS, never throws", () => {
  const bad = [
    undefined,
    null,
    "app://bundle",
    42,
    {},
    // The array form: exactly six values, each checked as its field is.
    [],
    [3, 7, 1, "app://bundle/", "app://bundle"],
    [3, 7, 1, "app://bundle/", "app://bundle", true, "extra"],
    ["3", 7, 1, "app://bundle/", "app://bundle", true],
    [-1, 7, 1, "app://bundle/", "app://bundle", true],
    [3, 2 ** 40, 1, "app://bundle/", "app://bundle", true],
    [3, 7, 1.5, "app://bundle/", "app://bundle", true],
    [3, 7, 1, 42, "app://bundle", true],
    [3, 7, 1, "app://bundle/", null, true],
    [3, 7, 1, "app://bundle/", "app://bundle", "yes"],
    // A hole reads as undefined.
    Object.assign(new Array(6), { 0: 3, 1: 7, 3: "app://bundle/", 4: "app://bundle", 5: true }),
    sender({ origin: undefined }),
    sender({ webContentsId: "three" }),
    sender({ webContentsId: -1 }),
    sender({ frameId: 1.5 }),
    sender({ processId: 2 ** 40 }),
    sender({ isMainFrame: "yes" }),
  ];
  for (const from of bad) {
    const reply = addon.call("probe:origin", "[]", from);
    assert.equal(typeof reply, "string", `sender ${JSON.stringify(from)}`);
    const envelope = JSON.parse(reply);
    assert.equal(envelope.ok, false, `sender ${JSON.stringify(from)}`);
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS", `sender ${JSON.stringify(from)}`);
    assert.match(envelope.error.message, /`sender`/);
  }
  // The handler never ran with a made-up identity, and the next call works.
  assert.deepEqual(callNow("probe:origin", []), { ok: true, value: "app://bundle" });
});

test("the sender's array form and its object form reach the handler alike", () => {
  const values = [9, -4, 12, "app://bundle/settings.html", "app://bundle", false];
  const asObject = sender({
    webContentsId: 9,
    processId: -4,
    frameId: 12,
    url: "app://bundle/settings.html",
    isMainFrame: false,
  });
  assert.deepEqual(callNow("probe:caller", [], values), { ok: true, value: values });
  assert.deepEqual(callNow("probe:caller", [], asObject), { ok: true, value: values });
  // The bounds of each id, as for the object form.
  const edges = [2 ** 32 - 1, -(2 ** 31), 2 ** 31 - 1, "", "null", true];
  assert.deepEqual(callNow("probe:caller", [], edges), { ok: true, value: edges });
});

test("an array sender whose element getter throws makes call throw that error", () => {
  const hostile = [3, 7, 1, "app://bundle/", "app://bundle", true];
  Object.defineProperty(hostile, 4, {
    get() {
      throw new Error("no origin for you");
    },
  });
  assert.throws(() => addon.call("probe:origin", "[]", hostile), /no origin for you/);
  assert.deepEqual(callNow("probe:origin", []), { ok: true, value: "app://bundle" });
});

test("a registered sender handle stands for its values until released, then is refused", async () => {
  const before = addon.senderHandles();
  const values = [9, -4, 12, "app://bundle/settings.html", "app://bundle", false];
  const handle = addon.registerSender(values);
  assert.ok(Number.isSafeInteger(handle) && handle > 0, `handle ${handle}`);
  assert.equal(addon.senderHandles(), before + 1);
  assert.deepEqual(callNow("probe:caller", [], handle), { ok: true, value: values });
  // The object form registers the same way.
  const other = addon.registerSender(sender({ origin: "https://other.example", url: "https://other.example/" }));
  assert.notEqual(other, handle);
  assert.deepEqual(callNow("probe:origin", [], other), { ok: true, value: "https://other.example" });
  // An async call keeps the sender it started with when its handle goes.
  const later = addon.call("probe:sleep", '[20,"late"]', handle);
  assert.equal(addon.releaseSender(handle), true);
  assert.equal(JSON.parse(await later).value, "late");
  for (const stale of [handle, handle + 1000]) {
    const envelope = callNow("probe:caller", [], stale);
    assert.equal(envelope.ok, false);
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(envelope.error.message, new RegExp(`\`sender\` ${stale} is not a registered sender handle`));
  }
  assert.equal(addon.releaseSender(handle), false);
  // A new registration never gets a released number back.
  const again = addon.registerSender(values);
  assert.ok(again > other, `${again} after ${other}`);
  assert.equal(addon.releaseSender(again), true);
  assert.equal(addon.releaseSender(other), true);
  assert.equal(addon.senderHandles(), before);
});

test("registerSender refuses what call refuses, with call's message; a bad handle is refused", () => {
  for (const from of [
    sender({ origin: undefined }),
    sender({ webContentsId: -1 }),
    [3, 7, 1, "app://bundle/"],
    "app://bundle",
    null,
  ]) {
    assert.throws(() => addon.registerSender(from), /`sender` is not an IpcSender/, `sender ${JSON.stringify(from)}`);
  }
  for (const handle of [0, -1, 1.5, 2 ** 53, Number.NaN]) {
    const envelope = callNow("probe:origin", [], handle);
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS", `handle ${handle}`);
    assert.match(envelope.error.message, /`sender` as a handle must be an integer/);
    assert.throws(() => addon.releaseSender(handle), /`handle` must be an integer/);
  }
});

test("a channel or argsJson that is not a string answers ERR_BAD_ARGUMENTS", () => {
  for (const [channel, args] of [
    [undefined, "[]"],
    [42, "[]"],
    ["probe:echo", ["hi"]],
    ["probe:echo", undefined],
  ]) {
    const envelope = JSON.parse(addon.call(channel, args, sender()));
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
  }
  assert.equal(JSON.parse(addon.call()).error.code, "ERR_BAD_ARGUMENTS");
});

test("events from a Rust thread reach the sink with their targets", async () => {
  const sink = recordEvents();
  try {
    callNow("probe:tickFromThread", [9, 12, 4]);
    const events = await sink.next(3);
    assert.deepEqual(events, [
      { channel: "probe:tick", args: [1, "thread"], target: { kind: "all" } },
      { channel: "probe:tick", args: [2, "thread"], target: { kind: "webContents", id: 9 } },
      {
        channel: "probe:tick",
        args: [3, "thread"],
        target: { kind: "frame", processId: 12, frameId: 4 },
      },
    ]);
  } finally {
    addon.setEventSink(null);
  }
});

test("a handler's event to its caller targets the caller's frame", async () => {
  const sink = recordEvents();
  try {
    const from = sender({ processId: 21, frameId: 5 });
    assert.deepEqual(callNow("probe:greetCaller", ["hello you"], from), { ok: true, value: "sent" });
    const [event] = await sink.next(1);
    assert.deepEqual(event, {
      channel: "probe:hello",
      args: ["hello you"],
      target: { kind: "frame", processId: 21, frameId: 5 },
    });
  } finally {
    addon.setEventSink(null);
  }
});

test("a sync handler can spawn a tokio task that emits", async () => {
  const sink = recordEvents();
  try {
    assert.deepEqual(callNow("probe:greetFromTask", ["from a task"]), { ok: true, value: true });
    const [event] = await sink.next(1);
    assert.deepEqual(event, {
      channel: "probe:hello",
      args: ["from a task"],
      target: { kind: "all" },
    });
  } finally {
    addon.setEventSink(null);
  }
});

test("setEventSink(null) disconnects; a new sink replaces the old one", async () => {
  const first = recordEvents();
  addon.setEventSink(null);
  assert.deepEqual(callNow("probe:greetCaller", ["nobody"]), { ok: true, value: "not connected" });
  callNow("probe:tickFromThread", [1, 1, 1]);
  await settle();
  assert.deepEqual(first.events, [], "no event after disconnecting");

  const old = [];
  addon.setEventSink((channel) => old.push(channel));
  const second = recordEvents();
  try {
    assert.deepEqual(callNow("probe:greetCaller", ["again"]), { ok: true, value: "sent" });
    const [event] = await second.next(1);
    assert.deepEqual(event.args, ["again"]);
    await settle();
    assert.deepEqual(old, [], "the replaced sink gets nothing");
  } finally {
    addon.setEventSink(null);
  }
  // undefined disconnects too.
  recordEvents();
  addon.setEventSink(undefined);
  assert.deepEqual(callNow("probe:greetCaller", ["nobody"]), { ok: true, value: "not connected" });
});

test("setEventSink refuses what is not a function or null", () => {
  for (const notASink of [42, "sink", {}]) {
    assert.throws(() => addon.setEventSink(notASink));
  }
});

test("1,000 concurrent async calls each resolve with their own reply", async () => {
  const count = 1000;
  const calls = [];
  for (let i = 0; i < count; i++) {
    const value = `call-${i}`;
    // Different delays, so replies complete out of order.
    calls.push(callLater("probe:sleep", [(i * 7) % 11, value]).then((envelope) => [value, envelope]));
    if (i % 3 === 0) calls.push(callLater("probe:onThread", [i]).then((e) => [i + 1, e]));
  }
  const results = await Promise.all(calls);
  assert.equal(results.length, count + Math.ceil(count / 3));
  for (const [expected, envelope] of results) {
    assert.deepEqual(envelope, { ok: true, value: expected });
  }
});

function runFixture(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "fixtures/use-and-leave.js"), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    // Generous: the process normally ends in well under a second. Exceeding
    // this means something keeps it alive.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the process did not exit within 20 s:\n${output}`));
    }, 20_000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

test("a process that used the addon and left a sink connected exits by itself", async () => {
  const { code, signal, output } = await runFixture([]);
  assert.equal(signal, null, output);
  assert.equal(code, 0, output);
  assert.match(output, /main: \d+ events/);
});

test("a worker thread that loaded the addon ends, and so does the process", async () => {
  const { code, signal, output } = await runFixture(["--worker"]);
  assert.equal(signal, null, output);
  assert.equal(code, 0, output);
  assert.match(output, /worker: \d+ events/);
  assert.match(output, /worker exited with 0/);
});

test("a sender whose getter throws makes call throw that error, and serving goes on", () => {
  const hostile = sender();
  Object.defineProperty(hostile, "origin", {
    enumerable: true,
    get() {
      throw new Error("no origin for you");
    },
  });
  assert.throws(() => addon.call("probe:origin", "[]", hostile), /no origin for you/);
  assert.deepEqual(callNow("probe:origin", []), { ok: true, value: "app://bundle" });
});

// Bytes beside the JSON (docs/wire.md, "Bytes"): the fourth argument of
// `call`, and `[json, buffers]` answers.

const PLACEHOLDER = '[{"$ipcBytes":0}]';

/** `[envelope, buffers]` of an answer with bytes, insisting on that shape. */
function withBytes(reply) {
  assert.ok(Array.isArray(reply) && reply.length === 2, `an answer with bytes, got ${String(reply).slice(0, 100)}`);
  const [json, buffers] = reply;
  assert.equal(typeof json, "string");
  assert.ok(buffers.every((buffer) => buffer instanceof Uint8Array));
  return [JSON.parse(json), buffers];
}

test("bytes cross the bridge as buffers both ways, and only a view's own bytes are read", () => {
  const whole = Uint8Array.from([9, 9, 1, 2, 3, 9]);
  const [envelope, buffers] = withBytes(addon.call("probe:reverse", PLACEHOLDER, sender(), [whole.subarray(2, 5)]));
  assert.deepEqual(envelope, { ok: true, value: { $ipcBytes: 0 } });
  assert.deepEqual([...buffers[0]], [3, 2, 1]);
  // A Buffer is a Uint8Array; an empty one is bytes too.
  const [, fromBuffer] = withBytes(addon.call("probe:reverse", PLACEHOLDER, sender(), [Buffer.from("ab")]));
  assert.equal(Buffer.from(fromBuffer[0]).toString(), "ba");
  const [, empty] = withBytes(addon.call("probe:reverse", PLACEHOLDER, sender(), [new Uint8Array(0)]));
  assert.equal(empty[0].length, 0);
});

test("an answer's bytes are memory V8 owns and counts, not a Rust buffer it adopts", () => {
  // Adopted (external) buffers are invisible to V8's accounting and freed
  // only by a finalizer after a collection and a turn of the event loop, so
  // answers back to back piled up fresh pages (BENCHMARKS.md, section 3).
  const size = 8 * 1024 * 1024;
  const before = process.memoryUsage().arrayBuffers;
  const [, buffers] = withBytes(addon.call("probe:reverse", PLACEHOLDER, sender(), [new Uint8Array(size).fill(7)]));
  const counted = process.memoryUsage().arrayBuffers - before;
  assert.equal(buffers[0].length, size);
  assert.ok(counted > size + size / 2, `V8 counts the argument and the answer: ${counted} bytes`);
  assert.equal(buffers[0][size - 1], 7);
});

test("an async handler answers a promise of [json, buffers]", async () => {
  const [envelope, buffers] = withBytes(
    await addon.call("probe:reverseLater", PLACEHOLDER, sender(), [Uint8Array.from([1, 2])]),
  );
  assert.equal(envelope.ok, true);
  assert.deepEqual([...buffers[0]], [2, 1]);
});

test("a typed error's data carries its bytes", () => {
  const [envelope, buffers] = withBytes(addon.call("probe:refuseBytes", PLACEHOLDER, sender(), [Buffer.from("x")]));
  assert.deepEqual(envelope.error.data, { data: { $ipcBytes: 0 } });
  assert.equal(envelope.error.code, "ERR_HANDLER");
  assert.equal(Buffer.from(buffers[0]).toString(), "x");
});

test("8 MiB in and out in one call, and 64 MiB, the default limit, in one call", () => {
  for (const size of [8 * 1024 * 1024, 64 * 1024 * 1024]) {
    const data = new Uint8Array(size);
    data[0] = 1;
    data[size - 1] = 2;
    const [envelope, buffers] = withBytes(addon.call("probe:reverse", PLACEHOLDER, sender(), [data]));
    assert.equal(envelope.ok, true);
    assert.equal(buffers[0].length, size);
    assert.equal(buffers[0][0], 2);
    assert.equal(buffers[0][size - 1], 1);
  }
  const over = callNowWith("probe:reverse", PLACEHOLDER, [new Uint8Array(64 * 1024 * 1024 + 1)]);
  assert.equal(over.error.code, "ERR_PAYLOAD_TOO_LARGE");
  assert.deepEqual(over.error.data, { limit: 64 * 1024 * 1024, size: 64 * 1024 * 1024 + 1 });
});

/** A call with buffers whose answer holds none: the envelope, parsed. */
function callNowWith(channel, argsJson, buffers) {
  const reply = addon.call(channel, argsJson, sender(), buffers);
  assert.equal(typeof reply, "string", `${channel} must answer a string at once`);
  return JSON.parse(reply);
}

test("buffers that are not an array of Uint8Array answer ERR_BAD_ARGUMENTS, never throw", () => {
  for (const buffers of [
    null,
    "bytes",
    {},
    [[1, 2]],
    [new Uint16Array(2)],
    [new DataView(new ArrayBuffer(2))],
    [null],
  ]) {
    const envelope = callNowWith("probe:reverse", PLACEHOLDER, buffers);
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS", String(buffers));
    assert.match(envelope.error.message, /buffers/);
  }
  // `undefined` is no buffers: the placeholder then names none.
  const none = callNowWith("probe:reverse", PLACEHOLDER, undefined);
  assert.equal(none.error.code, "ERR_BAD_ARGUMENTS");
  assert.match(none.error.message, /no buffers/);
});

test("a Uint8Array where the Rust type takes no bytes, and a number where it does, are refused with the path", () => {
  const misplaced = callNowWith("probe:echo", PLACEHOLDER, [Uint8Array.from([1])]);
  assert.equal(misplaced.error.code, "ERR_BAD_ARGUMENTS");
  assert.equal(misplaced.error.data.argument, "text");
  const numbers = callNowWith("probe:reverse", "[[1,2,3]]", []);
  assert.equal(numbers.error.code, "ERR_BAD_ARGUMENTS");
  assert.match(numbers.error.message, /expected a Uint8Array/);
  const leftOver = callNowWith("probe:reverse", PLACEHOLDER, [Uint8Array.from([1]), Uint8Array.from([2])]);
  assert.equal(leftOver.error.code, "ERR_BAD_ARGUMENTS");
  assert.match(leftOver.error.message, /buffer 1/);
});

test("events carry their bytes to the sink as a fourth argument", async () => {
  const seen = [];
  let done;
  const arrived = new Promise((resolve) => {
    done = resolve;
  });
  addon.setEventSink((channel, argsJson, target, buffers) => {
    seen.push({ channel, argsJson, target, buffers });
    done();
  });
  try {
    assert.deepEqual(callNowWith("probe:emitBytes", PLACEHOLDER, [Uint8Array.from([1, 2, 3])]), {
      ok: true,
      value: "sent",
    });
    await withTimeout(arrived, "the chunk event");
    const [{ channel, argsJson, buffers }] = seen;
    assert.equal(channel, "probe:chunk");
    assert.equal(argsJson, '[{"$ipcBytes":0},{"$ipcBytes":1}]');
    assert.deepEqual(
      buffers.map((buffer) => [...buffer]),
      [
        [1, 2, 3],
        [3, 2, 1],
      ],
    );
  } finally {
    addon.setEventSink(null);
  }
});

test("checkEvent and main-js calls take buffers too", () => {
  const checked = JSON.parse(addon.checkEvent("shell:moved", '[1,{"x":1,"y":2}]', undefined));
  assert.equal(checked.ok, true);
  assert.deepEqual(callNowWith("shell:save", '["a",{"$ipcBytes":0}]', [Buffer.from("z")]), { ok: true, value: null });
  const refused = callNowWith("shell:save", '["a",{"$ipcBytes":0}]', []);
  assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
  assert.equal(refused.error.data.argument, "data");
});

// The addon's side of the schema handshake (docs/wire.md, "The handshake").
test("schemaHash answers the hash of the schema file its services were generated from", () => {
  const fs = require("node:fs");
  const root = path.resolve(__dirname, "../..");
  const todos = require(path.join(root, "examples/todos/core.node"));
  const schema = JSON.parse(fs.readFileSync(path.join(root, "examples/todos/schema/todo-app.json"), "utf8"));
  assert.match(schema.hash, /^sha256:[0-9a-f]{64}$/);
  assert.equal(todos.schemaHash("todo-app"), schema.hash);
  assert.equal(todos.schemaHash("todo-app", undefined), schema.hash);
  assert.equal(todos.schemaHash("todo-app", null), schema.hash);
  assert.equal(todos.schemaHash("todo-app", ["todos"]), schema.hash);
  // Another app name, or no service, is another schema.
  assert.notEqual(todos.schemaHash("other-app"), schema.hash);
  assert.notEqual(todos.schemaHash("todo-app", []), schema.hash);
  // The test addon serves other services: its hash of "todo-app" differs.
  assert.notEqual(addon.schemaHash("todo-app"), schema.hash);
  assert.equal(
    addon.schemaHash("x", ["probe", "shell", "streams", "feed", "uploads", "jsfeed"]),
    addon.schemaHash("x"),
  );
  assert.notEqual(addon.schemaHash("x", ["probe"]), addon.schemaHash("x"));
});

test("schemaHash refuses bad arguments with an error naming them", () => {
  assert.throws(() => addon.schemaHash(1), /IpcBackend\.schemaHash: `app` must be a string/);
  assert.throws(() => addon.schemaHash(), /`app` must be a string/);
  for (const bad of ["probe", [1], [null], {}, 0]) {
    assert.throws(() => addon.schemaHash("x", bad), /`namespaces` must be an array of strings/, String(bad));
  }
});
