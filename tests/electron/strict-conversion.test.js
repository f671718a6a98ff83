"use strict";
// The main glue converts a renderer's arguments to JSON by two ways that
// must be indistinguishable (docs/wire.md, "Arguments"): a check that
// builds no text followed by one `JSON.stringify`, for plain data, and the
// strict conversion that builds the text piece by piece, for everything
// else and for every refusal.
//
// Each value below is sent from page code through the generated preload and
// main glue twice: as the glue runs normally, and with a `toJSON` property
// on Array.prototype, which `JSON.stringify` ignores (it is not a function)
// but which makes the glue take the strict conversion for every call. The
// backend's `argsJson`, or the error the page receives, must be the same
// text both times; and the first way must really be the fast one for plain
// data (it calls `JSON.stringify` on the argument array).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

const FIXTURE = path.join(__dirname, "..", "..", "ipc-codegen", "tests", "fixtures", "todos");
const GENERATED = process.env.IPC_GENERATED_DIR || path.join(FIXTURE, "expected");
const PRELOAD = path.join(GENERATED, "preload.js");
const MAIN = path.join(GENERATED, "main.cjs");
const skip = !(fs.existsSync(PRELOAD) && fs.existsSync(MAIN)) && "generated fixtures not present";

const ORIGIN = "https://app.example";

/**
 * A random argument, built in the page from `seed` (xorshift32): mostly
 * plain data of every JSON shape, with now and then what the fast way must
 * leave to the strict conversion.
 */
function makeValue(seed) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const pick = (items) => items[Math.floor(random() * items.length)];
  const strings = [
    "",
    "milk",
    'quote " and \\ backslash',
    "line\nbreak\ttab\u0001\u001f",
    "é ü 漢字 😀",
    "\ud800 lone \udfff",
    "</script>",
    "__proto__",
    "toJSON",
    "constructor",
    "0",
    "10",
    "a".repeat(40),
  ];
  const numbers = [0, -0, 1, -1, 42, 3.5, -2.25e-7, 0.1, 123456789.125, 2 ** 53 - 1, -(2 ** 53 - 1), 1e-300];
  const unsafe = [2 ** 53, -(2 ** 53) - 2, 1e21, 1.7976931348623157e308, NaN, Infinity, -Infinity];
  const odd = () =>
    pick([
      undefined,
      new Uint8Array([0, 1, 255]),
      new Date(0),
      new Map([[1, 2]]),
      new Set([1]),
      10n,
      // biome-ignore lint/suspicious/noSparseArray: a hole on purpose: the two conversions must agree on it too
      [, 1],
      [1, undefined],
      new Uint16Array(2),
      new ArrayBuffer(2),
      /x/,
      new Error("e"),
      pick(unsafe),
    ]);
  const value = (depth) => {
    const roll = random();
    if (roll < 0.02) return odd();
    if (depth > 3 || roll < 0.4) {
      return pick([() => pick(strings), () => pick(numbers), () => random() < 0.5, () => null])();
    }
    if (roll < 0.7) {
      return Array.from({ length: Math.floor(random() * 5) }, () => value(depth + 1));
    }
    const object = random() < 0.1 ? Object.create(null) : {};
    const count = Math.floor(random() * 5);
    for (let i = 0; i < count; i += 1) {
      const key = random() < 0.5 ? pick(strings) : `k${i}`;
      // `undefined` properties are left out by both ways.
      object[key] = random() < 0.1 ? undefined : value(depth + 1);
    }
    return object;
  };
  return value(0);
}

/** Hand-picked values: edges of the size, depth and sharing checks. */
const EDGES = [
  '"plain"',
  "[]",
  "({})",
  "[[[[]]]]",
  "Object.assign(Object.create(null), { a: 1 })",
  "({ a: undefined, b: 1 })",
  '({ "": "", "1": 1, "0": 0, b: [1.5, -0, true, null] })',
  "(() => { let v = 1; for (let i = 0; i < 128; i += 1) v = [v]; return v; })()",
  "(() => { let v = 1; for (let i = 0; i < 129; i += 1) v = [v]; return v; })()",
  "(() => { let v = {}; for (let i = 0; i < 128; i += 1) v = { v }; return v; })()",
  // Shared structure: a few kilobytes of clone, far beyond the limit as text.
  '(() => { let v = ["0123456789"]; for (let i = 0; i < 40; i += 1) v = [v, v]; return v; })()',
  // Just under and just over the limit (the glue's default, 16 MiB), in
  // one-byte and multi-byte text.
  '"x".repeat(16 * 1024 * 1024 - 12)',
  '"x".repeat(16 * 1024 * 1024 - 11)',
  '"é".repeat(8 * 1024 * 1024)',
  '"\\u0001".repeat(3 * 1024 * 1024)',
  "[undefined]",
  "undefined",
  "9007199254740993",
];

describe("the two ways of converting arguments agree", { skip }, () => {
  let app;
  let backend;
  let dispose;
  let doc;

  beforeEach(async () => {
    app = createApp();
    const main = app.loadMain(MAIN);
    backend = {
      calls: [],
      call(_channel, argsJson) {
        backend.calls.push(argsJson);
        return '{"ok":true,"value":null}';
      },
      setEventSink() {},
    };
    dispose = main.registerIpc({ backend, allowedOrigins: [ORIGIN], onError: () => {} });
    const win = new app.electron.BrowserWindow({ webPreferences: main.secureWebPreferences({ preload: PRELOAD }) });
    await win.loadURL(`${ORIGIN}/index.html`);
    doc = app.renderer(win);
  });
  afterEach(() => {
    dispose();
    app.dispose();
  });

  /** Sends `valueCode` as the first argument of todos:setTitle; the backend's text or the page's error. */
  async function send(valueCode) {
    backend.calls.length = 0;
    const outcome = await doc.evaluate(`(async () => {
      const value = ${valueCode};
      try {
        await window.todos.setTitle(value, "title");
        return "ok";
      } catch (error) {
        return JSON.stringify({ code: error.code, message: error.message, data: error.data });
      }
    })()`);
    assert.ok(backend.calls.length <= 1);
    return { outcome, argsJson: backend.calls[0] };
  }

  /** Runs `body` with JSON.stringify counting the arrays it is given. */
  async function countingArrays(body) {
    const stringify = JSON.stringify;
    let arrays = 0;
    JSON.stringify = function (value, ...rest) {
      if (Array.isArray(value)) arrays += 1;
      return stringify.call(this, value, ...rest);
    };
    try {
      return { result: await body(), arrays };
    } finally {
      JSON.stringify = stringify;
    }
  }

  /** The same call by the strict conversion only. */
  async function strictly(body) {
    Object.defineProperty(Array.prototype, "toJSON", { value: "not a function", configurable: true, writable: true });
    try {
      return await body();
    } finally {
      delete Array.prototype.toJSON;
    }
  }

  async function compare(valueCode) {
    const fast = await countingArrays(() => send(valueCode));
    const strict = await countingArrays(() => strictly(() => send(valueCode)));
    assert.equal(strict.arrays, 0, `${valueCode}: the strict conversion writes piece by piece`);
    assert.deepEqual(fast.result, strict.result, valueCode);
    return { tookFastWay: fast.arrays > 0, ...fast.result };
  }

  it("on random values, and takes the fast way for plain data", async () => {
    let fastWays = 0;
    let refusals = 0;
    const runs = 300;
    for (let seed = 1; seed <= runs; seed += 1) {
      const { tookFastWay, outcome } = await compare(`(${makeValue})(${seed * 2654435761})`);
      if (tookFastWay) fastWays += 1;
      if (outcome !== "ok") refusals += 1;
    }
    // Most random values are plain data; some hold something refused.
    assert.ok(fastWays > runs / 2, `${fastWays} of ${runs} calls took the fast way`);
    assert.ok(refusals > 0 && refusals < runs / 4, `${refusals} refusals`);
  });

  it("on the edges of the size, depth and sharing checks", async () => {
    const outcomes = {};
    for (const code of EDGES) {
      const { tookFastWay, outcome, argsJson } = await compare(code);
      outcomes[code] = { tookFastWay, outcome, size: argsJson?.length };
    }
    const of = (code) => outcomes[code];
    assert.deepEqual(of('"plain"'), { tookFastWay: true, outcome: "ok", size: '["plain","title"]'.length });
    assert.equal(of("({ a: undefined, b: 1 })").tookFastWay, true);
    assert.equal(of(EDGES[7]).outcome, "ok", "128 arrays deep");
    assert.match(of(EDGES[8]).outcome, /nested deeper than 128 levels/);
    assert.match(of(EDGES[9]).outcome, /nested deeper than 128 levels/);
    assert.match(of(EDGES[10]).outcome, /ERR_PAYLOAD_TOO_LARGE/);
    assert.equal(of(EDGES[11]).outcome, "ok", "exactly at the limit");
    assert.equal(of(EDGES[11]).tookFastWay, true);
    assert.match(of(EDGES[12]).outcome, /ERR_PAYLOAD_TOO_LARGE/);
    assert.match(of(EDGES[13]).outcome, /ERR_PAYLOAD_TOO_LARGE/, "16 MiB of UTF-8 in 8 Mi characters");
    assert.match(of(EDGES[14]).outcome, /ERR_PAYLOAD_TOO_LARGE/, "escapes count");
    assert.match(of("[undefined]").outcome, /is undefined, which arrays cannot carry/);
    assert.equal(of("undefined").outcome, "ok");
    assert.equal(of("9007199254740993").outcome, "ok");
    assert.equal(of("9007199254740993").tookFastWay, false, "exponent form is the strict conversion's");
  });

  it("refuses a hole even where a prototype holds that index", async () => {
    backend.calls.length = 0;
    // A data property, so that Array.prototype keeps working for everyone
    // else meanwhile; JSON.stringify would read 7 through the hole.
    Object.defineProperty(Array.prototype, 0, { value: 7, writable: true, configurable: true });
    let answer;
    try {
      // Straight from the isolated world's ipcRenderer, as a compromised
      // renderer would send it: the structured clone keeps the hole.
      answer = await doc.ipcRenderer.invoke("todos:setTitle", doc.isolated.run("[, 1]"), "title");
    } finally {
      delete Array.prototype[0];
    }
    assert.equal(backend.calls.length, 0);
    assert.equal(answer.ok, false);
    assert.equal(answer.error.data.path, "[0]");
    assert.match(answer.error.message, /is a hole in the array/);
  });
});
