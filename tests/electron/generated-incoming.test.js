"use strict";
// Streams from the page to main end to end through the GENERATED code
// (docs/wire.md, "From the page to main"): the golden preload.js and main.cjs
// of ipc-codegen/tests/fixtures/incoming (generated from the test addon's
// `uploads` service), the page-realm adapter's `incoming` wrapper reading the
// page's source with feedIncoming in the page's world, the harness's
// MessagePorts, and the real compiled test addon, whose counters say what
// its Rust consumers saw.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { after, afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { loadAddon } = require("../bridge/addon.js");

const ROOT = path.join(__dirname, "..", "..");
const GENERATED = path.join(ROOT, "ipc-codegen", "tests", "fixtures", "incoming", "expected");
const PRELOAD = path.join(GENERATED, "preload.js");
const MAIN = path.join(GENERATED, "main.cjs");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

const addon = loadAddon();
// A page loaded from an HTML file has a DOM, and so the page's own AbortController.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-generated-incoming-"));
fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>uploads</title><p>uploads</p>");
const PAGE = pathToFileURL(path.join(dir, "index.html")).href;
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let app;
let main;
let registration;
let errors;
beforeEach(() => {
  app = createApp();
  errors = [];
  main = app.loadMain(MAIN);
  registration = main.registerIpc({
    backend: addon,
    allowedOrigins: [PAGE],
    onError: (error) => errors.push(error),
  });
});
afterEach(() => {
  registration();
  app.dispose();
});

async function open() {
  const win = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload: PRELOAD }) });
  await win.loadURL(PAGE);
  const doc = app.renderer(win);
  assert.deepEqual(doc.errors, []);
  // Page code of the tests: chunks of bytes from an async generator.
  await doc.evaluate(`(() => {
    window.bytes = async function* (count, size) {
      for (let i = 0; i < count; i++) yield new Uint8Array(size).fill(i);
    };
    return true;
  })()`);
  return { win, doc };
}

/** What the addon's Rust consumers saw since it loaded. */
function counters() {
  const answer = addon.call("uploads:counters", "[]", [1, 1, 1, PAGE, "file://", true]);
  const [unfinished, errors, taken, ended] = JSON.parse(answer).value;
  return { unfinished, errors, taken, ended };
}

/** Waits until the addon's counters say `check`, or fails after a while. */
async function until(check, what) {
  for (let i = 0; i < 400; i++) {
    await app.idle();
    if (check(counters())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`${what}: ${JSON.stringify(counters())}`);
}

/** Page code: awaits `promise`; answers `{ value }` or `{ error }`. */
const settle = (promise) => `(async () => {
  try { return { value: await ${promise} }; }
  catch (error) { return { error: { name: error.name, code: error.code, data: error.data, message: error.message } }; }
})()`;

/** Page code: reads an async iterable whole; answers its items and the error that ended it. */
const readAll = (iterable) => `(async () => {
  const items = [];
  try { for await (const item of ${iterable}) items.push(item); return { items }; }
  catch (error) { return { items, error: { name: error.name, code: error.code, data: error.data, message: error.message } }; }
})()`;

const plain = (value) => JSON.parse(JSON.stringify(value));

const byteSum = (count, size) => Array.from({ length: count }, (_, i) => i * size).reduce((a, b) => a + b, 0);

describe("generated page → main streams: uploads", () => {
  it("an upload from an async generator answers its digest, each chunk read in Rust", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(settle('window.uploads.upload("a.bin", window.bytes(40, 1000))'));
    assert.deepEqual(plain(result), { value: { name: "a.bin", chunks: 40, size: 40000, sum: byteSum(40, 1000) } });
    assert.equal(counters().taken, before.taken + 40);
    assert.deepEqual(errors, []);
  });

  it("an upload from a ReadableStream, read through its reader", async () => {
    const { doc } = await open();
    // jsdom's pages have no ReadableStream: the page builds one with the
    // WHATWG reader interface (getReader, read, cancel), which is all the
    // adapter uses of a ReadableStream.
    const result = await doc.evaluate(
      settle(`(() => {
        const chunks = [Uint8Array.of(1, 2), Uint8Array.of(3)];
        const stream = {
          getReader: () => ({
            read: async () => (chunks.length > 0 ? { done: false, value: chunks.shift() } : { done: true }),
            cancel: async () => {},
          }),
        };
        return window.uploads.upload("r.bin", stream);
      })()`),
    );
    assert.deepEqual(plain(result), { value: { name: "r.bin", chunks: 2, size: 3, sum: 6 } });
  });

  it("an upload from an array, and a sum of plain numbers", async () => {
    const { doc } = await open();
    const result = await doc.evaluate('window.uploads.upload("i.bin", [Uint8Array.of(9), Uint8Array.of(1, 1)])');
    assert.deepEqual(plain(result), { name: "i.bin", chunks: 2, size: 3, sum: 11 });
    const sum = await doc.evaluate("window.uploads.sum([1, 2, 3, 4])");
    assert.deepEqual(plain(sum), [4, 10]);
  });

  it("the page's member is a frozen function of its own world that answers a page Promise", async () => {
    const { doc } = await open();
    const shape = await doc.evaluate(`(() => {
      const answer = window.uploads.sum([]);
      return {
        frozen: Object.isFrozen(window.uploads.upload),
        promise: answer instanceof Promise,
      };
    })()`);
    assert.deepEqual(plain(shape), { frozen: true, promise: true });
  });

  it("the typed error of the Rust method is ERR_HANDLER with its data", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(settle('window.uploads.upload("", [Uint8Array.of(1)])'));
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.data, "Unnamed");
  });

  it("an item of the wrong type ends the upload with ERR_BAD_ARGUMENTS naming the item", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(settle('window.uploads.upload("x", [Uint8Array.of(1), "two"])'));
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(result.error.data.item, 1);
    assert.match(result.error.message, /item 1/);
  });

  it("a source that is not a stream, or no source at all, is refused in the page before anything opens", async () => {
    const { doc } = await open();
    for (const call of [
      'window.uploads.upload("x", 42)',
      'window.uploads.upload("x")',
      "window.uploads.sum()",
      'window.uploads.upload("x", [Uint8Array.of(1)], { timeout: 5 })',
    ]) {
      const result = await doc.evaluate(settle(call));
      assert.equal(result.error.name, "TypeError", `${call}: ${JSON.stringify(result)}`);
    }
    const notASource = await doc.evaluate(settle('window.uploads.upload("x", 42)'));
    assert.match(notASource.error.message, /uploads\.upload's argument 2 must be an AsyncIterable/);
    // Too many arguments reach the preload, which answers as for any call.
    const extra = await doc.evaluate(settle('window.uploads.upload("x", [], {}, 1)'));
    assert.equal(extra.error.code, "ERR_BAD_ARGUMENTS");
  });

  it("an aborted signal cancels the upload: ERR_CANCELLED, and Rust sees it", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(`(() => {
      window.controller = new AbortController();
      async function* slow() { yield Uint8Array.of(1); await new Promise(() => {}); }
      window.pending = window.uploads.upload("slow.bin", slow(), { signal: window.controller.signal }).then(
        () => "answered", (error) => error.code);
      return true;
    })()`);
    await until((c) => c.taken === before.taken + 1, "the first chunk is read");
    await doc.evaluate("window.controller.abort()");
    assert.equal(await doc.evaluate("window.pending"), "ERR_CANCELLED");
    await until(
      (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
      "the method is dropped or its Incoming fails",
    );
  });

  it("a signal that has already aborted sends nothing and rejects with ERR_CANCELLED", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(
      settle('window.uploads.upload("a", [Uint8Array.of(1)], { signal: AbortSignal.abort() })'),
    );
    assert.equal(result.error.code, "ERR_CANCELLED");
    await app.idle();
    assert.equal(counters().taken, before.taken, "no chunk reached Rust");
  });

  it("the window closing drops the Rust method, counted in Rust", async () => {
    const { win, doc } = await open();
    const before = counters();
    await doc.evaluate(`(() => {
      async function* slow() { yield Uint8Array.of(1); await new Promise(() => {}); }
      window.uploads.upload("slow.bin", slow()).then(undefined, () => {});
      return true;
    })()`);
    await until((c) => c.taken === before.taken + 1, "the first chunk is read");
    win.destroy();
    await until(
      (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
      "the method is dropped or its Incoming fails",
    );
  });

  it("a stalled Rust consumer bounds what the page's generator gives: one window, then it waits", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(`(() => {
      window.sent = 0;
      window.controller = new AbortController();
      async function* forever() { for (;;) { window.sent++; yield new Uint8Array(1024); } }
      window.stalled = window.uploads.stall(forever(), { signal: window.controller.signal }).then(undefined, (e) => e.code);
      return true;
    })()`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.idle();
    // 64 items went (the window); the 65th waits for credit that never comes.
    assert.equal(await doc.evaluate("window.sent"), 65);
    await doc.evaluate("window.controller.abort()");
    assert.equal(await doc.evaluate("window.stalled"), "ERR_CANCELLED");
    await until((c) => c.unfinished === before.unfinished + 1, "the stalled method is dropped");
  });
});

describe("generated page → main streams: both ways", () => {
  it("each number comes back doubled while the page still sends", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(`(async () => {
      const seen = [];
      let sendNext;
      async function* numbers() { for (let n = 1; n <= 5; n++) { yield n; await new Promise((r) => { sendNext = r; }); } }
      for await (const doubled of window.uploads.doubled(numbers())) { seen.push(doubled); sendNext(); }
      return seen;
    })()`);
    assert.deepEqual(plain(result), [2, 4, 6, 8, 10]);
  });

  it("the answer is an async iterator of the page's world that is its own iterable", async () => {
    const { doc } = await open();
    const shape = await doc.evaluate(`(async () => {
      const stream = window.uploads.doubled([21]);
      const same = stream[Symbol.asyncIterator]() === stream;
      const first = await stream.next();
      const last = await stream.next();
      return { same, first: [first.done, first.value], last: [last.done, last.value] };
    })()`);
    assert.deepEqual(plain(shape), { same: true, first: [false, 42], last: [true, null] });
  });

  it("the setup error is the typed error, before any item; a fine label streams back", async () => {
    const { doc } = await open();
    const failed = await doc.evaluate(readAll('window.uploads.labelled("", [1, 2])'));
    assert.deepEqual(plain(failed.items), []);
    assert.equal(failed.error.code, "ERR_HANDLER");
    assert.equal(failed.error.data, "Unnamed");
    const fine = await doc.evaluate(readAll('window.uploads.labelled("n", [1, 2])'));
    assert.deepEqual(plain(fine), { items: ["n:1", "n:2"] });
  });

  it("an item of the wrong type ends the iteration with ERR_BAD_ARGUMENTS naming the item", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.uploads.doubled([1, 2, "three", 4])'));
    assert.ok(result.items.length <= 2);
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual(plain(result.error.data), { item: 2, path: "." });
  });

  it("a source that is not a stream makes the first next() reject with a TypeError", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.uploads.doubled(7)"));
    assert.equal(result.error.name, "TypeError");
    assert.match(result.error.message, /uploads\.doubled's argument 1/);
  });

  it("break out of for await drops the Rust stream, counted in Rust", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate(`(async () => {
      async function* numbers() { for (let n = 0; ; n++) yield n; }
      for await (const n of window.uploads.doubled(numbers())) if (n >= 6) break;
    })()`);
    // Dropped while it waited, or (when its task ran first) told by its Incoming.
    await until(
      (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
      "the method is dropped or its Incoming fails",
    );
  });

  it("an aborted signal ends the iteration quietly and drops the Rust stream", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(`(async () => {
      const controller = new AbortController();
      async function* numbers() { for (let n = 0; ; n++) { yield n; await new Promise((r) => setTimeout(r, 1)); } }
      const seen = [];
      for await (const n of window.uploads.doubled(numbers(), { signal: controller.signal })) {
        seen.push(n);
        if (seen.length === 3) controller.abort();
      }
      return seen.length;
    })()`);
    assert.equal(result, 3);
    // Dropped while it waited, or (when its task ran first) told by its Incoming.
    await until(
      (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
      "the method is dropped or its Incoming fails",
    );
  });

  it("the window closing drops the Rust stream, counted in Rust", async () => {
    const { win, doc } = await open();
    const before = counters();
    await doc.evaluate(`(() => {
      async function* numbers() { yield 1; await new Promise(() => {}); }
      window.iterator = window.uploads.doubled(numbers());
      window.first = window.iterator.next();
      return true;
    })()`);
    await until((c) => c.taken === before.taken + 1, "the first number is read");
    win.destroy();
    // Dropped while it waited, or (when its task ran first) told by its Incoming.
    await until(
      (c) => c.unfinished + c.errors === before.unfinished + before.errors + 1,
      "the method is dropped or its Incoming fails",
    );
  });
});

describe("fidelity of what crossed", () => {
  it("answers that crossed type-check against the generated ipc.d.ts, and misuse does not", async () => {
    const { doc } = await open();
    const digest = plain(await doc.evaluate('window.uploads.upload("f.bin", [Uint8Array.of(1, 2)])'));
    const doubled = plain((await doc.evaluate(readAll("window.uploads.doubled([1, 2])"))).items);
    const failed = plain(await doc.evaluate(readAll('window.uploads.labelled("", [1])')));
    const tsDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-incoming-tsc-"));
    try {
      fs.copyFileSync(path.join(GENERATED, "ipc.d.ts"), path.join(tsDir, "ipc.d.ts"));
      const source = [
        'import type { Digest, UploadError, UploadsApi, UploadsLabelledError } from "./ipc";',
        `export const digest: Digest = ${JSON.stringify(digest)};`,
        `export const doubled: number[] = ${JSON.stringify(doubled)};`,
        `export const error: UploadError = ${JSON.stringify(failed.error.data)};`,
        `export const failed: Pick<UploadsLabelledError, "code"> = { code: ${JSON.stringify(failed.error.code)} };`,
        "export async function send(uploads: UploadsApi, stream: ReadableStream<Uint8Array>): Promise<Digest> {",
        "  async function* chunks() { yield new Uint8Array(1); }",
        '  await uploads.upload("a", chunks());',
        '  await uploads.upload("b", [new Uint8Array(2)], { signal: new AbortController().signal });',
        '  return uploads.upload("c", stream);',
        "}",
        "export async function both(uploads: UploadsApi): Promise<string[]> {",
        "  const out: string[] = [];",
        '  for await (const s of uploads.labelled("l", [1, 2])) out.push(s);',
        "  return out;",
        "}",
        "// @ts-expect-error: the size as a string",
        `export const mutated: Digest = ${JSON.stringify({ ...digest, size: String(digest.size) })};`,
        "// @ts-expect-error: numbers are not bytes",
        'export const wrongItems = (uploads: UploadsApi) => uploads.upload("a", [1, 2]);',
        "// @ts-expect-error: strings are not numbers",
        'export const wrongArray = (uploads: UploadsApi) => uploads.sum(["1"]);',
        "// @ts-expect-error: the stream is missing",
        'export const missing = (uploads: UploadsApi) => uploads.upload("a");',
        "// @ts-expect-error: an upload takes no timeout",
        'export const timed = (uploads: UploadsApi) => uploads.upload("a", [], { timeout: 5 });',
        "// @ts-expect-error: what doubled streams back is numbers",
        "export async function wrong(uploads: UploadsApi) { for await (const n of uploads.doubled([1])) { const s: string = n; void s; } }",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(tsDir, "crossed.ts"), source);
      const compiled = spawnSync(
        process.execPath,
        [
          TSC,
          "--strict",
          "--noEmit",
          "--target",
          "es2020",
          "--lib",
          "es2020,dom",
          "--moduleResolution",
          "node",
          "crossed.ts",
        ],
        { cwd: tsDir, encoding: "utf8" },
      );
      assert.equal(compiled.status, 0, `tsc --strict failed:\n${compiled.stdout}${compiled.stderr}\n${source}`);
    } finally {
      fs.rmSync(tsDir, { recursive: true, force: true });
    }
  });
});
