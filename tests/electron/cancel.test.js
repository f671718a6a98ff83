"use strict";
// Cancellation and deadlines end to end (docs/wire.md, "Cancellation and
// deadlines"): a page with a DOM calls the test addon's `probe.hang` (an
// async Rust handler that never answers and counts, in Rust, its starts,
// the drops of its future and the cancellations its Context saw) through a
// preload and main glue generated from tests/addon/schema/probe-app.json.
// Every route that ends a call is played: the page's AbortSignal, its
// deadline, the window's close, a reload, a navigation and the glue's
// dispose; each must drop the future in Rust and leave no entry in the
// addon's table or the glue's tables, and at most one set of listeners on
// a webContents whose page lives (none once it is gone or navigated).

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { after, afterEach, before, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");
const { loadAddon } = require("../bridge/addon");

const ROOT = path.join(__dirname, "..", "..");
const SCHEMA = path.join(ROOT, "tests", "addon", "schema", "probe-app.json");

let dir;
let addon;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-cancel-"));
  const generated = spawnSync(
    "cargo",
    ["run", "--quiet", "-p", "electron-ipc-codegen", "--", "generate", SCHEMA, "--out", path.join(dir, "generated")],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(generated.status, 0, `ipc-codegen generate failed:\n${generated.stderr}`);
  for (const page of ["index", "other"]) {
    fs.writeFileSync(path.join(dir, `${page}.html`), `<!doctype html><title>${page}</title><p>${page}</p>`);
  }
  addon = loadAddon();
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const hangCounts = () => {
  const [started, dropped, observed] = JSON.parse(
    addon.call("probe:hangCounts", "[]", [1, 1, 1, "file:///x", "file://", true]),
  ).value;
  return { started, dropped, observed };
};
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(predicate, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await delay(2);
  }
}

let app;
let registration;
let reported;
let win;
let doc;
let before0;

const page = (name) => pathToFileURL(path.join(dir, `${name}.html`)).href;

beforeEach(async () => {
  app = createApp();
  const main = app.loadMain(path.join(dir, "generated", "main.cjs"));
  reported = [];
  registration = main.registerIpc({
    backend: addon,
    allowedOrigins: [page("index"), page("other")],
    onError: (error) => reported.push(error),
  });
  const preload = path.join(dir, "generated", "preload.js");
  win = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload }) });
  await win.loadFile(path.join(dir, "index.html"));
  doc = app.renderer(win);
  assert.deepEqual(doc.errors, []);
  before0 = hangCounts();
  assert.equal(addon.inFlightCalls(), 0);
});
afterEach(() => {
  registration.dispose();
  app.dispose();
});

/** Starts `count` hanging calls from the page (with `options` code, if any); resolves once Rust runs them all. */
async function startHangs(count, options = "") {
  await doc.evaluate(`
    window.outcomes = [];
    for (let i = 0; i < ${count}; i++) {
      window.probe.hang(${options}).then(
        (value) => window.outcomes.push({ value }),
        (error) => window.outcomes.push({ code: error.code, data: error.data }),
      );
    }
    undefined;
  `);
  await until(() => hangCounts().started === before0.started + count, `${count} calls started in Rust`);
}

/** Every call was dropped in Rust (and its Context saw it), and no table holds an entry. */
async function assertAllDropped(count) {
  await until(() => hangCounts().dropped === before0.dropped + count, `${count} futures dropped in Rust`);
  await until(() => hangCounts().observed === before0.observed + count, `${count} cancellations seen by Context`);
  assert.equal(addon.inFlightCalls(), 0, "the addon's table of calls");
  assert.equal(registration.inFlightCalls(), 0, "the glue's tables");
}

/** The listeners the glue may leave on the webContents. */
const watchers = (contents) =>
  ["destroyed", "did-navigate", "did-frame-navigate"].map((name) => contents.listenerCount(name));

/** Whether `now` holds at most one more listener of each event than `before` (the glue's one watch of a live page). */
const atMostOneSet = (now, before) => now.every((count, i) => count >= before[i] && count <= before[i] + 1);

describe("cancellation from the page", () => {
  it("an AbortSignal rejects the call at once with ERR_CANCELLED and drops the Rust future", async () => {
    const listenersBefore = watchers(win.webContents);
    await doc.evaluate("window.controller = new AbortController(); undefined");
    await startHangs(1, "{ signal: window.controller.signal }");
    assert.equal(addon.inFlightCalls(), 1);
    await doc.evaluate("window.controller.abort(); undefined");
    await until(() => doc.page.global.outcomes.length === 1, "the page's promise settles");
    const outcome = JSON.parse(await doc.evaluate("JSON.stringify(window.outcomes[0])"));
    assert.deepEqual(outcome, { code: "ERR_CANCELLED", data: { reason: "signal" } });
    await assertAllDropped(1);
    assert.ok(
      atMostOneSet(watchers(win.webContents), listenersBefore),
      "at most one set of listeners while the page lives",
    );
    // No listener stays on the signal either: aborting it again reaches nothing.
    assert.deepEqual(reported, []);
  });

  it("a signal aborted before the call rejects without sending anything", async () => {
    const outcome = JSON.parse(
      await doc.evaluate(
        "window.probe.hang({ signal: AbortSignal.abort() }).then(() => 'resolved', (e) => JSON.stringify({ code: e.code, data: e.data }))",
      ),
    );
    assert.deepEqual(outcome, { code: "ERR_CANCELLED", data: { reason: "signal" } });
    await app.idle();
    assert.equal(hangCounts().started, before0.started);
    assert.equal(registration.inFlightCalls(), 0);
  });

  it("a deadline rejects with ERR_TIMEOUT and drops the Rust future", async () => {
    await startHangs(1, "{ timeout: 30 }");
    await until(() => doc.page.global.outcomes.length === 1, "the deadline passes");
    const outcome = JSON.parse(await doc.evaluate("JSON.stringify(window.outcomes[0])"));
    assert.deepEqual(outcome, { code: "ERR_TIMEOUT", data: { timeoutMs: 30 } });
    await assertAllDropped(1);
  });

  it("a call that answers before its signal aborts resolves, and the abort does nothing", async () => {
    const value = await doc.evaluate(
      "(async () => { const c = new AbortController(); const v = await window.probe.echo('hi', { signal: c.signal, timeout: 1000 }); c.abort(); return v; })()",
    );
    assert.equal(value, "hi");
    await app.idle();
    assert.equal(registration.inFlightCalls(), 0);
  });

  it("refuses a signal that is not an AbortSignal", async () => {
    const outcome = await doc.evaluate(
      "window.probe.hang({ signal: { aborted: false } }).then(() => 'resolved', (e) => e.name + ': ' + e.message)",
    );
    assert.equal(outcome, "TypeError: options.signal must be an AbortSignal");
    assert.equal(hangCounts().started, before0.started);
  });

  it("2,000 calls cancelled mid-flight leave no entry in any table", async () => {
    const count = 2000;
    await doc.evaluate("window.controller = new AbortController(); undefined");
    await startHangs(count, "{ signal: window.controller.signal }");
    await doc.evaluate("window.controller.abort(); undefined");
    await until(() => doc.page.global.outcomes.length === count, "every promise rejects");
    const codes = JSON.parse(await doc.evaluate("JSON.stringify([...new Set(window.outcomes.map((o) => o.code))])"));
    assert.deepEqual(codes, ["ERR_CANCELLED"]);
    await assertAllDropped(count);
  });
});

describe("the webContents' listeners", () => {
  it("are one set while the page lives, as many after 100 calls as after 1, and none once it navigates", async () => {
    const listenersBefore = watchers(win.webContents);
    // Each turn: an async call alone, one the page may cancel, and a sync call the page gave an id.
    const echo = (count) =>
      doc.evaluate(`(async () => {
        for (let i = 0; i < ${count}; i++) {
          await window.probe.sleep(0, "a");
          await window.probe.sleep(0, "b", { timeout: 1000 });
          await window.probe.echo("c", { timeout: 1000 });
        }
      })()`);
    await echo(1);
    await app.idle();
    const afterOne = watchers(win.webContents);
    assert.ok(atMostOneSet(afterOne, listenersBefore), "at most one set after one call");
    await echo(100);
    await app.idle();
    assert.deepEqual(watchers(win.webContents), afterOne, "no listener added per call");
    assert.equal(registration.inFlightCalls(), 0);
    await win.loadFile(path.join(dir, "other.html"));
    await app.idle();
    assert.deepEqual(watchers(win.webContents), [0, 0, 0], "none once the page navigated with nothing kept");
    assert.deepEqual(reported, []);
  });
});

describe("cancellation when the frame ends", () => {
  for (const [route, end] of [
    ["the window closes", () => win.close()],
    ["the page reloads", () => win.webContents.reload()],
    ["the page navigates away", () => win.loadFile(path.join(dir, "other.html"))],
    ["the main glue is disposed", () => registration.dispose()],
  ]) {
    it(`drops every call in flight when ${route}, calls without a signal included`, async () => {
      await startHangs(3);
      assert.equal(addon.inFlightCalls(), 3);
      end();
      await assertAllDropped(3);
      if (!win.isDestroyed()) {
        // Gone (closed), or navigated with nothing kept (reload, navigation), or disposed: no listener.
        assert.deepEqual(watchers(win.webContents), [0, 0, 0], "no listener left on the webContents");
      }
      await app.idle();
      assert.deepEqual(reported, []);
      assert.deepEqual(app.uncaught, []);
    });
  }
});
