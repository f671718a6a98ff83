"use strict";
// A `#[ipc(sync)]` method of the attacked service, end to end over the REAL
// compiled addon: page code calls window.hostile.syncPair, which blocks on
// ipcRenderer.sendSync until the generated main glue sets event.returnValue.
// The Rust router checks its arguments as an invoke's, the sender checks
// refuse the same frames, and every path answers (the harness records a
// sendSync left without a returnValue in app.uncaught).

const assert = require("node:assert/strict");
const { afterEach, beforeEach, describe, it } = require("node:test");

const { start } = require("./support/setup.js");

/** What page code gets back from a sync call, as plain JSON. */
const call = (doc, code) => JSON.parse(doc.page.run(`JSON.stringify(${code})`));

describe("sendSync over the real addon", () => {
  let ctx;
  let doc;
  beforeEach(async () => {
    ctx = start();
    doc = ctx.app.renderer(await ctx.openWindow());
  });
  afterEach(() => {
    assert.deepEqual(ctx.app.uncaught, [], "every sendSync got its event.returnValue");
    ctx.stop();
  });

  it("answers at once with the handler's value", () => {
    assert.deepEqual(call(doc, 'window.hostile.syncPair(7, "a")'), { ok: true, value: "7:a" });
  });

  it("answers bad arguments with ERR_BAD_ARGUMENTS naming the argument, as an invoke", () => {
    const swapped = call(doc, 'window.hostile.syncPair("a", 7)');
    assert.equal(swapped.ok, false);
    assert.equal(swapped.error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(swapped.error.data.argument, "first");
    assert.equal(swapped.error.channel, "hostile:syncPair");
    const nan = call(doc, 'window.hostile.syncPair(NaN, "a")');
    assert.equal(nan.error.code, "ERR_BAD_ARGUMENTS");
    const arity = call(doc, "window.hostile.syncPair(1)");
    assert.deepEqual(arity.error.data, { expected: 2, received: 1 });
  });

  it("refuses a compromised renderer's raw sendSync from another origin, and answers it", async () => {
    const evil = ctx.app.renderer(await ctx.openWindow("https://evil.example/"));
    const refused = evil.ipcRenderer.sendSync("hostile:syncPair", 1, "a");
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, "ERR_FORBIDDEN");
    assert.equal(ctx.reported.at(-1).code, "ERR_FORBIDDEN");
  });

  it("answers a raw sendSync on a channel that is not sync with nothing but its own listeners", () => {
    // An invoke channel has no ipcMain.on listener: Electron would leave the
    // renderer blocked, which the harness records; the generated preload never sends this.
    const raw = doc.ipcRenderer.sendSync("hostile:pair", 1, "a");
    assert.equal(raw, undefined);
    assert.equal(ctx.app.uncaught.length, 1);
    ctx.app.uncaught.length = 0;
  });
});
