"use strict";
// Cancellation in the bridge (docs/wire.md, "Cancellation and deadlines"):
// `call(…, callId)` registers an async handler's call, `cancel(callId)`
// drops its future (counted in Rust by the test addon's `probe:hang`), its
// Context reports the cancellation, and no entry outlives its call.

const assert = require("node:assert/strict");
const { describe, it } = require("node:test");
const { loadAddon, sender } = require("./addon");

const addon = loadAddon();
let nextId = 1;

const hangCounts = () => {
  const [started, dropped, observed] = JSON.parse(addon.call("probe:hangCounts", "[]", sender())).value;
  return { started, dropped, observed };
};
const liveBytes = () => JSON.parse(addon.call("probe:liveBytes", "[]", sender())).value;
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Waits until `check()` holds (the drops happen on the runtime's threads). */
async function eventually(check, what) {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await settle();
  }
  assert.fail(`never: ${what}`);
}

describe("cancel(callId)", () => {
  it("drops the future of an async call, which answers ERR_CANCELLED, and the Context sees it", async () => {
    const before = hangCounts();
    const id = nextId++;
    const answer = addon.call("probe:hang", "[]", sender(), undefined, id);
    assert.ok(answer instanceof Promise);
    assert.equal(addon.inFlightCalls(), 1);
    // The handler starts on the runtime's threads: wait for it rather than
    // for a fixed time, which a loaded machine can outlast.
    await eventually(() => hangCounts().started === before.started + 1, "the handler starts");
    assert.equal(addon.inFlightCalls(), 1);
    assert.equal(addon.cancel(id), true);
    assert.equal(addon.inFlightCalls(), 0, "the entry leaves at once");
    const envelope = JSON.parse(await answer);
    assert.equal(envelope.error.code, "ERR_CANCELLED");
    await eventually(() => hangCounts().dropped === before.dropped + 1, "the future is dropped");
    await eventually(() => hangCounts().observed === before.observed + 1, "ctx.cancelled() completes");
    assert.equal(addon.cancel(id), false, "a call cancelled once is gone");
  });

  it("leaves no entry for a sync call, a call without an id, or an async call that settles", async () => {
    assert.equal(JSON.parse(addon.call("probe:echo", '["x"]', sender(), undefined, nextId++)).value, "x");
    assert.equal(addon.inFlightCalls(), 0);
    const id = nextId++;
    const later = addon.call("probe:sleep", '[1, "done"]', sender(), undefined, id);
    assert.equal(addon.inFlightCalls(), 1);
    assert.equal(JSON.parse(await later).value, "done");
    assert.equal(addon.inFlightCalls(), 0);
    assert.equal(addon.cancel(id), false);
    const anonymous = addon.call("probe:sleep", '[1, "x"]', sender());
    assert.equal(addon.inFlightCalls(), 0);
    await anonymous;
  });

  it("refuses a callId that is not an integer from 1 to 2^53 - 1", () => {
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, "1", {}]) {
      const envelope = JSON.parse(addon.call("probe:echo", '["x"]', sender(), undefined, bad));
      assert.equal(envelope.error.code, "ERR_BAD_ARGUMENTS", String(bad));
      assert.match(envelope.error.message, /callId/);
      assert.throws(() => addon.cancel(bad), /callId/);
    }
    assert.equal(addon.cancel(Number.MAX_SAFE_INTEGER), false);
  });

  it("10,000 calls cancelled mid-flight leave no entry and the addon's memory at its baseline", async () => {
    // Warm up: the runtime's worker threads and the table's first allocation.
    const warm = nextId++;
    const warming = addon.call("probe:hang", "[]", sender(), undefined, warm);
    addon.cancel(warm);
    await warming;
    await settle();
    const baseline = liveBytes();
    const before = hangCounts();
    const count = 10_000;
    const answers = [];
    const ids = [];
    for (let i = 0; i < count; i++) {
      const id = nextId++;
      ids.push(id);
      answers.push(addon.call("probe:hang", "[]", sender(), undefined, id));
    }
    await eventually(() => hangCounts().started === before.started + count, "every call started");
    assert.equal(addon.inFlightCalls(), count);
    for (const id of ids) assert.equal(addon.cancel(id), true);
    assert.equal(addon.inFlightCalls(), 0);
    const codes = new Set((await Promise.all(answers)).map((text) => JSON.parse(text).error.code));
    assert.deepEqual([...codes], ["ERR_CANCELLED"]);
    await eventually(() => hangCounts().dropped === before.dropped + count, "every future is dropped");
    await eventually(() => hangCounts().observed === before.observed + count, "every cancellation is seen");
    await eventually(() => liveBytes() <= baseline + 4096, `the addon's memory back to ${baseline} bytes`);
  });
});
