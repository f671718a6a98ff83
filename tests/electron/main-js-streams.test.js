"use strict";
// Streams from main-process JavaScript (docs/wire.md, "Streams from
// main-process JavaScript"): a stream method of a `main-js` service is
// answered by a handler that returns an iterable. The main runtime opens
// it as a Rust stream (sender checks, the router's argument check and
// per-frame limit, a MessagePort, credit), pulls the handler's iterator
// only while the page's credit lasts, and checks every item against the
// Rust type with the real addon (`checkAnswer`). The handlers count what
// they yield and when their `finally` runs, so the tests see that
// cancellation reaches them and that nothing is pulled after it.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { loadAddon } = require("../bridge/addon.js");
const { createMainIpc } = require("../../ipc-codegen/runtime/main-runtime.cjs");

const addon = loadAddon();
const ROOT = path.join(__dirname, "..", "..");
const LEDGER = path.join(ROOT, "tests", "ledger-addon", "ipc_ledger_addon.node");
const ORIGIN = "https://app.example";
const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;

/** The preload: the runtime's copied part, then the stream functions of both services. */
const RUNTIME = fs.readFileSync(path.join(ROOT, "ipc-codegen", "runtime", "renderer-runtime.cjs"), "utf8");
const between = (from, to) => RUNTIME.slice(RUNTIME.indexOf(from), RUNTIME.indexOf(to));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-main-js-streams-"));
const PRELOAD = path.join(dir, "preload.js");
fs.writeFileSync(
  PRELOAD,
  `"use strict";
const { contextBridge, ipcRenderer } = require("electron");
${between("// --- ipc-codegen copies from here ---", "// --- ipc-codegen copies up to here ---")}
${between("// --- streams: copied after", "// --- streams: up to here ---")}
const streams = connectStreams(ipcRenderer);
contextBridge.exposeInMainWorld("jsfeed", {
  lines: (...args) => streams.stream("jsfeed:lines", "jsfeed.lines", ["file", "count"], args),
  numbers: (...args) => streams.stream("jsfeed:numbers", "jsfeed.numbers", ["from"], args),
});
contextBridge.exposeInMainWorld("receipts", {
  movements: (...args) => streams.stream("receipts:movements", "receipts.movements", ["account"], args),
});
`,
);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const JSFEED = ["lines", "numbers"].map((name) => ({
  channel: `jsfeed:${name}`,
  kind: "stream",
  service: "jsfeed",
  name,
  implementation: "main-js",
}));
const PING = { channel: "jsfeed:ping", kind: "invoke", service: "jsfeed", name: "ping", implementation: "main-js" };

/** A typed error, as a main-js handler throws it. */
function typed(message, data) {
  return Object.assign(new Error(message), { data });
}

/** What the handlers did: streams started, items pulled, `finally` blocks run. */
let counts;

/** `numbers`' iterator: counts each pull and its end; never ends by itself. */
async function* countFrom(from, signal) {
  try {
    for (let n = from; ; n++) {
      counts.pulled++;
      yield n;
    }
  } finally {
    counts.finished++;
    counts.aborted += signal.aborted ? 1 : 0;
  }
}

const handlers = {
  jsfeed: {
    lines(file, count) {
      counts.started++;
      if (file === "") throw typed("no file", "NoFile");
      if (file === "explode") throw new Error("the handler broke at /secret/path");
      if (file === "not-iterable") return { file };
      if (file === "a-string") return "abc";
      if (file === "sync") {
        // A sync iterable is a stream too.
        return Array.from({ length: count }, (_, i) => ({ file, number: i + 1 }));
      }
      if (file === "later") {
        // A promise of an iterable: the setup may wait.
        return new Promise((resolve) => setTimeout(() => resolve([{ file, number: 1 }]), 5));
      }
      return (async function* () {
        try {
          for (let number = 1; number <= count; number++) {
            counts.pulled++;
            yield { file, number };
          }
          if (file === "gone") throw typed("the file went away", { Gone: { read: count } });
          if (file === "gone-badly") throw typed("the file went away", { Gone: { read: -1 } });
          if (file === "panic") throw new Error("the iterator broke at /secret/path");
          if (file === "bad") {
            counts.pulled++;
            yield { file, number: "three" };
            counts.pulled++;
            yield { file, number: 4 };
          }
        } finally {
          counts.finished++;
        }
      })();
    },
    numbers(from, _sender, signal) {
      counts.started++;
      return countFrom(from, signal);
    },
    ping: () => 1,
  },
};

let app;
let registration;
let errors;
beforeEach(() => {
  app = createApp();
  errors = [];
  counts = { started: 0, pulled: 0, finished: 0, aborted: 0 };
  const { registerIpc } = createMainIpc({ channels: [...JSFEED, PING] }, app.electron);
  registration = registerIpc({
    backend: addon,
    allowedOrigins: [ORIGIN],
    handlers,
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

/** Waits until `check()` holds, or fails after a while. */
async function until(check, what) {
  for (let i = 0; i < 200; i++) {
    await app.idle();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`${what}: ${JSON.stringify(counts)}`);
}

/** Lets every pending message and timer of the harness run. */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 30));
  await app.idle();
}

/** Page code: reads the whole stream with for await; answers the items or the error. */
const readAll = (call) => `(async () => {
  const iterator = ${call};
  const items = [];
  try {
    for await (const item of { [Symbol.asyncIterator]: () => iterator }) items.push(item);
    return { items };
  } catch (error) {
    return { items, error: { name: error.name, code: error.code, data: error.data, message: error.message } };
  }
})()`;

const plain = (items) => Array.from(items, (item) => ({ ...item }));
/** A value of the page, as the test's own objects (the realms' prototypes differ). */
const local = (value) => structuredClone(value);

describe("streams from main-process JavaScript", () => {
  it("the page iterates the handler's items in order, and its iterator ends", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.jsfeed.lines("app.log", 40)'));
    assert.equal(result.error, undefined);
    assert.deepEqual(
      plain(result.items),
      Array.from({ length: 40 }, (_, i) => ({ file: "app.log", number: i + 1 })),
    );
    assert.equal(counts.finished, 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(registration.openStreams(), { open: 0, gated: 0 });
  });

  it("a sync iterable, and a promise of one, are streams too", async () => {
    const { doc } = await open();
    const sync = await doc.evaluate(readAll('window.jsfeed.lines("sync", 3)'));
    assert.deepEqual(
      plain(sync.items),
      [1, 2, 3].map((number) => ({ file: "sync", number })),
    );
    const later = await doc.evaluate(readAll('window.jsfeed.lines("later", 1)'));
    assert.deepEqual(plain(later.items), [{ file: "later", number: 1 }]);
    assert.equal(later.error, undefined);
  });

  it("the arguments are checked by the Rust types before the handler runs", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.jsfeed.lines(5, 1)"));
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(result.error.data.argument, "file");
    assert.equal(counts.started, 0, "the handler never ran");
  });

  it("a frame of another origin is refused before the handler runs or a port exists", async () => {
    const { doc } = await open("https://evil.example/index.html");
    const result = await doc.evaluate(readAll('window.jsfeed.lines("app.log", 3)'));
    assert.equal(result.error.code, "ERR_FORBIDDEN");
    assert.equal(counts.started, 0);
  });

  it("an item the Rust type refuses ends the stream with ERR_BAD_RESPONSE, onError gets its path, and the iterator is closed", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.jsfeed.lines("bad", 2)'));
    assert.deepEqual(
      plain(result.items),
      [1, 2].map((number) => ({ file: "bad", number })),
    );
    assert.equal(result.error.code, "ERR_BAD_RESPONSE");
    assert.equal(result.error.name, "IpcError");
    const reported = errors.find((error) => error.code === "ERR_BAD_RESPONSE");
    assert.match(reported.message, /item 2 cannot be sent: the Rust type refuses it/);
    assert.equal(reported.data.path, "number");
    assert.equal(reported.data.item, 2);
    await until(() => counts.finished === 1, "return() runs the iterator's finally");
    assert.equal(counts.pulled, 3, "the item after the refused one is never pulled");
  });

  it("a value that is not JSON-safe is refused the same way", async () => {
    const { doc } = await open();
    handlers.jsfeed.numbers = function* () {
      yield 1;
      yield Symbol("not an item");
    };
    try {
      const result = await doc.evaluate(readAll("window.jsfeed.numbers(0)"));
      assert.deepEqual(Array.from(result.items), [1]);
      assert.equal(result.error.code, "ERR_BAD_RESPONSE");
    } finally {
      handlers.jsfeed.numbers = (from, _sender, signal) => {
        counts.started++;
        return countFrom(from, signal);
      };
    }
  });

  it("a typed error mid-stream ends the iteration with that IpcError after the items before it", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.jsfeed.lines("gone", 3)'));
    assert.equal(result.items.length, 3);
    assert.equal(result.error.name, "IpcError");
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.message, "the file went away");
    assert.deepEqual(local(result.error.data), { Gone: { read: 3 } });
  });

  it("a typed error whose data the Rust type refuses is ERR_BAD_RESPONSE", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.jsfeed.lines("gone-badly", 1)'));
    assert.equal(result.items.length, 1);
    assert.equal(result.error.code, "ERR_BAD_RESPONSE");
    assert.match(errors.at(-1).message, /error data cannot be sent/);
  });

  it("a plain throw mid-stream is ERR_PANIC without its message; onError has it, and main keeps serving", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.jsfeed.lines("panic", 2)'));
    assert.equal(result.items.length, 2);
    assert.equal(result.error.code, "ERR_PANIC");
    assert.doesNotMatch(result.error.message, /secret/);
    assert.match(errors.at(-1).message, /secret/);
    const again = await doc.evaluate(readAll('window.jsfeed.lines("app.log", 2)'));
    assert.equal(again.items.length, 2);
  });

  describe("setup errors, before the first item", () => {
    for (const [what, file, code] of [
      ["the typed setup error is ERR_HANDLER with its data", "", "ERR_HANDLER"],
      ["a plain throw is ERR_PANIC", "explode", "ERR_PANIC"],
      ["a value that is not iterable is ERR_BAD_RESPONSE", "not-iterable", "ERR_BAD_RESPONSE"],
      ["a string is not a stream: ERR_BAD_RESPONSE", "a-string", "ERR_BAD_RESPONSE"],
    ]) {
      it(what, async () => {
        const { doc } = await open();
        const result = await doc.evaluate(readAll(`window.jsfeed.lines(${JSON.stringify(file)}, 3)`));
        assert.equal(result.items.length, 0);
        assert.equal(result.error.code, code);
        if (code === "ERR_HANDLER") {
          assert.equal(result.error.data, "NoFile");
          assert.equal(result.error.message, "no file");
        } else {
          assert.doesNotMatch(result.error.message, /secret/);
          assert.equal(errors.at(-1).code, code);
        }
        assert.deepEqual(registration.openStreams(), { open: 0, gated: 0 });
      });
    }

    it("a failed setup gives the frame's place back: 100 of them, then 64 streams still open", async () => {
      const { doc } = await open();
      const result = await doc.evaluate(`(async () => {
        for (let i = 0; i < 100; i++) {
          try { await window.jsfeed.lines("", 1).next(); } catch {}
        }
        window.open64 = [];
        for (let i = 0; i < 64; i++) { const it = window.jsfeed.numbers(i); await it.next(); window.open64.push(it); }
        try { await window.jsfeed.numbers(0).next(); return "opened"; } catch (error) { return error.code; }
      })()`);
      assert.equal(result, "ERR_STREAM_LIMIT", "the router's per-frame limit counts main-js streams");
      assert.equal(counts.started, 164, "the 165th stream is refused before its handler runs");
      const other = await open();
      const fine = await other.doc.evaluate(readAll('window.jsfeed.lines("other", 1)'));
      assert.equal(fine.items.length, 1, "other windows are not affected");
      await doc.evaluate("(async () => { for (const it of window.open64) await it.return(); })()");
      await until(() => counts.finished === 65, "all 64 closed");
    });
  });

  it("a page that stops reading stalls the iterator at the window; reading on resumes it", async () => {
    // The window main gives the page by default (registerIpc's `streams.windowItems`).
    const WINDOW = 64;
    const { doc } = await open();
    await doc.evaluate("(async () => { window.slow = window.jsfeed.numbers(0); await window.slow.next(); })()");
    await until(() => counts.pulled >= WINDOW, "the window is filled");
    await settle();
    assert.equal(counts.pulled, WINDOW, `one window of ${WINDOW} items is pulled, no more`);
    // Past half the window read, the page gives credit back.
    const more = WINDOW / 2 + 8;
    const read = await doc.evaluate(
      `(async () => { const seen = []; for (let i = 0; i < ${more}; i++) seen.push((await window.slow.next()).value); return seen; })()`,
    );
    assert.deepEqual(
      local(read),
      Array.from({ length: more }, (_, i) => i + 1),
    );
    await until(() => counts.pulled > WINDOW, "more credit, more items");
    await settle();
    assert.ok(counts.pulled <= more + 1 + WINDOW, `never more than the window ahead of the page: ${counts.pulled}`);
    await doc.evaluate("window.slow.return()");
    await until(() => counts.finished === 1, "return() closes the iterator");
  });

  // An aborted signal is handled in the page, which then returns the
  // iterator (generated-streams.test.js): it ends here through return().
  for (const [route, code] of [
    [
      "break out of for await",
      "(async () => { for await (const n of { [Symbol.asyncIterator]: () => window.jsfeed.numbers(0) }) if (n === 3) break; })()",
    ],
    ["return()", "(async () => { const it = window.jsfeed.numbers(0); await it.next(); await it.return(); })()"],
  ]) {
    it(`${route} calls the iterator's return() and aborts the handler's signal; nothing is pulled after it`, async () => {
      const { doc } = await open();
      await doc.evaluate(code);
      await until(() => counts.finished === 1, "the iterator's finally ran");
      assert.equal(counts.aborted, 1, "the signal aborted before return()");
      const pulled = counts.pulled;
      await settle();
      assert.equal(counts.pulled, pulled, "no item after the close");
      assert.deepEqual(registration.openStreams(), { open: 0, gated: 0 });
    });
  }

  for (const [route, act] of [
    ["the page closing the port", ({ port }) => port.close()],
    ["a reload", ({ win }) => win.loadURL(`${ORIGIN}/index.html`)],
    ["a navigation", ({ win }) => win.loadURL(`${ORIGIN}/other.html`)],
    ["the window closing", ({ win }) => win.destroy()],
    ["dispose()", () => registration()],
  ]) {
    it(`${route} closes the handler's iterator of an open stream; nothing is pulled after it`, async () => {
      const opened = await open();
      let port;
      // The preload's view of the port, to close it as a page that goes away would.
      opened.doc.ipcRenderer.on("ipc:stream", (event) => {
        port = event.ports[0];
      });
      await opened.doc.evaluate(
        "(async () => { window.kept = window.jsfeed.numbers(0); await window.kept.next(); })()",
      );
      assert.equal(counts.finished, 0);
      await act({ ...opened, port });
      await until(() => counts.finished === 1, "the iterator's finally ran");
      const pulled = counts.pulled;
      await settle();
      assert.equal(counts.pulled, pulled, "no item after the close");
      assert.equal(registration.openStreams().open, 0);
    });
  }

  it("4 windows with 5 concurrent streams each: every item reaches its own iterator", async () => {
    const windows = await Promise.all([0, 1, 2, 3].map(() => open()));
    const results = await Promise.all(
      windows.map(({ doc }, w) =>
        doc.evaluate(`Promise.all([0, 1, 2, 3, 4].map(async (s) => {
          const file = "w${w}s" + s;
          const items = [];
          for await (const item of { [Symbol.asyncIterator]: () => window.jsfeed.lines(file, 40 + s) }) items.push(item);
          return items.every((item, i) => item.file === file && item.number === i + 1) ? items.length : -1;
        }))`),
      ),
    );
    assert.deepEqual(
      local(results),
      [0, 1, 2, 3].map(() => [40, 41, 42, 43, 44]),
    );
    assert.equal(counts.finished, 20);
    assert.deepEqual(errors, []);
    assert.equal(registration.openStreams().open, 0);
  });
});

describe("main-js stream items under the bigint policy", {
  skip: !fs.existsSync(LEDGER) && `${LEDGER} is not built`,
}, () => {
  let ledgerApp;
  let ledgerRegistration;
  let ledgerErrors;
  let received;
  let doc;

  beforeEach(async () => {
    ledgerApp = createApp();
    ledgerErrors = [];
    received = [];
    const backend = require(LEDGER);
    const contract = {
      channels: [
        {
          channel: "receipts:movements",
          kind: "stream",
          service: "receipts",
          name: "movements",
          implementation: "main-js",
        },
      ],
      schemas: [
        {
          app: "receipts-app",
          hash: backend.schemaHash("receipts-app", ["receipts"]),
          namespaces: ["receipts"],
          int64: "bigint",
        },
      ],
    };
    ledgerRegistration = createMainIpc(contract, ledgerApp.electron).registerIpc({
      backend,
      allowedOrigins: [ORIGIN],
      onError: (error) => ledgerErrors.push(error),
      handlers: {
        receipts: {
          async *movements(account) {
            received.push(account);
            yield { id: account, cents: I64_MIN, day: 0 };
            yield { id: 0n, cents: -1n, day: 1 };
            if (account === 1n) yield { id: 2n ** 64n, cents: 0n, day: 2 };
            if (account === 2n) throw typed("overdrawn", { Overdrawn: { short_by: U64_MAX } });
            if (account === 3n) yield { id: 1, cents: 0n, day: 2 };
          },
        },
      },
    });
    const win = new ledgerApp.electron.BrowserWindow({ webPreferences: { preload: PRELOAD, sandbox: true } });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = ledgerApp.renderer(win);
  });
  afterEach(() => {
    ledgerRegistration();
    ledgerApp.dispose();
  });

  it("the handler gets BigInts, and the page gets each item's 64-bit integers as BigInts", async () => {
    const result = await doc.evaluate(readAll(`window.receipts.movements(${U64_MAX}n)`));
    assert.equal(result.error, undefined);
    assert.deepEqual(received, [U64_MAX]);
    assert.deepEqual(plain(result.items), [
      { id: U64_MAX, cents: I64_MIN, day: 0 },
      { id: 0n, cents: -1n, day: 1 },
    ]);
    assert.deepEqual(ledgerErrors, []);
  });

  it("a safe number for a u64 reaches the handler as a BigInt, and may be yielded as a number", async () => {
    const result = await doc.evaluate(readAll("window.receipts.movements(3)"));
    assert.deepEqual(received, [3n]);
    assert.equal(result.error, undefined);
    assert.deepEqual({ ...result.items[2] }, { id: 1n, cents: 0n, day: 2 }, "Rust encodes it again as a BigInt");
  });

  it("a BigInt beyond the item's Rust type ends the stream with ERR_BAD_RESPONSE and its path", async () => {
    const result = await doc.evaluate(readAll("window.receipts.movements(1n)"));
    assert.equal(result.items.length, 2);
    assert.equal(result.error.code, "ERR_BAD_RESPONSE");
    assert.equal(ledgerErrors.at(-1).data.path, "id");
  });

  it("a typed error's 64-bit data reaches the page exactly", async () => {
    const result = await doc.evaluate(readAll("window.receipts.movements(2n)"));
    assert.equal(result.items.length, 2);
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.deepEqual(local(result.error.data), { Overdrawn: { short_by: U64_MAX } });
  });
});

describe("through the generated glue of ipc-codegen/tests/fixtures/main-js-streams", () => {
  const { spawnSync } = require("node:child_process");
  const { pathToFileURL } = require("node:url");
  const GENERATED = path.join(ROOT, "ipc-codegen", "tests", "fixtures", "main-js-streams", "expected");
  const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  // A page loaded from an HTML file has a DOM, and so the page's own AbortController.
  const page = path.join(dir, "index.html");
  const PAGE = pathToFileURL(page).href;
  let generatedApp;
  let generated;

  beforeEach(() => {
    fs.writeFileSync(page, "<!doctype html><title>jsfeed</title><p>jsfeed</p>");
    generatedApp = createApp();
    errors = [];
    counts = { started: 0, pulled: 0, finished: 0, aborted: 0 };
    const main = generatedApp.loadMain(path.join(GENERATED, "main.cjs"));
    generated = main.registerIpc({
      backend: addon,
      allowedOrigins: [PAGE],
      handlers,
      onError: (error) => errors.push(error),
    });
  });
  afterEach(() => {
    generated();
    generatedApp.dispose();
  });

  async function openGenerated() {
    const win = new generatedApp.electron.BrowserWindow({
      webPreferences: { preload: path.join(GENERATED, "preload.js"), sandbox: true, contextIsolation: true },
    });
    await win.loadURL(PAGE);
    const doc = generatedApp.renderer(win);
    assert.deepEqual(doc.errors, []);
    return doc;
  }

  it("an aborted signal ends the page's loop quietly and closes the handler's iterator", async () => {
    const doc = await openGenerated();
    const result = await doc.evaluate(`(async () => {
      const controller = new AbortController();
      const seen = [];
      for await (const n of window.jsfeed.numbers(7, { signal: controller.signal })) {
        seen.push(n);
        if (n === 9) controller.abort();
      }
      return seen;
    })()`);
    assert.deepEqual(local(result), [7, 8, 9]);
    for (let i = 0; i < 200 && counts.finished === 0; i++) {
      await generatedApp.idle();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(counts.finished, 1);
    assert.equal(counts.aborted, 1);
    const pulled = counts.pulled;
    await new Promise((resolve) => setTimeout(resolve, 30));
    await generatedApp.idle();
    assert.equal(counts.pulled, pulled, "no item after the close");
  });

  it("items that crossed and the handlers type-check with tsc --strict; a handler yielding the wrong item type does not", async () => {
    const doc = await openGenerated();
    const items = local(
      await doc.evaluate(`(async () => {
        const items = [];
        for await (const line of window.jsfeed.lines("app.log", 2)) items.push(line);
        return items;
      })()`),
    );
    assert.deepEqual(items, [
      { file: "app.log", number: 1 },
      { file: "app.log", number: 2 },
    ]);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-main-js-streams-tsc-"));
    try {
      for (const name of fs.readdirSync(GENERATED).filter((file) => /\.d\.c?ts$/.test(file))) {
        fs.copyFileSync(path.join(GENERATED, name), path.join(tmp, name));
      }
      const source = [
        'import type { JsLine } from "./ipc";',
        'import type { JsfeedHandlers } from "./main.cjs";',
        `export const crossed: JsLine[] = ${JSON.stringify(items)};`,
        "export const handlers: JsfeedHandlers = {",
        "  async *lines(file, count, _sender, signal) { for (let number = 1; number <= count && !signal.aborted; number++) yield { file, number }; },",
        "  numbers: (from) => [from, from + 1],",
        "  ping: () => 1,",
        "};",
        'export const later: JsfeedHandlers["numbers"] = async (from) => new Set([from]);',
        "// @ts-expect-error: an async generator yielding an item of the wrong type",
        'export const wrong: JsfeedHandlers["lines"] = async function* (file) { yield { file, number: "one" }; };',
        "// @ts-expect-error: a sync iterable of the wrong item type",
        'export const wrongSync: JsfeedHandlers["numbers"] = () => ["one"];',
        "// @ts-expect-error: one item is not a stream",
        'export const single: JsfeedHandlers["numbers"] = (from) => from;',
        "// @ts-expect-error: a line without its number",
        `export const mutated: JsLine = ${JSON.stringify({ file: items[0].file })};`,
        "",
      ].join("\n");
      fs.writeFileSync(path.join(tmp, "crossed.ts"), source);
      const modules = path.join(ROOT, "node_modules");
      const compilerOptions = {
        strict: true,
        noEmit: true,
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        baseUrl: ".",
        paths: { electron: [path.join(modules, "electron", "electron.d.ts")] },
        typeRoots: [path.join(modules, "@types")],
        types: ["node"],
      };
      fs.writeFileSync(path.join(tmp, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["crossed.ts"] }));
      const compiled = spawnSync(process.execPath, [TSC, "-p", "."], { cwd: tmp, encoding: "utf8" });
      assert.equal(compiled.status, 0, `tsc --strict failed:\n${compiled.stdout}${compiled.stderr}\n${source}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
