"use strict";
// Streams from the page to main end to end (docs/wire.md, "From the page
// to main"): the main runtime's page half (main-runtime.cjs, serveIncoming),
// the preload's (renderer-runtime.cjs, openSending, copied into a preload as
// ipc-codegen copies the streams part), the page-realm reader feedIncoming,
// the harness's MessagePorts, and the real compiled test addon, whose
// counters show what its Rust consumers saw.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { loadAddon } = require("../bridge/addon.js");
const { pathToFileURL } = require("node:url");
const { createMainIpc } = require("../../ipc-codegen/runtime/main-runtime.cjs");
const { feedIncoming } = require("../../ipc-codegen/runtime/renderer-runtime.cjs");

const addon = loadAddon();

const RUNTIME = fs.readFileSync(path.join(__dirname, "../../ipc-codegen/runtime/renderer-runtime.cjs"), "utf8");
const between = (from, to) => RUNTIME.slice(RUNTIME.indexOf(from), RUNTIME.indexOf(to));
const copied =
  between("// --- ipc-codegen copies from here ---", "// --- ipc-codegen copies up to here ---") +
  between("// --- streams: copied after", "// --- streams: up to here ---");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-incoming-"));
const PRELOAD = path.join(dir, "preload.js");
fs.writeFileSync(
  PRELOAD,
  `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
${copied}
const streams = connectStreams(ipcRenderer);
contextBridge.exposeInMainWorld("uploadsRaw", {
  upload: (...args) => streams.send("uploads:upload", "uploads.upload", ["name"], args),
  doubled: (...args) => streams.send("uploads:doubled", "uploads.doubled", [], args),
  labelled: (...args) => streams.send("uploads:labelled", "uploads.labelled", ["label"], args),
  stall: (...args) => streams.send("uploads:stall", "uploads.stall", [], args),
  handOff: (...args) => streams.send("uploads:handOff", "uploads.handOff", [], args),
});
`,
);
// Pages loaded from files have the DOM's globals (AbortController among them).
for (const name of ["index", "other"]) {
  fs.writeFileSync(path.join(dir, `${name}.html`), `<!doctype html><title>${name}</title>`);
}
const page = (name) => pathToFileURL(path.join(dir, `${name}.html`)).href;
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const CHANNELS = ["upload", "doubled", "labelled", "stall", "handOff"].map((name) => ({
  channel: `uploads:${name}`,
  kind: "stream",
  service: "uploads",
  name,
}));

/**
 * Page code, as the page-realm adapter will give it: `feedIncoming` from
 * the runtime, and `upload(name, source, { signal })` /
 * `doubled(source, { signal })` over the raw writers.
 */
const PAGE_API = `(() => {
  window.feedIncoming = ${feedIncoming.toString()};
  window.upload = (name, source, options) => {
    const writer = window.uploadsRaw.upload(name);
    window.feedIncoming(source, writer, options?.signal);
    return writer.answer();
  };
  window.both = (method, args, source, options) => {
    const writer = window.uploadsRaw[method](...args);
    window.feedIncoming(source, writer, options?.signal);
    return { [Symbol.asyncIterator]: () => writer };
  };
  window.bytes = async function* (count, size) {
    for (let i = 0; i < count; i++) yield new Uint8Array(size).fill(i);
  };
  return true;
})()`;

let app;
let registration;
let errors;
beforeEach(() => {
  app = createApp();
  errors = [];
  const { registerIpc } = createMainIpc({ channels: CHANNELS }, app.electron);
  registration = registerIpc({
    backend: addon,
    allowedOrigins: [page("index"), page("other")],
    onError: (error) => errors.push(error),
  });
});
afterEach(() => {
  registration();
  app.dispose();
});

async function open() {
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: PRELOAD, sandbox: true } });
  await win.loadFile(path.join(dir, "index.html"));
  const doc = app.renderer(win);
  await doc.evaluate(PAGE_API);
  return { win, doc };
}

function counters() {
  const answer = addon.call("uploads:counters", "[]", [1, 1, 1, page("index"), "file://", true]);
  const [unfinished, errors, taken, ended] = JSON.parse(answer).value;
  return { unfinished, errors, taken, ended };
}

async function until(check, what) {
  for (let i = 0; i < 300; i++) {
    await app.idle();
    if (check(counters())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`${what}: ${JSON.stringify(counters())}`);
}

/** Page code: awaits `promise`; answers `{ value }` or `{ error }`. */
const settle = (promise) => `(async () => {
  try { return { value: await ${promise} }; }
  catch (error) { return { error: { code: error.code, data: error.data, message: error.message } }; }
})()`;

/** Page code: reads an async iterable whole; answers its items and the error that ended it. */
const readAll = (iterable) => `(async () => {
  const items = [];
  try { for await (const item of ${iterable}) items.push(item); return { items }; }
  catch (error) { return { items, error: { code: error.code, data: error.data, message: error.message } }; }
})()`;

const plain = (value) => JSON.parse(JSON.stringify(value));

describe("page → main streams over a MessagePort", () => {
  it("an upload from an async generator of Uint8Arrays answers its digest, each chunk read in Rust", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(settle('window.upload("a.bin", window.bytes(40, 1000))'));
    const sum = Array.from({ length: 40 }, (_, i) => i * 1000).reduce((a, b) => a + b, 0);
    assert.deepEqual(plain(result), { value: { name: "a.bin", chunks: 40, size: 40000, sum } });
    assert.equal(counters().taken, before.taken + 40);
    assert.deepEqual(errors, []);
  });

  it("a ReadableStream's reader and a plain iterable are read too", async () => {
    const { doc } = await open();
    const streamed = await doc.evaluate(`(async () => {
      const chunks = [Uint8Array.of(1, 2), Uint8Array.of(3)];
      // The reader interface of a ReadableStream, as the page's own stream gives it.
      const source = { getReader: () => ({ read: async () => chunks.length ? { done: false, value: chunks.shift() } : { done: true }, cancel: async () => {} }) };
      return window.upload("r.bin", source);
    })()`);
    assert.deepEqual(plain(streamed), { name: "r.bin", chunks: 2, size: 3, sum: 6 });
    const iterable = await doc.evaluate('window.upload("i.bin", [Uint8Array.of(9)])');
    assert.equal(iterable.sum, 9);
  });

  it("both ways: each number comes back doubled while the page still sends", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(`(async () => {
      const seen = [];
      let sendNext;
      async function* numbers() { for (let n = 1; n <= 5; n++) { yield n; await new Promise((r) => { sendNext = r; }); } }
      for await (const doubled of window.both("doubled", [], numbers())) { seen.push(doubled); sendNext(); }
      return seen;
    })()`);
    assert.deepEqual(plain(result), [2, 4, 6, 8, 10]);
  });

  it("the setup error of a both-ways method is ERR_HANDLER with its typed data, before any item", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.both("labelled", [""], [1, 2])'));
    assert.deepEqual(plain(result), {
      items: [],
      error: { code: "ERR_HANDLER", data: "Unnamed", message: result.error.message },
    });
    const fine = await doc.evaluate(readAll('window.both("labelled", ["n"], [1, 2])'));
    assert.deepEqual(plain(fine.items), ["n:1", "n:2"]);
  });

  it("an item of the wrong type ends the stream with ERR_BAD_ARGUMENTS naming the item and path", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.both("doubled", [], [1, 2, "three", 4])'));
    // The items before it may or may not have come back: the error ends the stream at once.
    assert.ok(result.items.length <= 2);
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual(plain(result.error.data), { item: 2, path: "." });
    const upload = await doc.evaluate(settle('window.upload("x", [Uint8Array.of(1), { not: "bytes" }])'));
    assert.equal(upload.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(upload.error.data.item, 1);
  });

  it("an item the strict conversion refuses (a function, NaN) is named by index and path", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.both("doubled", [], [1, NaN])'));
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(result.error.message, /item 1/);
  });

  it("a slow Rust consumer bounds what the page sends: a stalled method holds one window", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(`(() => {
      window.sent = 0;
      async function* forever() { for (;;) { window.sent++; yield new Uint8Array(1024); } }
      window.stalled = window.uploadsRaw.stall();
      window.feedIncoming(forever(), window.stalled);
      return true;
    })()`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.idle();
    // 64 items went (the window); the 65th waits for credit that never comes.
    assert.equal(await doc.evaluate("window.sent"), 65);
    await doc.evaluate("window.stalled.abort()");
    await until((c) => c.unfinished === before.unfinished + 1, "the stalled method is dropped");
  });

  it("a synchronous source crosses in batches, and a stalled method still holds one window", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(`(() => {
      window.sent = 0;
      window.batches = [];
      function* forever() { for (;;) { window.sent++; yield new Uint8Array(1024); } }
      const raw = window.uploadsRaw.stall();
      // The writer as the page sees it, recording the size of each batch that crosses.
      window.stalled = {
        writeMany: (values) => { window.batches.push(values.length); return raw.writeMany(values); },
        write: raw.write, end: raw.end, abort: raw.abort,
      };
      window.feedIncoming(forever(), window.stalled);
      return true;
    })()`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.idle();
    // One item, then the 63 the credit still allowed in one crossing; the 65th waits for credit.
    assert.deepEqual(plain(await doc.evaluate("window.batches")), [1, 63, 1]);
    assert.equal(await doc.evaluate("window.sent"), 65);
    await doc.evaluate("window.stalled.abort()");
    await until((c) => c.unfinished === before.unfinished + 1, "the stalled method is dropped");
  });

  it("writeMany posts its items in order and answers how many more would go at once", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(`(async () => {
      const writer = window.uploadsRaw.doubled();
      const rooms = [await writer.writeMany([1]), await writer.writeMany([2, 3, 4])];
      writer.end();
      const seen = [];
      for await (const n of { [Symbol.asyncIterator]: () => writer }) seen.push(n);
      let refused;
      try { await writer.writeMany([]); } catch (error) { refused = error.code; }
      return { rooms, seen, refused };
    })()`);
    assert.equal(result.rooms[0], 63, "the window of 64, less the one item posted");
    assert.ok(result.rooms[1] <= 60 + 4, `then ${result.rooms[1]}`);
    assert.deepEqual(plain(result.seen), [2, 4, 6, 8]);
    assert.equal(result.refused, "ERR_BAD_ARGUMENTS");
  });

  for (const [route, act] of [
    ["an aborted AbortSignal", ({ doc }) => doc.evaluate("window.controller.abort()")],
    ["a reload", ({ win }) => win.loadFile(path.join(dir, "index.html"))],
    ["a navigation", ({ win }) => win.loadFile(path.join(dir, "other.html"))],
    ["the window closing", ({ win }) => win.destroy()],
    ["dispose()", () => registration()],
  ]) {
    it(`${route} reaches Rust at once: the method is dropped, or its Incoming ends with an error`, async () => {
      const opened = await open();
      const before = counters();
      await opened.doc.evaluate(`(() => {
        window.controller = new AbortController();
        async function* slow() { yield Uint8Array.of(1); await new Promise(() => {}); }
        window.pending = window.upload("slow.bin", slow(), { signal: window.controller.signal }).then(
          () => "answered", (error) => error.code);
        return true;
      })()`);
      await until((c) => c.taken === before.taken + 1, "the first chunk is read");
      await act(opened);
      // Dropped before it answered, or (when its task ran first) told by its Incoming.
      await until(
        (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
        "the method is dropped or its Incoming fails",
      );
      if (route === "an aborted AbortSignal") {
        assert.equal(await opened.doc.evaluate("window.pending"), "ERR_CANCELLED");
      }
    });
  }

  it("an AbortSignal already aborted sends nothing and rejects with ERR_CANCELLED", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(
      settle('window.upload("a", [Uint8Array.of(1)], { signal: AbortSignal.abort() })'),
    );
    assert.equal(result.error.code, "ERR_CANCELLED");
  });

  it("a source that throws cancels the stream: ERR_CANCELLED, and Rust's Incoming ends with an error", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(`(async () => {
      async function* broken() { yield 1; throw new Error("disk gone"); }
      const items = [];
      try { for await (const n of window.both("labelled", ["b"], broken())) items.push(n); return { items }; }
      catch (error) { return { items, code: error.code }; }
    })()`);
    assert.equal(result.code, "ERR_CANCELLED");
    await until((c) => c.unfinished >= before.unfinished, "settled");
  });

  it("break out of a both-ways for await drops the Rust stream", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(`(async () => {
      async function* numbers() { for (let n = 0; ; n++) yield n; }
      for await (const n of window.both("doubled", [], numbers())) if (n >= 6) break;
    })()`);
    // Dropped while it waited for credit, or, when its pull was waiting for the page's next item,
    // ended by its Incoming's `Cancelled` (the page's abort) before the port's close dropped it.
    await until(
      (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
      "the method is dropped, or ends on Cancelled",
    );
  });

  it("a window closing ends a handed-off Incoming with an error, counted in Rust", async () => {
    const opened = await open();
    const before = counters();
    const result = await opened.doc.evaluate(settle("window.uploadsRaw.handOff().answer()"));
    assert.equal(result.value, 1);
    await until((c) => c.errors === before.errors + 1, "the consumer saw the end as an error");
  });

  it("100 concurrent streams across 4 windows: each gets its own answers", async () => {
    const windows = await Promise.all([open(), open(), open(), open()]);
    const results = await Promise.all(
      windows.map(({ doc }, w) =>
        doc.evaluate(`Promise.all(Array.from({ length: 25 }, async (_, i) => {
          const seen = [];
          for await (const n of window.both("doubled", [], [${w} * 1000 + i, 1])) seen.push(n);
          return seen;
        }))`),
      ),
    );
    for (const [w, perWindow] of results.entries()) {
      assert.deepEqual(
        plain(perWindow),
        Array.from({ length: 25 }, (_, i) => [(w * 1000 + i) * 2, 2]),
      );
    }
    assert.deepEqual(errors, []);
  });
});
