"use strict";
// A call of an async channel made while other calls are in flight is
// routed on a tokio worker, which decodes its arguments (the JavaScript
// thread only hands the text over); a lone call is decoded before the
// hand-off. Either way the caller gets the same envelope, and the call is
// cancelled the same way (ipc-runtime/src/node/backend.rs, `Backend::busy`).

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");
const { loadAddon, sender } = require("./addon");

const addon = loadAddon();
// Ids of their own, far from the other files' (each file runs in its own process anyway).
let nextId = 1_000_000;

/** The envelope of a call, whether `call` answered its text or a promise of it. */
const envelopeOf = async (answer) => JSON.parse(await answer);

describe("a call made while others are in flight", () => {
  it("answers what a lone call answers, bad arguments included, through its promise", async () => {
    const good = '[1, "done"]';
    const bad = '["one", "done"]';
    // Alone: the first call shows the channel answers later; bad arguments
    // are answered at once, before any hand-off.
    assert.equal(addon.inFlightCalls(), 0);
    const loneGood = await envelopeOf(addon.call("probe:sleep", good, sender(), undefined, nextId++));
    const loneBad = addon.call("probe:sleep", bad, sender(), undefined, nextId++);
    assert.equal(typeof loneBad, "string");
    assert.equal(JSON.parse(loneBad).error.code, "ERR_BAD_ARGUMENTS");

    // Busy: a call that never answers keeps the table non-empty (and is
    // cancelled however the test ends, so a failure cannot keep it waiting).
    const hanging = nextId++;
    const hang = addon.call("probe:hang", "[]", sender(), undefined, hanging);
    try {
      await whileBusy(good, bad, loneGood, loneBad);
    } finally {
      addon.cancel(hanging);
    }
    assert.equal((await envelopeOf(hang)).error.code, "ERR_CANCELLED");
    assert.equal(addon.inFlightCalls(), 0);
  });
});

/** The calls made while another call is in flight: alike answered, alike cancelled. */
async function whileBusy(good, bad, loneGood, loneBad) {
  assert.equal(addon.inFlightCalls(), 1);
  const busyBad = addon.call("probe:sleep", bad, sender(), undefined, nextId++);
  assert.ok(busyBad instanceof Promise, "routed on a worker, even to refuse it");
  assert.deepEqual(await envelopeOf(busyBad), JSON.parse(loneBad));
  assert.deepEqual(await envelopeOf(addon.call("probe:sleep", good, sender(), undefined, nextId++)), loneGood);
  // Nothing is left of either, and the hanging call is still there.
  assert.equal(addon.inFlightCalls(), 1);

  // A routed call is cancelled as any other: at once, and its entry goes.
  const second = nextId++;
  const secondHang = addon.call("probe:hang", "[]", sender(), undefined, second);
  assert.equal(addon.inFlightCalls(), 2);
  assert.equal(addon.cancel(second), true);
  assert.equal(addon.inFlightCalls(), 1);
  assert.equal((await envelopeOf(secondHang)).error.code, "ERR_CANCELLED");
  // Even before its worker has run it.
  const third = nextId++;
  const thirdSleep = addon.call("probe:sleep", '[10000, "late"]', sender(), undefined, third);
  assert.equal(addon.cancel(third), true);
  assert.equal((await envelopeOf(thirdSleep)).error.code, "ERR_CANCELLED");
}
