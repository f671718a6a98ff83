"use strict";
// The main-process runtime on its own: main-runtime.cjs loaded directly,
// with a fake Electron (ipcMain, webContents, webFrameMain) and a small
// channel table, as the generated main.cjs hands them over. The generated
// glue is tested end to end in tests/electron and tests/security.

const assert = require("node:assert/strict");
const { EventEmitter } = require("node:events");
const { describe, it } = require("node:test");

const { createMainIpc, secureWebPreferences } = require("./main-runtime.cjs");

/** A small contract: a Rust service and a service implemented in main-process JavaScript. */
const CONTRACT = {
  schemas: [{ app: "test-app", hash: "sha256:00" }],
  channels: [
    { channel: "notes:add", kind: "invoke", service: "notes", name: "add" },
    { channel: "notes:log", kind: "send", service: "notes", name: "log" },
    { channel: "notes:changed", kind: "event", service: "notes", name: "changed" },
    { channel: "dialog:open", kind: "invoke", service: "dialog", name: "open", implementation: "main-js" },
    {
      channel: "dialog:opened",
      kind: "event",
      service: "dialog",
      name: "opened",
      params: ["path", "size"],
      implementation: "main-js",
    },
  ],
};

const ORIGIN = "app://main";

/** An ipcMain that keeps what is registered, and calls it as Electron would. */
function fakeIpc() {
  const handlers = new Map();
  const listeners = new Map();
  return {
    handlers,
    listeners,
    handle(channel, handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    on(channel, listener) {
      listeners.set(channel, listener);
    },
    removeListener(channel, listener) {
      if (listeners.get(channel) === listener) listeners.delete(channel);
    },
    invoke(channel, event, ...args) {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
      return handler(event, ...args);
    },
  };
}

/** A frame that sent a message, as `event.senderFrame`. */
function frame({ url = `${ORIGIN}/index.html`, origin = ORIGIN, parent = null, processId = 4, routingId = 1 } = {}) {
  const sent = [];
  return {
    url,
    origin,
    parent,
    processId,
    routingId,
    sent,
    isDestroyed: () => false,
    send: (channel, ...args) => sent.push([channel, ...args]),
  };
}

const eventFrom = (senderFrame, id = 9) => ({ sender: { id }, senderFrame });

/** Electron's objects around one window whose main frame is `mainFrame`. */
function fakeElectron(mainFrame = frame()) {
  const contents = { id: 9, mainFrame, isDestroyed: () => false };
  return {
    mainFrame,
    contents,
    electron: {
      ipcMain: fakeIpc(),
      webContents: {
        getAllWebContents: () => [contents],
        fromId: (id) => (id === contents.id ? contents : undefined),
      },
      webFrameMain: {
        fromId: (processId, routingId) =>
          processId === mainFrame.processId && routingId === mainFrame.routingId ? mainFrame : undefined,
      },
    },
  };
}

/** A backend that records calls and answers `{ echo: args }`, or what `answer` returns. */
function fakeBackend(answer) {
  const backend = {
    calls: [],
    sink: null,
    call(channel, argsJson, sender, buffers) {
      backend.calls.push({ channel, argsJson, sender, buffers });
      return answer
        ? answer(channel, argsJson, buffers)
        : JSON.stringify({ ok: true, value: { echo: JSON.parse(argsJson) } });
    },
    setEventSink(sink) {
      backend.sink = sink;
    },
  };
  return backend;
}

/** `createMainIpc` over a fake Electron and a registration with `options`. */
function setUp(options = {}) {
  const fake = fakeElectron();
  const api = createMainIpc(CONTRACT, fake.electron);
  const backend = options.backend ?? fakeBackend();
  const reported = [];
  const registration = api.registerIpc({
    backend,
    allowedOrigins: [ORIGIN],
    onError: (error) => reported.push(error),
    handlers: { dialog: { open: async (title) => ({ opened: title }) } },
    ...options,
  });
  const ipc = options.ipc ?? fake.electron.ipcMain;
  return { ...fake, api, backend, reported, registration, ipc };
}

describe("createMainIpc", () => {
  it("exports CHANNELS as frozen { channel, kind, service, name } entries, in the table's order", () => {
    const { CHANNELS } = createMainIpc(CONTRACT, fakeElectron().electron);
    assert.ok(Object.isFrozen(CHANNELS));
    assert.deepEqual(
      CHANNELS.map((entry) => Object.keys(entry)),
      CONTRACT.channels.map(() => ["channel", "kind", "service", "name"]),
    );
    assert.deepEqual(
      CHANNELS.map((entry) => entry.channel),
      CONTRACT.channels.map((entry) => entry.channel),
    );
    assert.ok(CHANNELS.every(Object.isFrozen));
  });

  it("refuses a table that is not the generated one", () => {
    const { electron } = fakeElectron();
    assert.throws(() => createMainIpc({}, electron), /contract\.channels/);
    assert.throws(
      () => createMainIpc({ channels: [{ channel: "a:b", kind: "call", service: "a", name: "b" }] }, electron),
      /is not an entry of the generated channel table/,
    );
    for (const capabilities of ["settings", ["Settings"], ["a--b"], [""], [1], ["x".repeat(65)]]) {
      const entry = { channel: "a:b", kind: "invoke", service: "a", name: "b", capabilities };
      assert.throws(
        () => createMainIpc({ channels: [entry] }, electron),
        /is not an entry of the generated channel table/,
        JSON.stringify(capabilities),
      );
    }
    const gated = { channel: "a:b", kind: "invoke", service: "a", name: "b", capabilities: ["settings", "clear-all"] };
    assert.doesNotThrow(() => createMainIpc({ channels: [gated] }, electron));
  });

  it("serves ipc:grants only for a table with capabilities, and grant refuses a capability no channel requires", () => {
    /** An ipcMain that counts the listeners of each channel. */
    const countingIpc = () => {
      const ipc = new EventEmitter();
      ipc.handle = () => {};
      ipc.removeHandler = () => {};
      return ipc;
    };
    const plainIpc = countingIpc();
    setUp({ ipc: plainIpc });
    assert.equal(plainIpc.listenerCount("ipc:grants"), 0, "an app without capabilities is served as before");

    const { electron } = fakeElectron();
    const gated = { channel: "a:b", kind: "invoke", service: "a", name: "b", capabilities: ["settings"] };
    const ipc = countingIpc();
    const registration = createMainIpc({ channels: [gated] }, electron).registerIpc({
      backend: { call: () => "{}" },
      allowedOrigins: [ORIGIN],
      ipc,
    });
    assert.equal(ipc.listenerCount("ipc:grants"), 1);
    const contents = Object.assign(new EventEmitter(), { id: 1 });
    assert.throws(
      () => registration.grant(contents, ["admin"], { origin: ORIGIN }),
      /no channel of the schema requires the capability "admin"/,
    );
    registration.grant(contents, ["settings"], { origin: ORIGIN });
    assert.equal(contents.listenerCount("did-navigate"), 1);
    registration.dispose();
    assert.equal(ipc.listenerCount("ipc:grants"), 0);
    assert.equal(contents.listenerCount("did-navigate"), 0);
    assert.equal(contents.listenerCount("destroyed"), 0);
  });

  it("gives every call its own registrations", () => {
    const one = setUp();
    const other = createMainIpc(CONTRACT, one.electron);
    // Registering the second API on the same ipcMain does not dispose the first's.
    assert.throws(
      () =>
        other.registerIpc({ backend: fakeBackend(), allowedOrigins: [ORIGIN], handlers: { dialog: { open() {} } } }),
      /second handler/,
    );
  });
});

describe("registerIpc", () => {
  it("serves the invoke and send channels only (and those of cancellation and the handshake), and removes them on dispose", () => {
    const { ipc, registration } = setUp();
    assert.deepEqual([...ipc.handlers.keys()].sort(), ["dialog:open", "notes:add"]);
    assert.deepEqual([...ipc.listeners.keys()], ["notes:log", "ipc:call", "ipc:cancel", "ipc:handshake"]);
    registration();
    assert.equal(ipc.handlers.size, 0);
    assert.equal(ipc.listeners.size, 0);
    registration.dispose();
  });

  it("replaces the previous registration on the same ipc", async () => {
    const { api, ipc, mainFrame } = setUp();
    const next = fakeBackend();
    api.registerIpc({ backend: next, allowedOrigins: [ORIGIN], handlers: { dialog: { open: () => null } } });
    await ipc.invoke("notes:add", eventFrom(mainFrame), "milk");
    assert.equal(next.calls.length, 1);
  });

  it("checks its options", () => {
    const { api } = setUp();
    const handlers = { dialog: { open() {} } };
    assert.throws(() => api.registerIpc(null), /pass \{ backend, allowedOrigins \}/);
    assert.throws(() => api.registerIpc({ backend: {}, allowedOrigins: [ORIGIN], handlers }), /call\(channel/);
    assert.throws(() => api.registerIpc({ backend: fakeBackend(), handlers }), /allowedOrigins` is required/);
    assert.throws(
      () => api.registerIpc({ backend: fakeBackend(), allowedOrigins: ["app://main/"], handlers }),
      /is not an origin/,
    );
    assert.throws(
      () => api.registerIpc({ backend: fakeBackend(), allowedOrigins: [ORIGIN] }),
      /options\.handlers\.dialog\.open must be a function: dialog:open is implemented in the main process/,
    );
    assert.throws(
      () => api.registerIpc({ backend: fakeBackend(), allowedOrigins: [ORIGIN], handlers, maxPayloadBytes: 0 }),
      /maxPayloadBytes/,
    );
  });
});

describe("sender checks", () => {
  it("hands the backend the sender of an allowed frame", async () => {
    const { ipc, backend, mainFrame } = setUp();
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), "milk");
    assert.deepEqual(envelope, { ok: true, value: { echo: ["milk"] } });
    // IpcSenderValues: webContentsId, processId, frameId, url, origin, isMainFrame.
    assert.deepEqual(backend.calls[0].sender, [9, 4, 1, `${ORIGIN}/index.html`, ORIGIN, true]);
  });

  for (const [what, sender, reason] of [
    ["another origin", frame({ url: "https://evil.example/", origin: "https://evil.example" }), /is not allowed/],
    ["a subframe", frame({ parent: {} }), /subframes may not use IPC/],
    ["an about:blank frame", frame({ url: "about:blank" }), /may not use IPC/],
    ["a frame that is gone", null, /the sending frame is gone/],
  ]) {
    it(`refuses ${what} with ERR_FORBIDDEN, before the backend`, async () => {
      const { ipc, backend, reported } = setUp();
      const envelope = await ipc.invoke("notes:add", eventFrom(sender), "milk");
      assert.equal(envelope.error.code, "ERR_FORBIDDEN");
      assert.match(envelope.error.data.reason, reason);
      assert.equal(backend.calls.length, 0);
      assert.equal(reported[0].code, "ERR_FORBIDDEN");
    });
  }
});

describe("file URLs in allowedOrigins", () => {
  const PAGE = "file:///opt/app/resources/app/index.html";
  const fileFrame = (url) => frame({ url, origin: "file://" });

  it("admit a file:// frame at exactly that file, query and fragment aside", async () => {
    for (const url of [PAGE, `${PAGE}?tab=2`, `${PAGE}#top`]) {
      const { ipc, backend } = setUp({ allowedOrigins: [PAGE] });
      const envelope = await ipc.invoke("notes:add", eventFrom(fileFrame(url)), "milk");
      assert.equal(envelope.ok, true, url);
      assert.equal(backend.calls.length, 1);
    }
  });

  for (const url of [
    "file:///opt/app/resources/app/other.html",
    "file:///opt/app/resources/app/index.html.evil",
    "file:///tmp/index.html",
    "file:///opt/app/resources/app/",
  ]) {
    it(`refuse another local file: ${url}`, async () => {
      const { ipc, backend, reported } = setUp({ allowedOrigins: [PAGE] });
      const envelope = await ipc.invoke("notes:add", eventFrom(fileFrame(url)), "milk");
      assert.equal(envelope.error.code, "ERR_FORBIDDEN");
      assert.match(envelope.error.data.reason, /is not allowed/);
      assert.equal(backend.calls.length, 0);
      assert.equal(reported.length, 1);
    });
  }

  it("keep their events from other local files", () => {
    const fake = fakeElectron(fileFrame("file:///tmp/other.html"));
    const api = createMainIpc(CONTRACT, fake.electron);
    const backend = fakeBackend();
    api.registerIpc({ backend, allowedOrigins: [PAGE], handlers: { dialog: { open() {} } } });
    backend.sink("notes:changed", "[1]", { kind: "all" });
    assert.deepEqual(fake.mainFrame.sent, []);
  });

  it("are told from origins, and a URL with a query or a directory is neither", () => {
    const { api } = setUp();
    const handlers = { dialog: { open() {} } };
    for (const entry of [`${PAGE}?x=1`, `${PAGE}#top`, "file:///opt/app/", "file://host/index.html"]) {
      assert.throws(
        () => api.registerIpc({ backend: fakeBackend(), allowedOrigins: [entry], handlers }),
        /is not an origin/,
        entry,
      );
    }
  });
});

describe("the default onError", () => {
  it("warns once per code and channel, then counts the others of that kind", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const warned = [];
    t.mock.method(console, "warn", (line) => warned.push(line));
    const fake = fakeElectron(frame({ url: "https://evil.example/", origin: "https://evil.example" }));
    const api = createMainIpc(CONTRACT, fake.electron);
    api.registerIpc({ backend: fakeBackend(), allowedOrigins: [ORIGIN], handlers: { dialog: { open() {} } } });
    const event = eventFrom(fake.mainFrame);
    for (let i = 0; i < 10_000; i++) {
      fake.electron.ipcMain.listeners.get("notes:log")(event, `line ${i}`);
    }
    await fake.electron.ipcMain.invoke("notes:add", event, "milk");
    assert.equal(warned.length, 2, warned.join("\n"));
    assert.match(warned[0], /^\[ipc\] notes:log: dropped: origin "https:\/\/evil\.example" is not allowed/);
    assert.match(warned[1], /^\[ipc\] notes:add: refused/);

    t.mock.timers.tick(10_000);
    assert.equal(warned.length, 3);
    assert.equal(warned[2], "[ipc] notes:log: 9999 more ERR_FORBIDDEN in the last 10 s (not shown one by one)");

    // A new window starts with a warning of its own.
    fake.electron.ipcMain.listeners.get("notes:log")(event, "again");
    assert.equal(warned.length, 4);
    assert.match(warned[3], /^\[ipc\] notes:log: dropped/);
  });
});

describe("the strict conversion of a renderer's arguments", () => {
  const convert = async (...args) => {
    const { ipc, backend, mainFrame } = setUp();
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), ...args);
    return { envelope, argsJson: backend.calls[0]?.argsJson };
  };

  it("writes plain data as JSON.stringify does", async () => {
    const value = { a: [1, "two", null, true, 2.5], b: { c: "é\n" }, d: undefined };
    assert.equal((await convert(value, "x")).argsJson, JSON.stringify([value, "x"]));
  });

  it("turns undefined arguments into null and unsafe integers into exponent form", async () => {
    const { argsJson } = await convert(undefined, 2 ** 53 + 2);
    assert.equal(argsJson, "[null,9.007199254740994e+15]");
  });

  it("hands each Uint8Array's view to the backend beside the JSON, never as numbers", async () => {
    const { ipc, backend, mainFrame } = setUp();
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const view = whole.subarray(2, 4);
    const buffer = Buffer.from("hé");
    await ipc.invoke("notes:add", eventFrom(mainFrame), { a: [view, 1] }, buffer);
    const { argsJson, buffers } = backend.calls[0];
    assert.equal(argsJson, '[{"a":[{"$ipcBytes":0},1]},{"$ipcBytes":1}]');
    assert.equal(buffers.length, 2);
    // The views themselves: no copy, and not the rest of their ArrayBuffer.
    assert.equal(buffers[0], view);
    assert.deepEqual([...buffers[0]], [3, 4]);
    assert.equal(buffers[1], buffer);
  });

  it("calls the backend with no bytes (undefined) and the call's id for backend.cancel", async () => {
    const { ipc, mainFrame } = setUp({
      backend: {
        call(...args) {
          return JSON.stringify({
            ok: true,
            value: [args.length, args[3], Number.isSafeInteger(args[4]) && args[4] > 0],
          });
        },
      },
    });
    assert.deepEqual(await ipc.invoke("notes:add", eventFrom(mainFrame), "x"), { ok: true, value: [5, null, true] });
  });

  it("refuses an object with the placeholders' key, so the page cannot forge one", async () => {
    for (const value of [{ $ipcBytes: 0 }, { list: [{ $ipcBytes: 0, x: 1 }] }]) {
      const { envelope, argsJson } = await convert("ok", value);
      assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
      assert.match(envelope.error.message, /reserved for the placeholders of Uint8Arrays/);
      assert.equal(argsJson, undefined);
    }
    const { envelope } = await convert("ok", { list: [{ $ipcBytes: 0 }] });
    assert.deepEqual(envelope.error.data, { index: 1, path: "list[0].$ipcBytes" });
  });

  it("refuses bytes over their own limit before anything reaches the backend", async () => {
    const { ipc, backend, mainFrame } = setUp({ maxBinaryBytes: 10 });
    const fits = await ipc.invoke("notes:add", eventFrom(mainFrame), new Uint8Array(10));
    assert.equal(fits.ok, true);
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), [new Uint8Array(6), new Uint8Array(5)]);
    assert.equal(envelope.error.code, "ERR_PAYLOAD_TOO_LARGE");
    assert.deepEqual(envelope.error.data, { limit: 10, size: 11 });
    assert.equal(backend.calls.length, 1);
    // 64 MiB by default, beside the 16 MiB of JSON.
    const big = setUp();
    const sixtyFour = await big.ipc.invoke("notes:add", eventFrom(big.mainFrame), new Uint8Array(64 * 1024 * 1024));
    assert.equal(sixtyFour.ok, true);
    const over = await big.ipc.invoke("notes:add", eventFrom(big.mainFrame), new Uint8Array(64 * 1024 * 1024 + 1));
    assert.deepEqual(over.error.data, { limit: 64 * 1024 * 1024, size: 64 * 1024 * 1024 + 1 });
  });

  it("puts the answer's buffers back in place of their placeholders", async () => {
    const bytes = new Uint8Array([7, 8]);
    const { ipc, mainFrame } = setUp({
      backend: fakeBackend(() => ['{"ok":true,"value":{"image":{"$ipcBytes":0},"n":1}}', [bytes]]),
    });
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), "x");
    assert.deepEqual(envelope, { ok: true, value: { image: bytes, n: 1 } });
    assert.equal(envelope.value.image, bytes);
  });

  for (const [what, answer] of [
    ["a placeholder naming no buffer", ['{"ok":true,"value":{"$ipcBytes":1}}', [new Uint8Array(1)]]],
    ["a buffer named twice", ['{"ok":true,"value":[{"$ipcBytes":0},{"$ipcBytes":0}]}', [new Uint8Array(1)]]],
    ["a buffer left over", ['{"ok":true,"value":null}', [new Uint8Array(1)]]],
    ["buffers that are not Uint8Arrays", ['{"ok":true,"value":{"$ipcBytes":0}}', [[1, 2]]]],
  ]) {
    it(`answers ERR_BAD_RESPONSE for ${what} from the backend`, async () => {
      const { ipc, mainFrame } = setUp({ backend: fakeBackend(() => answer) });
      const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), "x");
      assert.equal(envelope.error.code, "ERR_BAD_RESPONSE");
    });
  }

  for (const [what, value, path] of [
    ["a Map", new Map(), "."],
    ["NaN in an object", { a: { b: Number.NaN } }, "a.b"],
    ["a hole", Object.assign(new Array(3), { 0: 1, 2: 3 }), "[1]"],
    ["undefined in an array", [undefined], "[0]"],
    ["a BigInt", 1n, "."],
    ["a class instance", new (class Point {})(), "."],
  ]) {
    it(`refuses ${what} with ERR_BAD_ARGUMENTS and the path, before the backend`, async () => {
      const { envelope, argsJson } = await convert("ok", value);
      assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
      assert.deepEqual(envelope.error.data, { index: 1, path });
      assert.equal(argsJson, undefined);
    });
  }

  it("refuses nesting deeper than 128 levels", async () => {
    let value = 1;
    for (let i = 0; i < 129; i += 1) value = [value];
    const { envelope } = await convert(value);
    assert.match(envelope.error.message, /nested deeper than 128 levels/);
  });

  it("refuses arguments over the limit with ERR_PAYLOAD_TOO_LARGE", async () => {
    const { ipc, backend, mainFrame } = setUp({ maxPayloadBytes: 100 });
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), "é".repeat(60));
    assert.equal(envelope.error.code, "ERR_PAYLOAD_TOO_LARGE");
    assert.deepEqual(envelope.error.data, { limit: 100, size: 124 });
    assert.equal(backend.calls.length, 0);
  });
});

describe("what a refusal costs", () => {
  /** Runs `body` counting the calls of JSON.stringify and Array.prototype.join, and the length of what they write. */
  async function counting(body) {
    const { stringify } = JSON;
    const { join } = Array.prototype;
    const counts = { stringify: 0, join: 0, written: 0 };
    JSON.stringify = function (...args) {
      counts.stringify += 1;
      const text = stringify.apply(this, args);
      counts.written += text?.length ?? 0;
      return text;
    };
    Array.prototype.join = function (...args) {
      counts.join += 1;
      const text = join.apply(this, args);
      counts.written += text.length;
      return text;
    };
    try {
      return { result: await body(), counts };
    } finally {
      JSON.stringify = stringify;
      Array.prototype.join = join;
    }
  }

  const limit = 1024 * 1024;
  const refuse = async (...args) => {
    const { ipc, backend, mainFrame } = setUp({ maxPayloadBytes: limit });
    const { result, counts } = await counting(() => ipc.invoke("notes:add", eventFrom(mainFrame), ...args));
    assert.equal(result.error?.code, "ERR_PAYLOAD_TOO_LARGE", JSON.stringify(result).slice(0, 300));
    assert.equal(backend.calls.length, 0);
    return counts;
  };

  it("charges an object's keys before writing them", async () => {
    const key = "\u0001".repeat(4 * limit);
    const counts = await refuse({ [key]: 1 });
    assert.equal(counts.written, 0, "no text was written");
  });

  it("refuses an array known to be too large without converting it again", async () => {
    const counts = await refuse(new Array(limit).fill(0));
    assert.deepEqual(counts, { stringify: 0, join: 0, written: 0 });
  });

  it("writes a string heavy in escapes once", async () => {
    // Under the limit as characters, six times over it as JSON.
    const counts = await refuse("\u0001".repeat(limit / 2));
    assert.equal(counts.stringify, 1);
    assert.ok(counts.written <= 3 * limit + 10, `${counts.written} characters written`);
  });

  it("never writes the bytes of a Uint8Array as text", async () => {
    const counts = await refuse("x".repeat(limit), new Uint8Array(4 * limit).fill(255));
    assert.equal(counts.join, 0);
    assert.equal(counts.written, 0);
  });
});

describe("services implemented in main-process JavaScript", () => {
  it("run after the backend has checked the arguments, and answer their value", async () => {
    const { ipc, backend, mainFrame } = setUp({ backend: fakeBackend(() => '{"ok":true,"value":null}') });
    const envelope = await ipc.invoke("dialog:open", eventFrom(mainFrame), "Pick one");
    assert.deepEqual(envelope, { ok: true, value: { opened: "Pick one" } });
    assert.equal(backend.calls[0].channel, "dialog:open");
  });

  it("do not run when the backend refuses the arguments", async () => {
    let ran = false;
    const refusing = fakeBackend(() => '{"ok":false,"error":{"code":"ERR_BAD_ARGUMENTS","message":"no"}}');
    const { ipc, mainFrame } = setUp({
      backend: refusing,
      handlers: {
        dialog: {
          open() {
            ran = true;
          },
        },
      },
    });
    const envelope = await ipc.invoke("dialog:open", eventFrom(mainFrame), 1);
    assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(ran, false);
  });

  it("answer ERR_HANDLER for a thrown object with data, ERR_PANIC for anything else", async () => {
    const typed = Object.assign(new Error("cancelled"), { data: { Cancelled: null } });
    for (const [thrown, code] of [
      [typed, "ERR_HANDLER"],
      [new Error("/home/me/secret"), "ERR_PANIC"],
    ]) {
      const { ipc, mainFrame, reported } = setUp({
        backend: fakeBackend(() => '{"ok":true,"value":null}'),
        handlers: {
          dialog: {
            open() {
              throw thrown;
            },
          },
        },
      });
      const envelope = await ipc.invoke("dialog:open", eventFrom(mainFrame), "x");
      assert.equal(envelope.error.code, code);
      if (code === "ERR_PANIC") {
        assert.doesNotMatch(envelope.error.message, /secret/);
        assert.equal(reported[0].cause, thrown);
      } else {
        assert.deepEqual(envelope.error.data, { Cancelled: null });
      }
    }
  });

  it("emit their events through the registration, to frames that pass the sender checks", () => {
    const { registration, mainFrame, contents } = setUp();
    assert.deepEqual(Object.keys(registration.events), ["dialog"]);
    registration.events.dialog.opened("all", "/tmp/a", 3);
    registration.events.dialog.opened(contents, "/tmp/b", 4);
    assert.deepEqual(mainFrame.sent, [
      ["dialog:opened", "/tmp/a", 3],
      ["dialog:opened", "/tmp/b", 4],
    ]);
    assert.throws(
      () => registration.events.dialog.opened("all", "/tmp/c"),
      /expects a target and 2 argument\(s\) \(path, size\), got 1/,
    );
    assert.throws(() => registration.events.dialog.opened("everyone", "/tmp/c", 1), /the target must be/);
    registration();
    assert.throws(() => registration.events.dialog.opened("all", "/tmp/c", 1), /was disposed/);
  });
});

describe("events the backend emits", () => {
  it("reach the frames of their target, and only the schema's event channels", () => {
    const { backend, mainFrame, reported } = setUp();
    backend.sink("notes:changed", "[1]", { kind: "all" });
    backend.sink("notes:changed", "[2]", { kind: "webContents", id: 9 });
    backend.sink("notes:changed", "[3]", { kind: "frame", processId: 4, frameId: 1 });
    backend.sink("notes:add", "[4]", { kind: "all" });
    assert.deepEqual(mainFrame.sent, [
      ["notes:changed", 1],
      ["notes:changed", 2],
      ["notes:changed", 3],
    ]);
    assert.equal(reported[0].code, "ERR_UNKNOWN_CHANNEL");
  });

  it("carry their bytes as Uint8Arrays, and are dropped when the bytes do not match the placeholders", () => {
    const { backend, mainFrame, reported } = setUp();
    const bytes = new Uint8Array([1, 2]);
    backend.sink("notes:changed", '[{"$ipcBytes":0},"x"]', { kind: "all" }, [bytes]);
    backend.sink("notes:changed", '["no bytes"]', { kind: "all" }, null);
    backend.sink("notes:changed", '[{"$ipcBytes":1}]', { kind: "all" }, [bytes]);
    assert.deepEqual(mainFrame.sent, [
      ["notes:changed", bytes, "x"],
      ["notes:changed", "no bytes"],
    ]);
    assert.equal(mainFrame.sent[0][1], bytes);
    assert.equal(reported[0].code, "ERR_BAD_RESPONSE");
  });
});

describe("bytes through services implemented in main-process JavaScript", () => {
  it("reach the handler as the page's Uint8Arrays, and its Buffer answer as a Uint8Array", async () => {
    const sent = new Uint8Array([5, 6, 7]);
    let received;
    const { ipc, backend, mainFrame } = setUp({
      backend: fakeBackend(() => '{"ok":true,"value":null}'),
      handlers: {
        dialog: {
          open(data) {
            received = data;
            return { file: Buffer.from([1, 2, 3]) };
          },
        },
      },
    });
    const envelope = await ipc.invoke("dialog:open", eventFrom(mainFrame), { data: sent });
    assert.equal(backend.calls[0].argsJson, '[{"data":{"$ipcBytes":0}}]');
    assert.equal(received.data, sent);
    assert.ok(envelope.value.file instanceof Uint8Array);
    assert.deepEqual([...envelope.value.file], [1, 2, 3]);
  });

  it("go with an event emitted from main to checkEvent and to the frames", () => {
    const checked = [];
    const backend = fakeBackend();
    backend.checkEvent = (_channel, argsJson, buffers) => {
      checked.push({ argsJson, buffers });
      return '{"ok":true,"value":null}';
    };
    const { registration, mainFrame } = setUp({ backend });
    const bytes = Buffer.from("abc");
    registration.events.dialog.opened("all", bytes, 3);
    assert.deepEqual(checked, [{ argsJson: '[{"$ipcBytes":0},3]', buffers: [bytes] }]);
    assert.equal(mainFrame.sent[0][1], bytes);
    assert.throws(() => registration.events.dialog.opened("all", { $ipcBytes: 0 }, 3), /reserved/);
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    assert.throws(() => registration.events.dialog.opened("all", shared, 3), /SharedArrayBuffer/);
  });
});

describe("secureWebPreferences", () => {
  it("locks the sandbox, context isolation and Node.js off, and refuses to weaken them", () => {
    const preferences = secureWebPreferences({ preload: "/app/preload.js", spellcheck: false });
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.equal(preferences.spellcheck, false);
    assert.throws(() => secureWebPreferences({ preload: "/app/preload.js", sandbox: false }), /sandbox must stay true/);
    assert.throws(() => secureWebPreferences({ preload: "preload.js" }), /absolute path/);
  });
});

describe("the absolute path secureWebPreferences requires", () => {
  it("is what node:path's isAbsolute says on this platform", () => {
    const { isAbsolute } = require("node:path");
    for (const preload of [
      "/app/preload.js",
      "preload.js",
      "./preload.js",
      "C:\\app\\preload.js",
      "C:/app/p.js",
      "C:p.js",
      "\\\\server\\share\\p.js",
      "\\p.js",
      "",
      "~/p.js",
    ]) {
      let accepted = true;
      try {
        secureWebPreferences({ preload });
      } catch {
        accepted = false;
      }
      assert.equal(accepted, isAbsolute(preload), JSON.stringify(preload));
    }
  });
});

describe("registerIpc({ trace })", () => {
  /** setUp with a trace that keeps its records. */
  function traced(options = {}) {
    const records = [];
    const setup = setUp({ trace: (record) => records.push(record), ...options });
    return { ...setup, records };
  }

  it("is off by default: the plain handlers are registered", () => {
    const plain = setUp();
    assert.match(String(plain.ipc.handlers.get("notes:add")), /handleInvoke/);
    assert.match(String(plain.ipc.listeners.get("notes:log")), /handleSend/);
    const { ipc } = traced();
    assert.match(String(ipc.handlers.get("notes:add")), /traceInvoke/);
  });

  it("records an invoke: channel, sender, duration, sizes and code", async () => {
    const { ipc, mainFrame, records } = traced();
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), "milk");
    assert.deepEqual(envelope, { ok: true, value: { echo: ["milk"] } });
    assert.equal(records.length, 1);
    const [record] = records;
    assert.ok(Object.isFrozen(record));
    assert.ok(record.durationMs >= 0);
    assert.deepEqual(
      { ...record, durationMs: 0 },
      {
        kind: "invoke",
        channel: "notes:add",
        sender: { webContentsId: 9, processId: 4, frameId: 1, origin: ORIGIN, url: `${ORIGIN}/index.html` },
        durationMs: 0,
        argsBytes: '["milk"]'.length,
        answerBytes: '{"echo":["milk"]}'.length,
        code: "OK",
      },
    );
  });

  it("counts a Uint8Array of the arguments or the answer by its byte length", async () => {
    const bytes = fakeBackend(() => ['{"ok":true,"value":{"$ipcBytes":0}}', [new Uint8Array(1000)]]);
    const { ipc, mainFrame, records } = traced({ backend: bytes });
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), new Uint8Array(4096));
    assert.equal(envelope.value.byteLength, 1000);
    assert.equal(records[0].argsBytes, "[0]".length + 4096);
    assert.equal(records[0].answerBytes, "0".length + 1000);
  });

  it("records the code of a refused or failed invoke", async () => {
    const failing = () => {
      throw new Error("disk on fire");
    };
    const { ipc, records } = traced({ handlers: { dialog: { open: failing } } });
    await ipc.invoke("notes:add", eventFrom(frame({ url: "https://evil.test/", origin: "https://evil.test" })), "x");
    await ipc.invoke("dialog:open", eventFrom(frame()), "title");
    assert.deepEqual(
      records.map((r) => [r.channel, r.code, r.sender.origin, r.answerBytes > 0]),
      [
        ["notes:add", "ERR_FORBIDDEN", "https://evil.test", true],
        ["dialog:open", "ERR_PANIC", ORIGIN, true],
      ],
    );
  });

  it("records a send, with the code onError heard", async () => {
    const refusing = fakeBackend((channel) =>
      channel === "notes:log"
        ? JSON.stringify({ ok: false, error: { code: "ERR_BAD_ARGUMENTS", message: "no" } })
        : JSON.stringify({ ok: true, value: null }),
    );
    const { ipc, mainFrame, records, reported } = traced({ backend: refusing });
    ipc.listeners.get("notes:log")(eventFrom(mainFrame), 42);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(records.length, 1);
    assert.equal(records[0].kind, "send");
    assert.equal(records[0].code, "ERR_BAD_ARGUMENTS");
    assert.equal(records[0].argsBytes, 4);
    assert.equal(reported.length, 1, "onError still hears it");
  });

  it("records the backend's events and the main-process services' events", () => {
    const { backend, registration, records } = traced();
    backend.sink("notes:changed", "[1]", { kind: "all" });
    backend.sink("notes:nope", "[1]", { kind: "all" });
    backend.sink("notes:changed", '[{"$ipcBytes":0}]', { kind: "all" }, [new Uint8Array(100)]);
    registration.events.dialog.opened("all", "/tmp/a", 3);
    assert.throws(() => registration.events.dialog.opened("all", "/tmp/a"), /expects a target and 2/);
    assert.deepEqual(
      records.map((r) => [r.kind, r.channel, r.code, r.argsBytes, r.target]),
      [
        ["event", "notes:changed", "OK", 3, { kind: "all" }],
        ["event", "notes:nope", "ERR_UNKNOWN_CHANNEL", 3, { kind: "all" }],
        ["event", "notes:changed", "OK", '[{"$ipcBytes":0}]'.length + 100, { kind: "all" }],
        ["event", "dialog:opened", "OK", '["/tmp/a",3]'.length, { kind: "all" }],
        ["event", "dialog:opened", "ERR_BAD_ARGUMENTS", '["/tmp/a"]'.length, { kind: "all" }],
      ],
    );
  });

  it("survives a trace that throws, and refuses one that is not a function", async (t) => {
    const logged = t.mock.method(console, "error", () => {});
    const { ipc, mainFrame } = setUp({
      trace: () => {
        throw new Error("broken trace");
      },
    });
    const envelope = await ipc.invoke("notes:add", eventFrom(mainFrame), "milk");
    assert.equal(envelope.ok, true);
    assert.equal(logged.mock.callCount(), 1);
    assert.throws(() => setUp({ trace: "yes" }), /`trace` must be a function/);
  });
});

describe("cancellation of calls in flight", () => {
  it("gives a main-process handler an AbortSignal that aborts when its call is cancelled", async () => {
    let signal;
    const { ipc, mainFrame, registration } = setUp({
      handlers: {
        dialog: {
          open: (_title, _sender, given) => {
            signal = given;
            return new Promise(() => {});
          },
        },
      },
    });
    const answer = ipc.invoke("dialog:open", eventFrom(mainFrame), "t");
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(signal instanceof AbortSignal);
    assert.equal(signal.aborted, false);
    assert.equal(registration.inFlightCalls(), 1);
    registration.dispose();
    assert.equal(signal.aborted, true);
    assert.deepEqual(await answer, {
      ok: false,
      error: { code: "ERR_CANCELLED", message: "dialog:open was cancelled", data: { reason: "dispose" } },
    });
    assert.equal(registration.inFlightCalls(), 0);
  });

  it("cancels the call a frame announced, only from that frame, and tells the backend", async () => {
    const cancelled = [];
    const backend = fakeBackend(() => new Promise(() => {}));
    backend.cancel = (id) => cancelled.push(id) > 0;
    const { ipc, mainFrame, registration } = setUp({ backend });
    const event = { ...eventFrom(mainFrame), processId: 4, frameId: 1 };
    ipc.listeners.get("ipc:call")(event, 7);
    const answer = ipc.invoke("notes:add", event, "x");
    // The call's entry, and its page id.
    assert.equal(registration.inFlightCalls(), 2);
    // Another frame's cancel with the same id, and malformed ids, reach nothing.
    ipc.listeners.get("ipc:cancel")({ ...event, frameId: 2 }, 7);
    for (const bad of [0, -7, 7.5, "7", null]) ipc.listeners.get("ipc:cancel")(event, bad);
    assert.deepEqual(cancelled, []);
    ipc.listeners.get("ipc:cancel")(event, 7);
    assert.equal((await answer).error.code, "ERR_CANCELLED");
    assert.equal(cancelled.length, 1);
    assert.ok(Number.isSafeInteger(cancelled[0]) && cancelled[0] > 0);
    assert.equal(registration.inFlightCalls(), 0);
    registration.dispose();
  });
});

describe("the bigint policy (docs/wire.md, 64-bit integers)", () => {
  /** Two schemas in one table: `ledger` picks the bigint policy, `notes` keeps the default. */
  const MIXED = {
    schemas: [
      { app: "ledger-app", hash: "sha256:01", namespaces: ["ledger"], int64: "bigint" },
      { app: "notes-app", hash: "sha256:02", namespaces: ["notes"] },
    ],
    channels: [
      { channel: "ledger:balance", kind: "invoke", service: "ledger", name: "balance" },
      { channel: "ledger:moved", kind: "event", service: "ledger", name: "moved" },
      { channel: "notes:add", kind: "invoke", service: "notes", name: "add" },
    ],
  };

  function serve(answer) {
    const fake = fakeElectron();
    const backend = fakeBackend(answer);
    const reported = [];
    createMainIpc(MIXED, fake.electron).registerIpc({
      backend,
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
    });
    const invoke = (channel, ...args) => fake.electron.ipcMain.invoke(channel, eventFrom(fake.mainFrame), ...args);
    return { ...fake, backend, reported, invoke };
  }

  it("writes a BigInt argument as its exact digits on a bigint schema's channels only", async () => {
    const { backend, invoke } = serve();
    await invoke("ledger:balance", 18446744073709551615n, { nested: [-9223372036854775808n] });
    assert.equal(backend.calls[0].argsJson, '[18446744073709551615,{"nested":[-9223372036854775808]}]');
    const refused = await invoke("notes:add", 1n);
    assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(refused.error.message, /is a bigint, which cannot be sent/);
    assert.equal(backend.calls.length, 1, "the refusal never reached the backend");
  });

  it("refuses the key $ipcBigInt in a bigint schema's arguments, with its path; the default policy leaves it alone", async () => {
    const { backend, invoke } = serve();
    const refused = await invoke("ledger:balance", { a: [{ $ipcBigInt: "1" }] });
    assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual({ ...refused.error.data }, { index: 0, path: "a[0].$ipcBigInt" });
    assert.match(refused.error.message, /reserved for the placeholders of BigInts/);
    const passed = await invoke("notes:add", { $ipcBigInt: "1" });
    assert.equal(passed.ok, true);
    assert.equal(backend.calls.length, 1);
  });

  it("revives exactly as many placeholders as the answer counts", async () => {
    const json = JSON.stringify({
      ok: true,
      value: { id: { $ipcBigInt: "18446744073709551615" }, n: [{ $ipcBigInt: "-1" }] },
    });
    const { invoke } = serve(() => [json, [], 2]);
    const answer = await invoke("ledger:balance", 1n);
    assert.deepEqual(answer, { ok: true, value: { id: 18446744073709551615n, n: [-1n] } });
  });

  it("does not revive a placeholder in an answer that counts none, and refuses one that counts fewer or more", async () => {
    const stray = JSON.stringify({ ok: true, value: { $ipcBigInt: "5" } });
    assert.deepEqual(await serve(() => stray).invoke("ledger:balance", 1n), {
      ok: true,
      value: { $ipcBigInt: "5" },
    });
    const twoWritten = JSON.stringify({ ok: true, value: [{ $ipcBigInt: "5" }, { $ipcBigInt: "6" }] });
    for (const answer of [
      [twoWritten, [], 1],
      [twoWritten, [], 3],
      [JSON.stringify({ ok: true, value: { $ipcBigInt: "1e3" } }), [], 1],
      [JSON.stringify({ ok: true, value: { $ipcBigInt: 5 } }), [], 1],
      [JSON.stringify({ ok: true, value: { $ipcBigInt: "5", other: 1 } }), [], 1],
      [twoWritten, [], 0],
      [twoWritten, [], "2"],
    ]) {
      const { invoke, reported } = serve(() => answer);
      const refused = await invoke("ledger:balance", 1n);
      assert.equal(refused.error.code, "ERR_BAD_RESPONSE", JSON.stringify(answer));
      assert.equal(reported[0].code, "ERR_BAD_RESPONSE");
    }
  });

  it("revives a placeholder under the key __proto__ as an own property, never as the prototype", async () => {
    const json = '{"ok":true,"value":{"__proto__":{"$ipcBigInt":"5"},"b":{"__proto__":{"$ipcBytes":0}}}}';
    const bytes = new Uint8Array([1, 2]);
    const { value } = await serve(() => [json, [bytes], 1]).invoke("ledger:balance", 1n);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(value, "__proto__").value, 5n);
    assert.equal(Object.getPrototypeOf(value.b), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(value.b, "__proto__").value, bytes);
  });

  it("revives the BigInts of an event the backend counts", () => {
    const { backend, mainFrame } = serve();
    backend.sink(
      "ledger:moved",
      '[{"$ipcBigInt":"9223372036854775808"},{"$ipcBigInt":"-1"}]',
      { kind: "all" },
      null,
      2,
    );
    assert.deepEqual(mainFrame.sent, [["ledger:moved", 9223372036854775808n, -1n]]);
  });

  it("refuses a schemas table whose int64 is not bigint", () => {
    const table = { ...MIXED, schemas: [{ ...MIXED.schemas[0], int64: "number" }, MIXED.schemas[1]] };
    assert.throws(
      () => createMainIpc(table, fakeElectron().electron),
      /not an entry of the generated table of schemas/,
    );
  });
});

describe("a state that requires a capability", () => {
  it("is followed only by a window granted it, and its versions reach only windows that still hold it", async () => {
    const mainFrame = frame();
    const contents = Object.assign(new EventEmitter(), { id: 9, mainFrame, isDestroyed: () => false });
    const electron = {
      ipcMain: fakeIpc(),
      webContents: { getAllWebContents: () => [contents], fromId: (id) => (id === 9 ? contents : undefined) },
      webFrameMain: { fromId: (processId, routingId) => (processId === 4 && routingId === 1 ? mainFrame : undefined) },
    };
    const theme = {
      channel: "prefs:theme",
      kind: "state",
      service: "prefs",
      name: "theme",
      capabilities: ["settings"],
    };
    const backend = fakeBackend(() => JSON.stringify({ ok: true, value: { version: 1, value: "dark" } }));
    const reported = [];
    const registration = createMainIpc({ channels: [theme] }, electron).registerIpc({
      backend,
      allowedOrigins: [ORIGIN],
      onError: (error) => reported.push(error),
    });
    const event = { sender: contents, senderFrame: mainFrame, processId: 4, frameId: 1 };
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    const refused = await electron.ipcMain.invoke("prefs:theme", event);
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, "ERR_FORBIDDEN");
    assert.equal(refused.error.data.capability, "settings");
    assert.equal(backend.calls.length, 0, "a window without the capability reads nothing");

    registration.grant(contents, ["settings"], { origin: ORIGIN });
    const read = await electron.ipcMain.invoke("prefs:theme", event);
    assert.deepEqual(read, { ok: true, value: { version: 1, value: "dark" } });

    backend.sink("prefs:theme", '[2,"light"]', { kind: "all" }, [], 0);
    await settle();
    assert.deepEqual(mainFrame.sent, [["prefs:theme", 2, "light"]]);

    registration.revoke(contents, ["settings"]);
    backend.sink("prefs:theme", '[3,"blue"]', { kind: "all" }, [], 0);
    await settle();
    assert.deepEqual(mainFrame.sent, [["prefs:theme", 2, "light"]], "a revoked window gets no later version");
    registration.dispose();
  });
});

describe("registerWindow (the relay's roles)", () => {
  it("is refused when the schema declares no relay: no page would use the role", () => {
    const { registration, contents } = setUp();
    assert.throws(() => registration.registerWindow(contents, "settings"), /the schema declares no relay/);
    registration.dispose();
  });

  it("serves a relay channel and the answers of its requests, and removes both on dispose", () => {
    const fake = fakeElectron();
    const contract = {
      channels: [{ channel: "desk:ask", kind: "relay", service: "desk", name: "ask", request: true }],
    };
    const registration = createMainIpc(contract, fake.electron).registerIpc({
      backend: fakeBackend(),
      allowedOrigins: [ORIGIN],
    });
    const ipc = fake.electron.ipcMain;
    assert.ok(ipc.handlers.has("desk:ask"));
    assert.ok(ipc.listeners.has("ipc:relay-answer"));
    registration.dispose();
    assert.ok(!ipc.handlers.has("desk:ask"));
    assert.ok(!ipc.listeners.has("ipc:relay-answer"));
  });
});
