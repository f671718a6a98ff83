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
  assert.deepEqual(Object.keys(addon).sort(), ["call", "checkEvent", "setEventSink"]);
  assert.equal(typeof addon.call, "function");
  assert.equal(typeof addon.checkEvent, "function");
  assert.equal(typeof addon.setEventSink, "function");
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
