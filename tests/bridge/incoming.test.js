"use strict";
// Streams from the page to main through the real compiled test addon
// (docs/wire.md, "From the page to main", "The backend interface for
// streams"): openStream answers the page's window, pushStream decodes each
// item as the method's item type, endStream/abortStream/closeStream end it,
// creditStream gives back what the Rust method took. The addon's counters
// show what its Rust consumers saw.

const test = require("node:test");
const assert = require("node:assert/strict");

const { loadAddon, sender } = require("./addon.js");

const addon = loadAddon();

/** Opens a stream; answers `{ id, window }`. */
async function open(channel, args, from = sender()) {
  const answer = JSON.parse(await addon.openStream(channel, JSON.stringify(args), from));
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return { id: answer.value.stream, window: answer.value.incoming };
}

/** Pulls one batch and answers its entries as `null` (the end) or envelopes. */
async function pull(id, maxItems = 16) {
  const batch = await addon.pullStream(id, maxItems);
  return batch.map((answer) => (answer === null ? null : JSON.parse(Array.isArray(answer) ? answer[0] : answer)));
}

/** Whether pushStream queued the item: `null`, or `[items, bytes]` of credit the method gave back meanwhile. */
function accepted(answer) {
  return answer === null || (Array.isArray(answer) && answer.length === 2);
}

function counters() {
  const [unfinished, errors, taken, ended] = JSON.parse(addon.call("uploads:counters", "[]", sender())).value;
  return { unfinished, errors, taken, ended };
}

async function until(check, what) {
  for (let i = 0; i < 200; i += 1) {
    if (check(counters())) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`${what}: ${JSON.stringify(counters())}`);
}

test("an upload: the window first, chunks through the bytes path, one answer, then the end", async () => {
  const before = counters();
  const { id, window } = await open("uploads:upload", ["a.bin"]);
  assert.deepEqual(window, { items: 64, bytes: 1024 * 1024 });
  const answer = pull(id);
  assert.ok(accepted(addon.pushStream(id, '{"$ipcBytes":0}', [Uint8Array.of(1, 2, 3)])));
  assert.ok(accepted(addon.pushStream(id, '{"$ipcBytes":0}', [Uint8Array.of(250, 10)], 4)));
  addon.endStream(id);
  const batch = await answer;
  assert.deepEqual(batch[0], { ok: true, value: { name: "a.bin", chunks: 2, size: 5, sum: 266 } });
  const rest = batch.length > 1 ? batch.slice(1) : await pull(id);
  assert.deepEqual(rest, [null]);
  assert.equal(counters().taken, before.taken + 2);
  // The stream is gone: a push to it touches nothing.
  const late = JSON.parse(addon.pushStream(id, "1"));
  assert.equal(late.error.code, "ERR_BAD_ARGUMENTS");
});

test("credit comes back (from pushStream or creditStream) as the method takes items, null once the page ended", async () => {
  const { id } = await open("uploads:upload", ["b.bin"]);
  const answer = pull(id);
  const credit = addon.creditStream(id);
  const pushed = addon.pushStream(id, '{"$ipcBytes":0}', [new Uint8Array(10)], 12);
  // The method may take the item before pushStream returns; then pushStream hands its credit over.
  assert.deepEqual(Array.isArray(pushed) ? pushed : await credit, [1, 12]);
  // Later items: each one's credit comes back exactly once, one way or the other.
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const more = addon.pushStream(id, '{"$ipcBytes":0}', [new Uint8Array(1)], 3);
    if (Array.isArray(more)) [items, bytes] = [items + more[0], bytes + more[1]];
  }
  // One creditStream at a time: an abandoned one would take credit nobody counts.
  const waiting = Symbol("waiting");
  let pending = addon.creditStream(id);
  for (let i = 0; i < 100 && items < 5; i++) {
    const more = await Promise.race([pending, new Promise((r) => setTimeout(() => r(waiting), 20))]);
    if (more === waiting) continue;
    if (Array.isArray(more)) [items, bytes] = [items + more[0], bytes + more[1]];
    pending = addon.creditStream(id);
  }
  assert.deepEqual([items, bytes], [5, 15]);
  addon.endStream(id);
  assert.equal(await addon.creditStream(id), null);
  assert.equal((await answer)[0].value.chunks, 6);
});

test("an item that does not decode ends the stream with its index and path", async () => {
  const before = counters();
  const { id } = await open("uploads:doubled", []);
  const first = pull(id, 1);
  assert.ok(accepted(addon.pushStream(id, "21")));
  assert.deepEqual(await first, [{ ok: true, value: 42 }]);
  const refused = JSON.parse(addon.pushStream(id, '"22"'));
  assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
  assert.deepEqual(refused.error.data, { item: 1, path: "." });
  assert.match(refused.error.message, /^uploads:doubled: item 1 of the stream is invalid/);
  // The consumer saw the error after the item; the stream ends.
  assert.deepEqual(await pull(id), [null]);
  await until((c) => c.errors === before.errors + 1, "the consumer saw the error");
  addon.closeStream(id);
});

test("a stalled consumer: pushes beyond the window are refused with ERR_STREAM_LIMIT", async () => {
  const before = counters();
  const { id, window } = await open("uploads:stall", []);
  const pending = addon.pullStream(id);
  let taken = 0;
  let refused;
  for (let i = 0; i < 1000 && refused === undefined; i += 1) {
    const answer = addon.pushStream(id, '{"$ipcBytes":0}', [new Uint8Array(1024)], 1026);
    if (accepted(answer)) taken += 1;
    else refused = JSON.parse(answer);
  }
  assert.equal(taken, window.items, "the window in items");
  assert.equal(refused.error.code, "ERR_STREAM_LIMIT");
  assert.equal(refused.error.data.item, window.items);
  addon.closeStream(id);
  assert.deepEqual(await pending, [null]);
  await until((c) => c.unfinished === before.unfinished + 1, "the stalled method was dropped");
});

test("once the method answered, an Incoming it handed on ends with an error (counted in Rust)", async () => {
  const before = counters();
  const { id } = await open("uploads:handOff", []);
  assert.deepEqual(await pull(id), [{ ok: true, value: 1 }, null]);
  // The method answered and its stream ended: the consumer it handed the
  // Incoming to was told, since nothing more will come.
  await until((c) => c.errors === before.errors + 1, "the handed-off consumer saw the end as an error");
  assert.equal(addon.pushStream(id, "1").includes("ERR_BAD_ARGUMENTS"), true);
});

test("abortStream ends the method's Incoming with Cancelled; the method still answers", async () => {
  const { id } = await open("uploads:upload", ["c.bin"]);
  const answer = pull(id);
  addon.pushStream(id, '{"$ipcBytes":0}', [Uint8Array.of(1)]);
  addon.abortStream(id);
  const [envelope] = await answer;
  assert.equal(envelope.error.code, "ERR_HANDLER");
  assert.deepEqual(envelope.error.data, { Broken: "the page cancelled the stream, or its window went away" });
  const { id: other } = await open("uploads:upload", ["d.bin"]);
  const broken = pull(other);
  addon.abortStream(other, "an item after the end");
  assert.deepEqual((await broken)[0].error.data, {
    Broken: "the page broke the stream's protocol: an item after the end",
  });
});

test("bad calls touch nothing: unknown ids, main → page streams, bad weights and buffers", async () => {
  const { id: plain } = await open("streams:count", [1]);
  for (const [args, pattern] of [
    [[plain, "1"], /takes items from the page/],
    [[999999, "1"], /no open stream with the id 999999/],
    [["x", "1"], /must be a number/],
    [[plain, 5], /takes items from the page/],
  ]) {
    const answer = JSON.parse(addon.pushStream(...args));
    assert.equal(answer.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(answer.error.message, pattern);
  }
  const { id } = await open("uploads:doubled", []);
  for (const [args, pattern] of [
    [[id, 5], /string of JSON/],
    [[id, "1", "nope"], /array of Uint8Array/],
    [[id, "1", undefined, -1], /non-negative integer/],
    [[id, "1", undefined, 1.5], /non-negative integer/],
  ]) {
    const answer = JSON.parse(addon.pushStream(...args));
    assert.equal(answer.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(answer.error.message, pattern);
  }
  // Still open and working after all of that.
  const next = pull(id, 1);
  assert.ok(accepted(addon.pushStream(id, "2")));
  assert.deepEqual(await next, [{ ok: true, value: 4 }]);
  addon.endStream(id);
  addon.endStream(id);
  addon.abortStream(123456);
  assert.equal(await addon.creditStream(123456), null);
  addon.closeStream(id);
  addon.closeStream(plain);
});

// ---- pushStreamMany: a batch of items in one call ----

/** Pulls until the end; answers every entry before it (envelopes). */
async function pullAll(id) {
  const seen = [];
  for (;;) {
    const batch = await pull(id);
    for (const entry of batch) {
      if (entry === null) return seen;
      seen.push(entry);
    }
  }
}

test("pushStreamMany pushes a batch in order, bytes and weights item by item", async () => {
  const before = counters();
  const { id } = await open("uploads:upload", ["batch.bin"]);
  const answer = pull(id);
  const chunk = '{"$ipcBytes":0}';
  // Entry 1 of `buffers` is a hole, as main leaves it for an item without bytes: here a refusal would
  // name it, so every item carries bytes except through `buffers` given per item.
  const pushed = addon.pushStreamMany(
    id,
    [chunk, chunk, chunk],
    [[Uint8Array.of(1, 2)], [Uint8Array.of(3)], [new Uint8Array(4).fill(10)]],
    [4, 3, 6],
  );
  assert.ok(accepted(pushed), String(pushed));
  addon.endStream(id);
  const batch = await answer;
  assert.deepEqual(batch[0], { ok: true, value: { name: "batch.bin", chunks: 3, size: 7, sum: 46 } });
  assert.equal(counters().taken, before.taken + 3);
});

test("pushStreamMany: an item that does not decode ends the stream at its index; the items before it went", async () => {
  const before = counters();
  const { id } = await open("uploads:doubled", []);
  assert.ok(accepted(addon.pushStreamMany(id, ["1"])));
  // Stream items 1 and 2 go; item 3 (batch entry 2) is refused; entry 3 is never read.
  const refused = JSON.parse(addon.pushStreamMany(id, ["2", "3", '"four"', "5"]));
  assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
  assert.deepEqual(refused.error.data, { item: 3, path: "." });
  assert.match(refused.error.message, /^uploads:doubled: item 3 of the stream is invalid/);
  assert.deepEqual(
    (await pullAll(id)).map((envelope) => envelope.value),
    [2, 4, 6],
  );
  await until((c) => c.errors === before.errors + 1, "the consumer saw the error after the items before it");
  addon.closeStream(id);
});

test("pushStreamMany: a batch past the window is refused with ERR_STREAM_LIMIT at the stream's item index", async () => {
  const before = counters();
  const { id, window } = await open("uploads:stall", []);
  const pending = addon.pullStream(id);
  const chunk = () => [new Uint8Array(1024)];
  const batch = (count) => [
    Array.from({ length: count }, () => '{"$ipcBytes":0}'),
    Array.from({ length: count }, chunk),
    Array.from({ length: count }, () => 1026),
  ];
  // Sixty items fit; a batch of ten more overruns the window of 64 at stream item 64 (its entry 4).
  assert.equal(window.items, 64);
  assert.ok(accepted(addon.pushStreamMany(id, ...batch(60))));
  const refused = JSON.parse(addon.pushStreamMany(id, ...batch(10)));
  assert.equal(refused.error.code, "ERR_STREAM_LIMIT");
  assert.equal(refused.error.data.item, window.items);
  // The stream ended: later items are dropped, not refused again.
  assert.ok(accepted(addon.pushStreamMany(id, ...batch(3))));
  addon.closeStream(id);
  assert.deepEqual(await pending, [null]);
  await until((c) => c.unfinished === before.unfinished + 1, "the stalled method was dropped");
});

test("pushStreamMany: an empty batch pushes nothing; a non-array or bad entries are refused by name", async () => {
  const { id } = await open("uploads:doubled", []);
  assert.ok(accepted(addon.pushStreamMany(id, [])), "an empty batch");
  assert.ok(accepted(addon.pushStreamMany(id, [], undefined, [])), "an empty batch with empty weights");
  for (const [args, pattern] of [
    [[id, "1"], /`itemsJson` must be an array/],
    [[id, { length: 1, 0: "1" }], /`itemsJson` must be an array/],
    [[id], /`itemsJson` must be an array/],
    [[id, ["1"], "nope"], /`buffers` must be an array/],
    [[id, ["1"], [[]], [1, 2]], /`weights` has 2 entries for 1 items/],
    [[id, ["1", "2"], [[]]], /`buffers` has 1 entries for 2 items/],
    [[999999, ["1"]], /IpcBackend.pushStreamMany: no open stream with the id 999999/],
  ]) {
    const answer = JSON.parse(addon.pushStreamMany(...args));
    assert.equal(answer.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(answer.error.message, pattern);
  }
  // None of those touched the stream.
  const next = pull(id, 1);
  assert.ok(accepted(addon.pushStreamMany(id, ["2"])));
  assert.deepEqual(await next, [{ ok: true, value: 4 }]);
  // An entry of the wrong type refuses the whole call, naming it; nothing of the batch went.
  const refused = JSON.parse(addon.pushStreamMany(id, ["3", 4, "5"]));
  assert.equal(refused.error.code, "ERR_BAD_ARGUMENTS");
  assert.match(refused.error.message, /`itemsJson\[1\]` must be a string of JSON/);
  assert.ok(accepted(addon.pushStreamMany(id, ["6"])));
  addon.endStream(id);
  assert.deepEqual(
    (await pullAll(id)).map((envelope) => envelope.value),
    [12],
  );
  const { id: other } = await open("uploads:doubled", []);
  for (const [weights, buffers, pattern] of [
    [[1, -1], undefined, /`weights\[1\]` must be a non-negative integer/],
    [[1, 1.5], undefined, /`weights\[1\]` must be a non-negative integer/],
    [[1, "1"], undefined, /`weights\[1\]` must be a non-negative integer/],
    [undefined, [[], ["x"]], /`buffers\[1\]`: `buffers\[0\]` must be a Uint8Array/],
  ]) {
    const answer = JSON.parse(addon.pushStreamMany(other, ["1", "2"], buffers, weights));
    assert.equal(answer.error.code, "ERR_BAD_ARGUMENTS");
    assert.match(answer.error.message, pattern);
  }
  const still = pull(other, 1);
  assert.ok(accepted(addon.pushStreamMany(other, ["7"])), "the refusals touched nothing");
  assert.deepEqual(await still, [{ ok: true, value: 14 }]);
  addon.closeStream(other);
  addon.closeStream(id);
});
