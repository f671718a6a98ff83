"use strict";
// What a refused call costs the main process: the refusal must cost at most
// what it took to know the answer. Each row hands the generated main glue
// (over the real security addon) the arguments of one call, as Electron
// delivers them after the structured clone, and measures the refusal:
//
// - the text the glue writes, by counting what JSON.stringify and
//   Array.prototype.join return during the call (deterministic);
// - the time, against a reference measured in the same run (one
//   JSON.stringify of the same value), so the machine's speed cancels out;
// - the growth of the process's peak resident memory during the call.
//
// Each bound is generous but fails on the ways the glue used to take:
// serializing an object key before charging it against the limit, running
// the strict encoder again over an array the first walk knew to be too
// large, serializing a string heavy in escapes twice, and writing a
// Uint8Array's bytes as digits (bytes now travel beside the JSON, and an
// oversized one is refused on its length alone).
// SECURITY.md's table of these rows is generated from them
// (IPC_SECURITY_BLESS=1 node --test tests/security/refusal-cost.test.js).

const assert = require("node:assert/strict");
const path = require("node:path");
const { after, before, describe, it } = require("node:test");

const { createApp } = require("../electron/harness");
const { ORIGIN, checkSecurityMd, generatedDir, loadAddon } = require("./support/setup.js");

const MiB = 1024 * 1024;

/** What Electron hands an invoke handler: a main frame of the allowed origin. */
const EVENT = Object.freeze({
  sender: Object.freeze({ id: 1 }),
  senderFrame: Object.freeze({ processId: 1, routingId: 1, url: `${ORIGIN}/index.html`, origin: ORIGIN, parent: null }),
});

/** An ipcMain that keeps the invoke handlers. */
function fakeIpc() {
  const handlers = new Map();
  return {
    handlers,
    handle: (channel, handler) => handlers.set(channel, handler),
    removeHandler: (channel) => handlers.delete(channel),
    on() {},
    removeListener() {},
  };
}

/** Runs `body`, counting the characters JSON.stringify and Array.prototype.join write. */
async function counting(body) {
  const { stringify } = JSON;
  const { join } = Array.prototype;
  const written = { stringify: 0, join: 0 };
  JSON.stringify = function (...args) {
    const text = stringify.apply(this, args);
    written.stringify += typeof text === "string" ? text.length : 0;
    return text;
  };
  Array.prototype.join = function (...args) {
    const text = join.apply(this, args);
    written.join += text.length;
    return text;
  };
  try {
    return { result: await body(), written };
  } finally {
    JSON.stringify = stringify;
    Array.prototype.join = join;
  }
}

/** Milliseconds `run` takes. */
function timed(run) {
  const start = process.hrtime.bigint();
  const result = run();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** The process's peak resident memory so far, in MiB. */
const peakMiB = () => process.resourceUsage().maxRSS / 1024;

// [what is sent, channel, value, bound (for SECURITY.md), check(measured, reference)]
// `measured` is { code, ms, written, grewMiB }; `reference` the value's one JSON.stringify.
const ROWS = [
  [
    "an object with one key of 64 MiB of control characters (384 MiB as JSON)",
    "any",
    () => ({ ["\u0001".repeat(64 * MiB)]: 1 }),
    "refused before the key is written: no text written, time under a tenth of one `JSON.stringify` of it, peak memory +64 MiB at most",
    (measured, reference) => {
      assert.equal(measured.written, 0, "no text is written");
      assert.ok(measured.ms < reference.ms / 10, `${measured.ms} ms against ${reference.ms} ms for one JSON.stringify`);
      assert.ok(measured.grewMiB <= 64, `peak memory grew ${measured.grewMiB} MiB`);
    },
  ],
  [
    "an object with one key of 90,000,000 control characters (longer than a JavaScript string as JSON)",
    "any",
    () => ({ ["\u0001".repeat(90_000_000)]: 1 }),
    "`ERR_PAYLOAD_TOO_LARGE`, not `ERR_TRANSPORT`: no text written",
    (measured) => assert.equal(measured.written, 0, "no text is written"),
  ],
  [
    "an array of 10,000,000 zeros (20 MB as JSON)",
    "any",
    () => new Array(10_000_000).fill(0),
    "refused by the first walk, never converted again: no text written, time under one `JSON.stringify` of it, peak memory +64 MiB at most",
    (measured, reference) => {
      assert.equal(measured.written, 0, "no text is written");
      assert.ok(measured.ms < reference.ms, `${measured.ms} ms against ${reference.ms} ms for one JSON.stringify`);
      assert.ok(measured.grewMiB <= 64, `peak memory grew ${measured.grewMiB} MiB`);
    },
  ],
  [
    "a string of 3 Mi control characters (18 MiB as JSON, 3 MiB as characters)",
    "string",
    () => "\u0001".repeat(3 * MiB),
    "written once: at most its JSON length of text written",
    (measured, reference) => {
      assert.ok(
        measured.written <= reference.length + 16,
        `${measured.written} characters written, ${reference.length} as JSON`,
      );
    },
  ],
  [
    "a `Uint8Array` of 64 MiB + 1 of 255 (above the 64 MiB limit of bytes)",
    "byteLength",
    () => new Uint8Array(64 * MiB + 1).fill(255),
    "refused on its length: no byte read, no text written, no copy",
    (measured) => {
      assert.equal(measured.written, 0, "no text is written");
      assert.ok(measured.grewMiB <= 8, `peak memory grew ${measured.grewMiB} MiB`);
    },
  ],
];

describe("what a refusal costs the main process", () => {
  let app;
  let ipc;
  before(() => {
    app = createApp();
    const main = app.loadMain(path.join(generatedDir(), "main.cjs"));
    ipc = fakeIpc();
    main.registerIpc({ backend: loadAddon(), allowedOrigins: [ORIGIN], ipc, onError: () => {} });
  });
  after(() => app.dispose());

  for (const [what, method, build, , check] of ROWS) {
    it(what, async () => {
      const value = build();
      const handler = ipc.handlers.get(`hostile:${method}`);
      const peak = peakMiB();
      const start = process.hrtime.bigint();
      const { result, written } = await counting(() => handler(EVENT, value));
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const grewMiB = Math.round(peakMiB() - peak);
      assert.equal(result.ok, false, JSON.stringify(result).slice(0, 300));
      assert.equal(result.error.code, "ERR_PAYLOAD_TOO_LARGE", JSON.stringify(result).slice(0, 300));
      // The reference afterwards, so that its own memory does not hide the
      // call's; only for the checks that compare with it (a Uint8Array as
      // JSON would be an object of a key per byte).
      let reference = {};
      try {
        if (check.length > 1) reference = timed(() => JSON.stringify(value).length);
      } catch {
        reference = { ms: Number.POSITIVE_INFINITY, result: Number.POSITIVE_INFINITY };
      }
      check(
        { code: result.error.code, ms, written: written.stringify + written.join, grewMiB },
        { ms: reference.ms, length: reference.result },
      );
    });
  }

  it("SECURITY.md carries this table", () => {
    const lines = ["| what the page sends | outcome | what the refusal may cost (checked) |", "|---|---|---|"];
    for (const [what, , , bound] of ROWS) lines.push(`| ${what} | \`ERR_PAYLOAD_TOO_LARGE\` | ${bound} |`);
    checkSecurityMd("refusal-cost-table", `${lines.join("\n")}\n`);
  });
});
