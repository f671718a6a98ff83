"use strict";
// Streams end to end through the GENERATED code (docs/wire.md, "Streams"):
// the golden preload.js and main.cjs of ipc-codegen/tests/fixtures/streams
// (generated from the test addon's `feed` service), the page-realm
// adapter's stream wrapper building each async iterator in the page's world,
// the harness's MessagePorts, and the real compiled test addon, whose
// counters say what its Rust producers did.

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
const GENERATED = path.join(ROOT, "ipc-codegen", "tests", "fixtures", "streams", "expected");
const PRELOAD = path.join(GENERATED, "preload.js");
const MAIN = path.join(GENERATED, "main.cjs");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

const addon = loadAddon();
// A page loaded from an HTML file has a DOM, and so the page's own AbortController.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-generated-streams-"));
fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>feed</title><p>feed</p>");
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

/** A window of the generated preload at `url`; `grant`: capabilities main gives it before it loads. */
async function open(url = PAGE, grant = []) {
  const win = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload: PRELOAD }) });
  if (grant.length > 0) {
    registration.grant(win, grant, { origin: PAGE });
  }
  await win.loadURL(url);
  const doc = app.renderer(win);
  assert.deepEqual(doc.errors, []);
  return { win, doc };
}

function counters() {
  const answer = addon.call("feed:counters", "[]", [1, 1, 1, PAGE, "file://", true]);
  const [dropped, produced] = JSON.parse(answer).value;
  return { dropped, produced };
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

/** Page code: reads the whole stream with `for await`; answers the items, and the error if it threw. */
const readAll = (call) => `(async () => {
  const items = [];
  try {
    for await (const item of ${call}) items.push(item);
    return { items };
  } catch (error) {
    return { items, error: { name: error.name, code: error.code, data: error.data, message: error.message, channel: error.channel } };
  }
})()`;

/** A page value as plain JSON, to compare it in Node's realm. */
const plain = (value) => JSON.parse(JSON.stringify(value));

describe("generated main → page streams", () => {
  it("the page iterates the items in order with for await, and the producer is dropped at the end", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(readAll("window.feed.numbers(5, 40)"));
    assert.equal(result.error, undefined);
    assert.deepEqual(
      plain(result.items),
      Array.from({ length: 40 }, (_, n) => n + 5),
    );
    await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
    assert.deepEqual(errors, []);
  });

  it("the page gets an object of its own world: an async iterator that is its own iterable", async () => {
    const { doc } = await open();
    const shape = await doc.evaluate(`(async () => {
      const stream = window.feed.numbers(0, 1);
      const same = stream[Symbol.asyncIterator]() === stream;
      const first = await stream.next();
      const last = await stream.next();
      return {
        same,
        pageObject: Object.getPrototypeOf(stream) === Object.prototype,
        member: Object.isFrozen(window.feed.numbers),
        first: [first.done, first.value],
        last: [last.done, last.value],
      };
    })()`);
    assert.deepEqual(plain(shape), {
      same: true,
      pageObject: true,
      member: true,
      first: [false, 0],
      last: [true, null],
    });
  });

  it("break drops the Rust stream, and nothing is produced after it", async () => {
    const { doc } = await open();
    const before = counters();
    const seen = await doc.evaluate(`(async () => {
      const seen = [];
      for await (const n of window.feed.numbers(0, null)) { seen.push(n); if (n === 3) break; }
      return seen;
    })()`);
    assert.deepEqual(plain(seen), [0, 1, 2, 3]);
    await until((c) => c.dropped === before.dropped + 1, "break drops the producer");
    const produced = counters().produced;
    await new Promise((resolve) => setTimeout(resolve, 30));
    await app.idle();
    assert.equal(counters().produced, produced, "no item after the drop");
  });

  it("a whole window read in one batch: in order; a break in its middle drops the rest and the Rust stream", async () => {
    const { doc } = await open();
    const before = counters();
    await doc.evaluate("(() => { window.ready = window.feed.numbers(0, null); return true; })()");
    // The window (64 items) waits in the preload: the first next() takes all of it in one crossing.
    await until((c) => c.produced >= before.produced + 64, "the window is filled");
    const seen = await doc.evaluate(`(async () => {
      const seen = [];
      for await (const n of window.ready) { seen.push(n); if (n === 9) break; }
      const after = await window.ready.next();
      return { seen, after: [after.done, after.value] };
    })()`);
    assert.deepEqual(
      plain(seen.seen),
      Array.from({ length: 10 }, (_, n) => n),
    );
    assert.deepEqual(plain(seen.after), [true, null]);
    await until((c) => c.dropped === before.dropped + 1, "break drops the producer");
    const produced = counters().produced;
    await new Promise((resolve) => setTimeout(resolve, 30));
    await app.idle();
    assert.equal(counters().produced, produced, "no item after the drop");
  });

  it("a long stream read batch by batch arrives whole and in order", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.feed.numbers(7, 1000)"));
    assert.equal(result.error, undefined);
    assert.deepEqual(
      plain(result.items),
      Array.from({ length: 1000 }, (_, n) => n + 7),
    );
  });

  it("an aborted signal ends the iteration without an error and drops the Rust stream", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(`(async () => {
      const controller = new AbortController();
      const seen = [];
      try {
        for await (const n of window.feed.numbers(0, null, { signal: controller.signal })) {
          seen.push(n);
          if (n === 2) controller.abort();
        }
        return { seen };
      } catch (error) {
        return { seen, error: error.code ?? String(error) };
      }
    })()`);
    assert.equal(result.error, undefined);
    // The abort ends the iteration at the next read.
    assert.deepEqual(plain(result.seen), [0, 1, 2]);
    await until((c) => c.dropped === before.dropped + 1, "the abort drops the producer");
  });

  it("a signal that aborts while next() waits settles it as done; one aborted before opens nothing", async () => {
    const { doc } = await open();
    const before = counters();
    const outcome = await doc.evaluate(`(async () => {
      const early = new AbortController();
      early.abort();
      const none = window.feed.numbers(0, null, { signal: early.signal });
      const first = await none.next();
      const controller = new AbortController();
      // Its first next() waits for the port, which main has not posted yet.
      const stream = window.feed.numbers(0, null, { signal: controller.signal });
      const pending = stream.next();
      controller.abort();
      const settled = await pending;
      const after = await stream.next();
      if (!settled.done) return { early: first.done, pending: settled };
      return { early: first.done, after: after.done };
    })()`);
    assert.deepEqual(plain(outcome), { early: true, after: true });
    await until((c) => c.dropped === before.dropped + 1, "one producer was opened and dropped");
  });

  it("bad options reject the first next() with a TypeError of the page", async () => {
    const { doc } = await open();
    const outcome = await doc.evaluate(`(async () => {
      const results = [];
      for (const options of [{ signal: "no" }, { timeout: 5 }, 7]) {
        try { await window.feed.numbers(0, 1, options).next(); results.push("resolved"); }
        catch (error) { results.push(error instanceof TypeError ? error.message : "other"); }
      }
      return results;
    })()`);
    assert.match(outcome[0], /feed\.numbers: options\.signal must be an AbortSignal/);
    assert.match(outcome[1], /feed\.numbers's options take signal, not "timeout"/);
    assert.match(outcome[2], /must be \{ signal\? \}/);
  });

  it("a wrong number of arguments rejects the first next() with ERR_BAD_ARGUMENTS", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.feed.tail()"));
    assert.equal(result.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(result.error.message, /feed\.tail expects 2 arguments \(file, lines\), got 0/);
  });

  it("the setup error is the method's typed E, thrown from the first next() as ERR_HANDLER", async () => {
    const { doc } = await open();
    const before = counters();
    const result = await doc.evaluate(readAll('window.feed.tail("", 3)'));
    assert.deepEqual(plain(result.items), []);
    assert.equal(result.error.name, "IpcError");
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.data, "NoFile");
    assert.equal(result.error.channel, "feed:tail");
    assert.equal(counters().produced, before.produced, "no producer ran");
  });

  it("a typed error mid-stream ends the iteration with an IpcError after the items before it", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.feed.tail("app.log", 2)'));
    assert.deepEqual(plain(result.items), [
      { file: "app.log", number: 1, text: "line 1" },
      { file: "app.log", number: 2, text: "line 2" },
    ]);
    assert.equal(result.error.code, "ERR_HANDLER");
    assert.equal(result.error.data, "Gone");
    assert.equal(result.error.channel, "feed:tail");
  });

  it("a panic in the producer is ERR_PANIC, and main keeps serving", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll("window.feed.explodeAt(3)"));
    assert.deepEqual(plain(result.items), [0, 1, 2]);
    assert.equal(result.error.code, "ERR_PANIC");
    const again = await doc.evaluate(readAll("window.feed.numbers(0, 2)"));
    assert.deepEqual(plain(again.items), [0, 1]);
    const counted = await doc.evaluate("window.feed.counters()");
    assert.equal(counted.length, 2);
  });

  it("100 concurrent streams across 4 windows: each iterator gets its own items, and every producer is dropped", async () => {
    const windows = [];
    for (let w = 0; w < 4; w++) windows.push(await open());
    const before = counters();
    const results = await Promise.all(
      windows.map(({ doc }, w) =>
        doc.evaluate(`(async () => {
          const read = async (from) => { const items = []; for await (const n of window.feed.numbers(from, 30)) items.push(n); return items; };
          return Promise.all(Array.from({ length: 25 }, (_, s) => read((${w} * 25 + s) * 1000)));
        })()`),
      ),
    );
    for (let w = 0; w < 4; w++) {
      for (let s = 0; s < 25; s++) {
        const from = (w * 25 + s) * 1000;
        assert.deepEqual(
          plain(results[w][s]),
          Array.from({ length: 30 }, (_, n) => from + n),
          `window ${w}, stream ${s}`,
        );
      }
    }
    await until((c) => c.dropped === before.dropped + 100, "all 100 producers dropped");
    assert.deepEqual(errors, []);
  });

  for (const [route, act] of [
    ["a reload", ({ win }) => win.loadURL(PAGE)],
    ["the window closing", ({ win }) => win.destroy()],
  ]) {
    it(`${route} drops the Rust stream of an open iterator`, async () => {
      const opened = await open();
      const before = counters();
      await opened.doc.evaluate(
        "(async () => { window.kept = window.feed.numbers(0, null); await window.kept.next(); })()",
      );
      await act(opened);
      await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
    });
  }
});

describe("generated streams without executeInMainWorld (Electron 34)", () => {
  it("the page gets the preload's raw { next, return }: it reads with next(), and return() drops the Rust stream", async () => {
    registration();
    app.dispose();
    app = createApp({ electronVersion: 34 });
    main = app.loadMain(MAIN);
    registration = main.registerIpc({ backend: addon, allowedOrigins: [PAGE], onError: (error) => errors.push(error) });
    const { doc } = await open();
    const before = counters();
    const read = await doc.evaluate(`(async () => {
      const stream = window.feed.numbers(3, null);
      const items = [(await stream.next()).value, (await stream.next()).value];
      const iterable = typeof stream[Symbol.asyncIterator];
      await stream.return();
      return { items, iterable };
    })()`);
    assert.deepEqual(plain(read), { items: [3, 4], iterable: "undefined" });
    await until((c) => c.dropped === before.dropped + 1, "return() drops the producer");
  });
});

describe("generated streams under capabilities", () => {
  it("a window without the capability has no member, and a forged open is ERR_FORBIDDEN before any producer runs", async () => {
    const { doc } = await open();
    assert.equal(await doc.evaluate("typeof window.feed.audit"), "undefined");
    const before = counters();
    // A compromised preload calls the channel anyway.
    const envelope = await doc.ipcRenderer.invoke("feed:audit");
    assert.equal(envelope.ok, false);
    assert.equal(envelope.error.code, "ERR_FORBIDDEN");
    assert.equal(envelope.error.data.capability, "audit");
    assert.deepEqual(counters(), before);
    assert.equal(errors.at(-1).code, "ERR_FORBIDDEN");
  });

  it("a granted window streams; revoking the capability ends the open stream with ERR_FORBIDDEN and drops it in Rust", async () => {
    const { win, doc } = await open(PAGE, ["audit"]);
    const before = counters();
    await doc.evaluate(`(async () => {
      window.outcome = { items: 0 };
      window.reading = (async () => {
        try { for await (const _ of window.feed.audit()) window.outcome.items++; window.outcome.done = true; }
        catch (error) { window.outcome.error = { code: error.code, data: error.data }; }
      })();
      while (window.outcome.items < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    })()`);
    registration.revoke(win, ["audit"]);
    // Within a while, not forever: a stream that survives the revoke fails here instead of hanging.
    await doc.evaluate("Promise.race([window.reading, new Promise((resolve) => setTimeout(resolve, 2000))])");
    const outcome = plain(await doc.evaluate("window.outcome"));
    assert.equal(outcome.error?.code, "ERR_FORBIDDEN", JSON.stringify(outcome));
    assert.equal(outcome.error.data.capability, "audit");
    await until((c) => c.dropped === before.dropped + 1, "revoking drops the producer");
  });

  it("gated streams that end are forgotten: main keeps nothing of them", async () => {
    const { doc } = await open(PAGE, ["audit"]);
    const before = counters();
    await doc.evaluate(`(async () => {
      for (let i = 0; i < 20; i++) for await (const n of window.feed.audit()) if (n === 1) break;
    })()`);
    await until((c) => c.dropped === before.dropped + 20, "the 20 producers are dropped");
    assert.deepEqual(registration.openStreams(), { open: 0, gated: 0 });
  });

  it("a navigation to another origin drops the gated stream in Rust", async () => {
    const { win, doc } = await open(PAGE, ["audit"]);
    const before = counters();
    await doc.evaluate("(async () => { window.kept = window.feed.audit(); await window.kept.next(); })()");
    await win.loadURL("https://elsewhere.example/index.html");
    await until((c) => c.dropped === before.dropped + 1, "the producer is dropped");
  });
});

describe("fidelity of streamed items", () => {
  it("items that crossed type-check against the generated ipc.d.ts with tsc --strict, and a mutated one does not", async () => {
    const { doc } = await open();
    const result = await doc.evaluate(readAll('window.feed.tail("app.log", 2)'));
    const numbers = await doc.evaluate(readAll("window.feed.numbers(7, 2)"));
    const [line] = plain(result.items);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-streams-tsc-"));
    try {
      fs.copyFileSync(path.join(GENERATED, "ipc.d.ts"), path.join(dir, "ipc.d.ts"));
      const source = [
        'import type { FeedApi, FeedLine, FeedTailError, TailError } from "./ipc";',
        `export const line: FeedLine = ${JSON.stringify(line)};`,
        `export const numbers: number[] = ${JSON.stringify(plain(numbers.items))};`,
        `export const error: TailError = ${JSON.stringify(result.error.data)};`,
        `export const failed: Pick<FeedTailError, "code"> = { code: ${JSON.stringify(result.error.code)} };`,
        `export const next: Awaited<ReturnType<ReturnType<FeedApi["tail"]>["next"]>> = { done: false, value: ${JSON.stringify(line)} };`,
        "export async function read(feed: FeedApi, signal: AbortSignal): Promise<FeedLine[]> {",
        "  const lines: FeedLine[] = [];",
        '  for await (const item of feed.tail("app.log", 2, { signal })) lines.push(item);',
        "  return lines;",
        "}",
        "// @ts-expect-error: the line number as a string",
        `export const mutated: FeedLine = ${JSON.stringify({ ...line, number: String(line.number) })};`,
        "// @ts-expect-error: an item of numbers is not a FeedLine",
        "export async function wrong(feed: FeedApi): Promise<void> { for await (const n of feed.numbers(0, 1)) { const l: FeedLine = n; void l; } }",
        "// @ts-expect-error: a stream takes no timeout",
        "export const timed = (feed: FeedApi) => feed.numbers(0, 1, { timeout: 5 });",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "crossed.ts"), source);
      const compiled = spawnSync(
        process.execPath,
        [TSC, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", "crossed.ts"],
        { cwd: dir, encoding: "utf8" },
      );
      assert.equal(compiled.status, 0, `tsc --strict failed:\n${compiled.stdout}${compiled.stderr}\n${source}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
