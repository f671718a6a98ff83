"use strict";
// Streams through the real compiled test addon (docs/wire.md, "Streams",
// "The backend interface for streams"): openStream, pullStream and
// closeStream, with the addon's own counters of what its Rust producers
// did, so cancellation is seen to reach Rust.

const test = require("node:test");
const assert = require("node:assert/strict");

const { loadAddon, sender } = require("./addon.js");

const addon = loadAddon();

/** Opens a stream; answers the parsed envelope. */
async function open(channel, args, from = sender()) {
  const answer = await addon.openStream(channel, JSON.stringify(args), from);
  assert.equal(typeof answer, "string");
  return JSON.parse(answer);
}

/** One entry of a batch: `null` for the end, else `{ envelope, buffers }`. */
function parse(answer) {
  if (answer === null) return null;
  if (typeof answer === "string") return { envelope: JSON.parse(answer), buffers: [] };
  const [json, buffers] = answer;
  return { envelope: JSON.parse(json), buffers };
}

/** Pulls one item (a batch of at most one). */
async function pull(id) {
  const batch = await addon.pullStream(id);
  assert.ok(Array.isArray(batch) && batch.length === 1, JSON.stringify(batch));
  return parse(batch[0]);
}

function counters() {
  const [dropped, produced] = JSON.parse(addon.call("streams:counters", "[]", sender())).value;
  return { dropped, produced };
}

test("a stream's items come one pull at a time, then the end, and the producer is dropped", async () => {
  const before = counters();
  const opened = await open("streams:count", [3]);
  assert.equal(opened.ok, true);
  const id = opened.value.stream;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.equal(counters().produced, before.produced, "nothing is produced before a pull");
  const values = [];
  for (;;) {
    const item = await pull(id);
    if (item === null) break;
    values.push(item.envelope.value);
  }
  assert.deepEqual(values, [0, 1, 2]);
  assert.equal(counters().dropped, before.dropped + 1);
  // The ended stream is gone: pulling it again is refused.
  const again = await pull(id);
  assert.equal(again.envelope.error.code, "ERR_BAD_ARGUMENTS");
});

test("closeStream drops an endless producer at once, and no item is produced after it", async () => {
  const before = counters();
  const { value } = await open("streams:count", [null]);
  for (let n = 0; n < 5; n++) assert.equal((await pull(value.stream)).envelope.value, n);
  addon.closeStream(value.stream);
  const after = counters();
  assert.equal(after.dropped, before.dropped + 1);
  assert.equal(after.produced, before.produced + 5, "one item produced per pull, none after");
  assert.equal((await pull(value.stream)).envelope.error.code, "ERR_BAD_ARGUMENTS");
  addon.closeStream(value.stream); // closing twice is harmless
  addon.closeStream("not an id");
});

test("byte items come as Uint8Arrays beside the JSON", async () => {
  const { value } = await open("streams:chunks", [2, 4]);
  const first = await pull(value.stream);
  assert.deepEqual(first.envelope, { ok: true, value: { $ipcBytes: 0 } });
  assert.deepEqual([...first.buffers[0]], [0, 1, 2, 3]);
  const second = await pull(value.stream);
  assert.deepEqual([...second.buffers[0]], [1, 2, 3, 4]);
  assert.equal(await pull(value.stream), null);
});

test("the setup error, a typed error mid-stream and a panic end as envelopes", async () => {
  const refused = await open("streams:tail", ["", 1]);
  assert.equal(refused.error.code, "ERR_HANDLER");
  assert.equal(refused.error.data, "NoFile");

  const { value } = await open("streams:tail", ["app.log", 1]);
  assert.equal((await pull(value.stream)).envelope.value, "app.log:1");
  const gone = await pull(value.stream);
  assert.equal(gone.envelope.error.code, "ERR_HANDLER");
  assert.equal(gone.envelope.error.data, "Gone");
  assert.equal((await pull(value.stream)).envelope.error.code, "ERR_BAD_ARGUMENTS");

  const before = counters();
  const exploding = (await open("streams:explodeAt", [1])).value.stream;
  assert.equal((await pull(exploding)).envelope.value, 0);
  assert.equal((await pull(exploding)).envelope.error.code, "ERR_PANIC");
  assert.equal(counters().dropped, before.dropped + 1, "the panicked producer is dropped");
  // The addon keeps serving.
  assert.equal((await open("streams:count", [1])).ok, true);
});

test("a second pull in flight, a bad id and bad arguments touch no other stream", async () => {
  // A stream with nothing ready (its method waits for the page's items): its pull stays in flight.
  const waiting = (await open("uploads:stall", [])).value.stream;
  const first = addon.pullStream(waiting);
  assert.ok(first instanceof Promise, "a pull with nothing ready answers a promise");
  const second = await pull(waiting);
  assert.equal(second.envelope.error.code, "ERR_BAD_ARGUMENTS");
  assert.match(second.envelope.error.message, /already being pulled/);
  addon.closeStream(waiting);
  assert.deepEqual(await first, [null]);
  const { value } = await open("streams:count", [null]);
  assert.equal((await pull(value.stream)).envelope.value, 0);
  for (const id of [0, -1, 1.5, 2 ** 32, "1", null]) {
    const refused = await pull(id);
    assert.equal(refused.envelope.error.code, "ERR_BAD_ARGUMENTS", String(id));
  }
  assert.equal((await pull(value.stream)).envelope.value, 1, "the stream goes on");
  addon.closeStream(value.stream);

  const bad = await open("streams:count", ["three"]);
  assert.equal(bad.error.code, "ERR_BAD_ARGUMENTS");
  const notStream = await open("probe:echo", ["x"]);
  assert.equal(notStream.error.code, "ERR_UNKNOWN_CHANNEL");
  const called = JSON.parse(addon.call("streams:count", "[1]", sender()));
  assert.equal(called.error.code, "ERR_UNKNOWN_CHANNEL");
  const badSender = await open("streams:count", [1], { webContentsId: "x" });
  assert.equal(badSender.error.code, "ERR_BAD_ARGUMENTS");
});

test("one frame may hold 64 open streams; the next is ERR_STREAM_LIMIT until one closes", async () => {
  const frame = sender({ frameId: 99 });
  const ids = [];
  for (let n = 0; n < 64; n++) {
    const opened = await open("streams:count", [null], frame);
    assert.equal(opened.ok, true, JSON.stringify(opened));
    ids.push(opened.value.stream);
  }
  const refused = await open("streams:count", [null], frame);
  assert.equal(refused.error.code, "ERR_STREAM_LIMIT");
  assert.deepEqual(refused.error.data, { limit: 64 });
  assert.equal(
    (await open("streams:count", [1], sender({ frameId: 98 }))).ok,
    true,
    "other frames are not limited by it",
  );
  addon.closeStream(ids.pop());
  assert.equal((await open("streams:count", [1], frame)).ok, true);
  for (const id of ids) addon.closeStream(id);
});

test("closing during a pull in flight answers the end and drops the producer", async () => {
  const before = counters();
  // An async method's stream; its pull resolves after a poll on tokio's threads.
  const { value } = await open("streams:tail", ["f", 1000000]);
  const pending = pull(value.stream);
  addon.closeStream(value.stream);
  const answer = await pending;
  // Either the pull won the race and answered its item, or it was aborted.
  assert.ok(answer === null || answer.envelope.value === "f:1", JSON.stringify(answer));
  assert.equal(counters().dropped, before.dropped + 1);
});

test("a pull answers a batch of what is ready, within maxItems and maxBytes, the end included", async () => {
  const { value } = await open("streams:count", [5]);
  const first = (await addon.pullStream(value.stream, 3)).map(parse);
  assert.deepEqual(
    first.map((item) => item.envelope.value),
    [0, 1, 2],
  );
  // Each envelope is 20 bytes: a budget of 25 stops after the second.
  const rest = (await addon.pullStream(value.stream, 100, 25)).map(parse);
  assert.deepEqual(
    rest.map((item) => item?.envelope.value),
    [3, 4],
  );
  const end = await addon.pullStream(value.stream, 100);
  assert.deepEqual(end, [null]);
  for (const bad of [0, -1, 1.5, "3", Number.NaN]) {
    const stream = (await open("streams:count", [1])).value.stream;
    const [refused] = (await addon.pullStream(stream, bad)).map(parse);
    assert.equal(refused.envelope.error.code, "ERR_BAD_ARGUMENTS", String(bad));
    assert.equal((await pull(stream)).envelope.value, 0, "the refusal touched nothing");
    addon.closeStream(stream);
  }
});

test("a pull answers at once, without a promise, when the stream has items ready", () => {
  const before = counters();
  const opened = addon.openStream("streams:count", "[3]", sender());
  const id = JSON.parse(opened).value.stream;
  const batch = addon.pullStream(id, 2);
  assert.ok(Array.isArray(batch), "a ready batch is an array, not a promise");
  assert.deepEqual(
    batch.map((answer) => JSON.parse(answer).value),
    [0, 1],
  );
  const rest = addon.pullStream(id, 10);
  assert.ok(Array.isArray(rest));
  assert.deepEqual(
    rest.map((answer) => (answer === null ? null : JSON.parse(answer).value)),
    [2, null],
  );
  assert.equal(counters().dropped, before.dropped + 1, "the ended stream was dropped at once");
  const refused = addon.pullStream(id);
  assert.ok(Array.isArray(refused), "a refusal is answered at once too");
  assert.equal(JSON.parse(refused[0]).error.code, "ERR_BAD_ARGUMENTS");
});
