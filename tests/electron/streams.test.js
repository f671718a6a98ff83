"use strict";
// Streams end to end (docs/wire.md, "Streams"): the main runtime's stream
// channels (main-runtime.cjs), the preload's half (renderer-runtime.cjs's
// connectStreams, copied into a preload as ipc-codegen copies it), the
// harness's MessagePorts, and the real compiled test addon, whose counters
// show what its Rust producers did.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { loadAddon } = require("../bridge/addon.js");
const { createMainIpc } = require("../../ipc-codegen/runtime/main-runtime.cjs");

const addon = loadAddon();
const ORIGIN = "https://app.example";

/** The preload: the runtime's copied part, then one service of stream functions. */
const RUNTIME = fs.readFileSync(path.join(__dirname, "../../ipc-codegen/runtime/renderer-runtime.cjs"), "utf8");
const between = (from, to) => RUNTIME.slice(RUNTIME.indexOf(from), RUNTIME.indexOf(to));
const copied =
  between("// --- ipc-codegen copies from here ---", "// --- ipc-codegen copies up to here ---") +
  between("// --- streams: copied after", "// --- streams: up to here ---");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-streams-"));
const PRELOAD = path.join(dir, "preload.js");
fs.writeFileSync(
  PRELOAD,
  `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
${copied}
const streams = connectStreams(ipcRenderer);
contextBridge.exposeInMainWorld("streams", {
  count: (...args) => streams.stream("streams:count", "streams.count", ["count"], args),
  chunks: (...args) => streams.stream("streams:chunks", "streams.chunks", ["count", "size"], args),
  tail: (...args) => streams.stream("streams:tail", "streams.tail", ["file", "lines"], args),
  explodeAt: (...args) => streams.stream("streams:explodeAt", "streams.explodeAt", ["at"], args),
  bogus: (...args) => streams.stream("streams:bogus", "streams.bogus", [], args),
});
`,
);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const CHANNELS = ["count", "chunks", "tail", "explodeAt"].map((name) => ({
  channel: `streams:${name}`,
  kind: "stream",
  service: "streams",
  name,
}));

let app;
let registerIpc;
let registration;
let errors;
// What main posts on the streams' ports, in order.
let posted;
beforeEach(() => {
  app = createApp();
  errors = [];
  posted = [];
  const Channel = app.electron.MessageChannelMain;
  const MessageChannelMain = class extends Channel {
    constructor() {
      super();
      const post = this.port1.postMessage.bind(this.port1);
      this.port1.postMessage = (message, ...rest) => {
        posted.push(message);
        return post(message, ...rest);
      };
    }
  };
  const electron = Object.create(app.electron, { MessageChannelMain: { value: MessageChannelMain } });
  ({ registerIpc } = createMainIpc({ channels: CHANNELS }, electron));
  registration = registerIpc({
    backend: addon,
    allowedOrigins: [ORIGIN],
    onError: (error) => errors.push(error),
  });
});
afterEach(() => {
  registration();
  app.dispose();
});

async function open(url = `${ORIGIN}/index.html`) {
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: PRELOAD, sandbox: true } });
  await win.loadURL(url);
  return { win, doc: app.renderer(win) };
}

function counters() {
  const answer = addon.call("streams:counters", "[]", [1, 1, 1, ORIGIN, ORIGIN, true]);
  const [dropped, produced] = JSON.parse(answer).value;
  return { dropped, produced };
}

/** Waits until the addon's counters say `check`, or fails after a while. */
async function until(check, what) {
  for (let i = 0; i < 200; i++) {
    await app.idle();
    if (check(counters())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`${what}: ${JSON.stringify(counters())}`);
}

/** A page value as plain JSON, to compare it in Node's realm. */
const plain = (value) => JSON.parse(JSON.stringify(value));

/** Page code: reads the whole stream with for await; answers the items or the error. */
const readAll = (call) => `(async () => {
  const iterator = ${call};
  const items = [];
  try {
    for await (const item of { [Symbol.asyncIterator]: () => iterator }) items.push(item);
    return { items };
  } catch (error) {
    return { items, error: { code: error.code, data: error.data, message: error.message } };
  }
})()`;

describe("main → page streams over a MessagePort", () => {
  it("the page iterates the items in order, and the producer is dropped at the end", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(readAll("window.streams.count(40)"));
    assert.deepEqual(
      JSON.parse(JSON.stringify(result.items)),
      Array.from({ length: 40 }, (_, n) => n),
    );
    assert.equal(result.error, undefined);
    await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
    assert.deepEqual(errors, []);
  });

  it("main posts what one pull answered as one port message, and the page reads every item", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.streams.count(40)"));
    assert.deepEqual(
      JSON.parse(JSON.stringify(result.items)),
      Array.from({ length: 40 }, (_, n) => n),
    );
    const messages = posted.filter((message) => message.t === "item" || message.t === "items");
    const batches = messages.filter((message) => message.t === "items");
    assert.ok(batches.length > 0, "several ready items went as one message");
    assert.ok(messages.length < 40, `${messages.length} messages for 40 items`);
    // In order, each with its size beside it.
    const values = messages.flatMap((message) => (message.t === "item" ? [message.v] : message.v));
    const sizes = messages.flatMap((message) => (message.t === "item" ? [message.n] : message.n));
    assert.deepEqual(
      values,
      Array.from({ length: 40 }, (_, n) => n),
    );
    assert.ok(sizes.every((size) => Number.isSafeInteger(size) && size > 0));
    assert.equal(posted.at(-1).t, "end");
  });

  it("a pullStream that throws, or answers no batch, at once or later, ends the stream in main's words", async () => {
    for (const [what, pullStream, code, reported] of [
      [
        "throws",
        () => {
          throw new Error("boom");
        },
        "ERR_TRANSPORT",
        /backend\.pullStream failed: boom/,
      ],
      ["rejects", () => Promise.reject(new Error("later")), "ERR_TRANSPORT", /backend\.pullStream failed: later/],
      ["answers a string at once", () => "[]", "ERR_BAD_RESPONSE", /not a batch/],
      ["answers an empty batch later", () => Promise.resolve([]), "ERR_BAD_RESPONSE", /not a batch/],
      ["answers a number in a batch", () => [42], "ERR_BAD_RESPONSE", /not an envelope/],
    ]) {
      registration();
      errors = [];
      const backend = Object.create(addon, { pullStream: { value: pullStream } });
      registration = createMainIpc({ channels: CHANNELS }, app.electron).registerIpc({
        backend,
        allowedOrigins: [ORIGIN],
        onError: (error) => errors.push(error),
      });
      const { doc } = await open();
      const result = await doc.evaluate(readAll("window.streams.count(3)"));
      assert.equal(result.items.length, 0, what);
      assert.equal(result.error.code, code, what);
      assert.match(result.error.message, /the main process could not read the stream/, what);
      assert.match(errors.at(-1)?.message ?? "", reported, what);
    }
  });

  it("byte chunks arrive as Uint8Arrays of the page", async () => {
    const { doc } = await open();
    const ok = await doc.evaluate(`(async () => {
      const it = window.streams.chunks(3, 5);
      const seen = [];
      for await (const chunk of { [Symbol.asyncIterator]: () => it }) seen.push(chunk instanceof Uint8Array && chunk.join(","));
      return seen.join("|");
    })()`);
    assert.equal(ok, "0,1,2,3,4|1,2,3,4,5|2,3,4,5,6");
  });

  it("chunks that fill the byte window before half its items keep flowing, one larger than the window too", async () => {
    const { doc } = await open();
    // 256 KiB chunks: the 1 MiB byte credit runs out after 4, before half the window's 64 items were read.
    const read = (count, size) =>
      doc.evaluate(`(async () => {
        const it = window.streams.chunks(${count}, ${size});
        window.seen = 0;
        for await (const chunk of { [Symbol.asyncIterator]: () => it }) window.seen += chunk.length === ${size} ? 1 : 0;
        return window.seen;
      })()`);
    for (const [count, size] of [
      [12, 256 * 1024],
      [3, 2 * 1024 * 1024],
    ]) {
      let timer;
      const stalled = new Promise((resolve) => {
        timer = setTimeout(resolve, 10000, "stalled");
      });
      const result = await Promise.race([read(count, size), stalled]);
      clearTimeout(timer);
      const seen = result === "stalled" ? await doc.evaluate("window.seen") : result;
      assert.equal(seen, count, `${count} chunks of ${size} bytes (${result === "stalled" ? "stalled" : "ended"})`);
    }
    assert.deepEqual(errors, []);
  });

  it("the setup error rejects the first next() with ERR_HANDLER and its typed data", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.streams.tail("", 1)'));
    assert.equal(result.items.length, 0);
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.data, "NoFile");
  });

  it("a typed error mid-stream ends the iteration with an IpcError after the items before it", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.streams.tail("app.log", 2)'));
    assert.deepEqual(JSON.parse(JSON.stringify(result.items)), ["app.log:1", "app.log:2"]);
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.data, "Gone");
  });

  it("a panic in the producer is ERR_PANIC, and main keeps serving", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.streams.explodeAt(3)"));
    assert.equal(result.items.length, 3);
    assert.equal(result.error.code, "ERR_PANIC");
    const again = await doc.evaluate(readAll("window.streams.count(2)"));
    assert.equal(again.items.length, 2);
  });

  it("a page that stops reading holds Rust at the window: nothing is produced beyond it", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate("(async () => { window.slow = window.streams.count(null); await window.slow.next(); })()");
    await until((c) => c.produced >= before.produced + 64, "the window is filled");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.idle();
    assert.equal(counters().produced - before.produced, 64, "one window of 64 items (the default), no more");
    // Reading on grants more credit: the producer goes on.
    await doc.evaluate("(async () => { for (let i = 0; i < 40; i++) await window.slow.next(); })()");
    await until((c) => c.produced > before.produced + 64, "more credit, more items");
    await doc.evaluate("window.slow.return()");
    await until((c) => c.dropped === before.dropped + 1, "return() drops the producer");
  });

  for (const [route, code] of [
    [
      "break out of for await",
      "(async () => { for await (const n of { [Symbol.asyncIterator]: () => window.streams.count(null) }) if (n === 3) break; })()",
    ],
    ["return()", "(async () => { const it = window.streams.count(null); await it.next(); await it.return(); })()"],
  ]) {
    it(`${route} drops the Rust stream, and nothing is produced after it`, async () => {
      const { doc } = await open();
      const before = counters();
      await doc.evaluate(code);
      await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
      const produced = counters().produced;
      await new Promise((resolve) => setTimeout(resolve, 30));
      await app.idle();
      assert.equal(counters().produced, produced, "no item after the drop");
    });
  }

  for (const [route, act] of [
    ["a reload", ({ win }) => win.loadURL(`${ORIGIN}/index.html`)],
    ["a navigation", ({ win }) => win.loadURL(`${ORIGIN}/other.html`)],
    ["the window closing", ({ win }) => win.destroy()],
    ["dispose()", () => registration()],
  ]) {
    it(`${route} drops the Rust stream of an open iterator`, async () => {
      const opened = await open();
      const before = counters();
      await opened.doc.evaluate(
        "(async () => { window.kept = window.streams.count(null); await window.kept.next(); })()",
      );
      await act(opened);
      await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
    });
  }

  it("a frame of another origin is refused before any stream or port exists", async () => {
    const { doc } = await open("https://evil.example/index.html");
    const before = counters();
    const result = await doc.evaluate(readAll("window.streams.count(3)"));
    assert.equal(result.error.code, "ERR_FORBIDDEN");
    assert.equal(counters().produced, before.produced);
    assert.equal(errors[0].code, "ERR_FORBIDDEN");
  });

  it("garbage a compromised preload posts on the port ends that stream only, with ERR_BAD_ARGUMENTS", async () => {
    const { doc } = await open();
    const before = counters();
    // A compromised isolated world: it answers the port with garbage instead of credit.
    doc.ipcRenderer.on("ipc:stream", (event) => event.ports[0].postMessage({ t: "credit", items: -1, bytes: 5 }));
    const result = await doc.evaluate(readAll("window.streams.count(null)"));
    assert.equal(result.error?.code, "ERR_BAD_ARGUMENTS");
    await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
    assert.equal(errors.at(-1).code, "ERR_BAD_ARGUMENTS");
  });

  it("64 open streams per frame; the next is ERR_STREAM_LIMIT, other windows are not affected", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(`(async () => {
      window.open64 = [];
      for (let i = 0; i < 64; i++) { const it = window.streams.count(null); await it.next(); window.open64.push(it); }
      try { await window.streams.count(1).next(); return "opened"; } catch (error) { return error.code; }
    })()`);
    assert.equal(result, "ERR_STREAM_LIMIT");
    const other = await open();
    const fine = await other.doc.evaluate(readAll("window.streams.count(1)"));
    assert.equal(fine.items.length, 1);
    const before = counters();
    await doc.evaluate("(async () => { for (const it of window.open64) await it.return(); })()");
    await until((c) => c.dropped === before.dropped + 64, "all 64 dropped");
  });
});

/** Page code: reads a whole stream with the preload's take(); answers the batches, and the error if it threw. */
const takeAll = (call) => `(async () => {
  const iterator = ${call};
  const batches = [];
  try {
    for (;;) {
      const batch = await iterator.take();
      if (batch.done) return { batches, last: batch.values.length };
      batches.push(batch.values);
    }
  } catch (error) {
    return { batches, error: { code: error.code, data: error.data } };
  }
})()`;

describe("the preload's take(): every queued item in one call", () => {
  it("answers every item that is ready, in order, and the end", async () => {
    const { doc } = await open();
    await doc.evaluate("(() => { window.later = window.streams.count(200); return true; })()");
    const before = counters();
    await until((c) => c.produced >= before.produced + 64, "the window is filled");
    // The last items' port message is delivered in a task of its own.
    await app.idle();
    const first = await doc.evaluate("window.later.take()");
    assert.equal(first.done, false);
    assert.deepEqual(
      plain(first.values),
      Array.from({ length: 64 }, (_, n) => n),
      "the whole window in one take()",
    );
    const rest = await doc.evaluate(takeAll("window.later"));
    assert.deepEqual(
      [...plain(first.values), ...plain(rest.batches).flat()],
      Array.from({ length: 200 }, (_, n) => n),
    );
    assert.equal(rest.last, 0);
    assert.equal(rest.error, undefined);
  });

  it("an error after a batch comes once the batch was taken", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(takeAll('window.streams.tail("app.log", 2)'));
    assert.deepEqual(plain(result.batches).flat(), ["app.log:1", "app.log:2"]);
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.data, "Gone");
  });
});

describe("the window main chooses: registerIpc({ streams: { windowItems, windowBytes } })", () => {
  const reregister = (streams) => {
    registration();
    registration = registerIpc({ backend: addon, allowedOrigins: [ORIGIN], onError: (e) => errors.push(e), streams });
  };

  it("a page that stops reading holds Rust at a large item window, exactly", async () => {
    reregister({ windowItems: 300, windowBytes: 64 * 1024 * 1024 });
    const { doc } = await open();
    const before = counters();
    await doc.evaluate("(async () => { window.slow = window.streams.count(null); await window.slow.next(); })()");
    await until((c) => c.produced >= before.produced + 300, "the window is filled");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.idle();
    assert.equal(counters().produced - before.produced, 300, "one window of 300 items, no more");
    await doc.evaluate("window.slow.return()");
    await until((c) => c.dropped === before.dropped + 1, "return() drops the producer");
  });

  it("the byte window bounds a stream of chunks whatever the item window", async () => {
    reregister({ windowItems: 100_000, windowBytes: 256 * 1024 });
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(
      `(async () => { window.slow = window.streams.chunks(1000000, ${64 * 1024}); await window.slow.next(); })()`,
    );
    await until((c) => c.produced >= before.produced + 4, "the byte window is filled");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.idle();
    const produced = counters().produced - before.produced;
    // 256 KiB of credit: four chunks of 64 KiB and their JSON, the last one overshooting once.
    assert.equal(produced, 4, `${produced} chunks produced`);
    await doc.evaluate("window.slow.return()");
    await until((c) => c.dropped === before.dropped + 1, "return() drops the producer");
  });

  it("registerIpc refuses a window that is not positive integers, naming the option", () => {
    for (const [streams, pattern] of [
      [{ windowItems: 0 }, /`streams\.windowItems` must be a positive integer/],
      [{ windowItems: -1 }, /`streams\.windowItems` must be a positive integer/],
      [{ windowItems: 1.5 }, /`streams\.windowItems` must be a positive integer/],
      [{ windowBytes: "1048576" }, /`streams\.windowBytes` must be a positive integer/],
      [{ windowBytes: Number.POSITIVE_INFINITY }, /`streams\.windowBytes` must be a positive integer/],
      [{ window: 64 }, /`streams` takes windowItems and windowBytes, not "window"/],
      [null, /`streams` must be \{ windowItems\?, windowBytes\? \}/],
      [64, /`streams` must be \{ windowItems\?, windowBytes\? \}/],
    ]) {
      assert.throws(
        () => registerIpc({ backend: addon, allowedOrigins: [ORIGIN], streams }),
        (error) => error instanceof TypeError && pattern.test(error.message),
        JSON.stringify(streams),
      );
    }
  });

  for (const [what, window] of [
    ["no items", { items: 0, bytes: 1024 }],
    ["a fraction", { items: 1.5, bytes: 1024 }],
    ["strings", { items: "16", bytes: "1024" }],
    ["null", null],
  ]) {
    it(`a window of ${what} from main fails the stream with ERR_BAD_RESPONSE and closes its port, rather than wait`, async () => {
      const { doc } = await open();
      let closed = false;
      app.electron.ipcMain.handle("streams:bogus", (event) => {
        const { port1, port2 } = new app.electron.MessageChannelMain();
        port1.on("close", () => {
          closed = true;
        });
        port1.start();
        event.senderFrame.postMessage("ipc:stream", { stream: 987654321 }, [port2]);
        return { ok: true, value: { stream: 987654321, window } };
      });
      const result = await doc.evaluate(readAll("window.streams.bogus()"));
      assert.equal(result.error?.code, "ERR_BAD_RESPONSE");
      assert.match(result.error.message, /window that is not \{ items, bytes \} of positive integers/);
      for (let i = 0; i < 50 && !closed; i++) await app.idle();
      assert.ok(closed, "the port is closed");
      app.electron.ipcMain.removeHandler("streams:bogus");
    });
  }
});
