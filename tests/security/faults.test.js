"use strict";
// Faults, end to end through the generated glue and the real addon:
// handlers that panic, never answer or fail with internal details; a
// backend that throws; windows closed while calls are pending; events to
// destroyed windows; re-registering the glue; the addon at shutdown.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");

const { start, outcome, delay, until, loadAddon } = require("./support/setup.js");

/** The addon's call timeout (tests/security/addon/src/lib.rs). */
const TIMEOUT_MS = 300;

describe("faults", () => {
  let env;
  let doc;
  let win;
  beforeEach(async () => {
    env = start();
    win = await env.openWindow();
    doc = env.app.renderer(win);
  });
  afterEach(() => env.stop());

  it("a handler that never answers gets ERR_TIMEOUT with timeoutMs, and other calls keep flowing", async () => {
    const started = Date.now();
    const hang = outcome(doc, "window.hostile.hang()");
    const others = [];
    for (let i = 0; i < 20; i++) others.push(outcome(doc, `window.hostile.echoLater("n${i}", 5)`));
    others.push(outcome(doc, "window.hostile.u8(1)"));
    const answered = await Promise.all(others);
    assert.ok(Date.now() - started < TIMEOUT_MS, "the other calls did not wait for the hung one");
    assert.deepEqual(
      answered.slice(0, 20).map((a) => a.value),
      Array.from({ length: 20 }, (_, i) => `n${i}`),
    );
    const got = await hang;
    assert.equal(got.code, "ERR_TIMEOUT");
    assert.deepEqual(got.data, { timeoutMs: TIMEOUT_MS });
    assert.ok(Date.now() - started >= TIMEOUT_MS);
    // A slow but legal handler under the limit is not cut.
    assert.deepEqual(await outcome(doc, `window.hostile.echoLater("slow", ${TIMEOUT_MS / 2})`), { value: "slow" });
  });

  it("panics answer ERR_PANIC without their message, sync and async, and serving goes on", async () => {
    for (const method of ["panicNow", "panicLater"]) {
      const got = await outcome(doc, `window.hostile.${method}()`);
      assert.equal(got.code, "ERR_PANIC", method);
      assert.doesNotMatch(got.message, /srv|secret/, method);
      assert.equal(got.data, undefined);
      assert.deepEqual(await outcome(doc, "window.hostile.u8(2)"), { value: 2 });
    }
  });

  it("internal details stay in main; typed errors are the app's data and arrive", async () => {
    const typed = await outcome(doc, "window.hostile.leakyError()");
    assert.equal(typed.code, "ERR_HANDLER");
    assert.deepEqual(typed.data, { Unavailable: { path: "/srv/internal/store.db" } });
    const unserializable = await outcome(doc, "window.hostile.unserializable()");
    assert.equal(unserializable.code, "ERR_BAD_RESPONSE");
    assert.doesNotMatch(unserializable.message, /srv|secrets/);
    const huge = await outcome(doc, "window.hostile.huge()");
    assert.equal(huge.code, "ERR_BAD_RESPONSE");
    assert.doesNotMatch(huge.message, /18446744073709551615/);
  });

  it("a backend that throws or answers garbage: the page gets a code, onError gets the details", async () => {
    env.stop();
    const addon = loadAddon();
    let mode = "throw";
    const backend = {
      call(channel, argsJson, sender) {
        if (mode === "throw") throw new Error("cannot open /srv/internal/db.sqlite");
        if (mode === "reject") return Promise.reject(new Error("/srv/internal/socket refused"));
        if (mode === "garbage") return '{"ok": "maybe", "secret": "/srv/internal"}';
        return addon.call(channel, argsJson, sender);
      },
    };
    env = start({ backend });
    doc = env.app.renderer(await env.openWindow());
    for (const [m, code] of [
      ["throw", "ERR_TRANSPORT"],
      ["reject", "ERR_TRANSPORT"],
      ["garbage", "ERR_BAD_RESPONSE"],
    ]) {
      mode = m;
      const got = await outcome(doc, "window.hostile.u8(3)");
      assert.equal(got.code, code, m);
      assert.doesNotMatch(JSON.stringify(got), /srv/, m);
    }
    assert.ok(
      env.reported.some((e) => /srv\/internal\/db\.sqlite/.test(e.message)),
      "onError has the cause",
    );
    mode = "pass";
    assert.deepEqual(await outcome(doc, "window.hostile.u8(3)"), { value: 3 });
  });

  it("windows closed while their calls are pending: no crash, no reply to a destroyed sender", async () => {
    const closed = [];
    for (let i = 0; i < 50; i++) {
      const w = await env.openWindow();
      const d = env.app.renderer(w);
      d.evaluate('window.hostile.echoLater("late", 20).then(() => { globalThis.answered = true; })');
      d.evaluate("window.hostile.hang()");
      w.destroy();
      closed.push(d);
    }
    await delay(TIMEOUT_MS + 100);
    await env.app.idle();
    assert.deepEqual(env.app.uncaught, []);
    for (const d of closed) assert.equal(d.page.run("globalThis.answered"), undefined);
    // The surviving window is served as before.
    assert.deepEqual(await outcome(doc, "window.hostile.u8(4)"), { value: 4 });
  });

  it("events to destroyed windows are dropped; live windows still get them", async () => {
    const gone = await env.openWindow();
    const goneFrame = gone.webContents.mainFrame;
    const { processId, routingId } = goneFrame;
    gone.destroy();
    doc.page.run("window.pings = []; window.hostile.onPing((n) => window.pings.push(n));");
    assert.deepEqual(await outcome(doc, `window.hostile.pingFrame(${processId}, ${routingId}, 9)`), { value: true });
    assert.deepEqual(await outcome(doc, "window.hostile.pingAll(10)"), { value: true });
    await until(() => doc.page.run("window.pings.length") >= 1, "the ping");
    await delay(20);
    assert.deepEqual(JSON.parse(doc.page.run("JSON.stringify(window.pings)")), [10]);
    assert.deepEqual(env.app.uncaught, []);
  });

  it("registering the glue again replaces it: one handler per channel, each event once", async () => {
    const first = env.dispose;
    const again = env.main.registerIpc({ backend: env.backend, allowedOrigins: ["https://app.example"] });
    doc.page.run("window.count = 0; window.hostile.onPing(() => { window.count += 1; });");
    assert.deepEqual(await outcome(doc, "window.hostile.pingAll(1)"), { value: true });
    assert.deepEqual(await outcome(doc, "window.hostile.u8(5)"), { value: 5 });
    await until(() => doc.page.run("window.count") >= 1, "the ping");
    await delay(20);
    assert.equal(doc.page.run("window.count"), 1);
    // Disposing the replaced registration does not disconnect the new one.
    first();
    assert.deepEqual(await outcome(doc, "window.hostile.pingAll(2)"), { value: true });
    await until(() => doc.page.run("window.count") >= 2, "the second ping");
    again();
    const after = await outcome(doc, "window.hostile.u8(6)");
    assert.equal(after.code, "ERR_TRANSPORT", "no handler once disposed");
  });

  it("the addon at shutdown: pending calls settle and the process exits on its own", () => {
    const child = spawnSync(process.execPath, [path.join(__dirname, "fixtures", "shutdown.js")], {
      encoding: "utf8",
      timeout: 15_000,
    });
    assert.equal(child.error, undefined, "the process exited within 15 s");
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), "ERR_TIMEOUT bye");
  });
});
