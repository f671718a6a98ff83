"use strict";
// Self-tests of the structured clone a renderer's ipcRenderer makes. The
// harness clones in the isolated world with its own kit (so that Node never
// reads a renderer's objects); these tests hold that kit to V8's own
// serializer, which Electron uses: each value is built once in the isolated
// world and sent to main, and once in Node and round-tripped through
// v8.Serializer / v8.Deserializer; both must refuse it, or arrive equal.

const assert = require("node:assert/strict");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");
const { afterEach, beforeEach, describe, it } = require("node:test");
const { createApp, CLONE_FAILED } = require("./harness");

const IPC = path.join(__dirname, "fixtures", "ipc-preload.js");

let app;
let doc;
beforeEach(async () => {
  app = createApp();
  const win = new app.electron.BrowserWindow({ webPreferences: { preload: IPC } });
  await win.loadURL("https://app.example/");
  doc = app.renderer(win);
});
afterEach(() => app.dispose());

/** V8's structured clone of `value` (a value of Node), or the error. */
function v8RoundTrip(value) {
  const serializer = new v8.Serializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  const deserializer = new v8.Deserializer(serializer.releaseBuffer());
  deserializer.readHeader();
  return deserializer.readValue();
}

/** What main receives when the isolated world sends the value `source` builds. */
async function sentFromIsolatedWorld(source) {
  let received;
  app.electron.ipcMain.once("clone", (_event, value) => {
    received = { value };
  });
  const value = doc.isolated.run(`(${source})`);
  try {
    doc.ipcRenderer.send("clone", value);
  } catch (error) {
    return { error };
  }
  await app.idle();
  return received;
}

/** Compares own property names, prototypes, holes and views, beyond deepStrictEqual. */
function assertSameShape(actual, expected, where = "value", seen = new Set()) {
  if (expected === null || typeof expected !== "object" || seen.has(expected)) return;
  seen.add(expected);
  assert.equal(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected), `${where}: prototype`);
  assert.deepEqual(
    Object.getOwnPropertyNames(actual).sort(),
    Object.getOwnPropertyNames(expected).sort(),
    `${where}: own properties`,
  );
  if (ArrayBuffer.isView(expected)) {
    assert.equal(actual.byteOffset, expected.byteOffset, `${where}: byteOffset`);
    assert.equal(actual.buffer.byteLength, expected.buffer.byteLength, `${where}: buffer`);
    return;
  }
  for (const key of Object.keys(expected)) assertSameShape(actual[key], expected[key], `${where}.${key}`, seen);
}

const CLONED = [
  ["primitives", '[1, -0, NaN, "x", true, null, undefined, 10n]'],
  ["a sparse array with an extra property", "(() => { const a = [1, , 3]; a.extra = 4; return a; })()"],
  [
    "symbol keys and non-enumerable properties are skipped",
    '(() => { const o = { a: 1, [Symbol("s")]: 2 }; Object.defineProperty(o, "hidden", { value: 3 }); return o; })()',
  ],
  ["a null-prototype object becomes a plain object", "Object.assign(Object.create(null), { a: 1 })"],
  [
    "a class instance keeps its own fields only",
    "(() => { class P { constructor() { this.x = 1; } get y() { return 2; } } return new P(); })()",
  ],
  ['an own "__proto__" key', 'JSON.parse(\'{"__proto__": {"polluted": true}}\')'],
  ["getters are read", "({ get x() { return 1; } })"],
  ["dates and regexps", "[new Date(5), /a.b/gimsuy, /[a]/v, /d/d]"],
  ["boxed primitives", '[Object(1), Object("s"), Object(true), Object(10n)]'],
  ["maps and sets with objects", 'new Map([[{ k: 1 }, [1]], ["s", new Set([1, {}])]])'],
  [
    "typed arrays as views on their whole buffer",
    "(() => { const b = new ArrayBuffer(8); return [new Uint8Array([1, 2, 3]), new Uint16Array(b, 2, 2), new DataView(b, 1, 2), new BigInt64Array(1)]; })()",
  ],
  [
    "two views on one buffer, and a buffer on its own",
    "(() => { const b = new ArrayBuffer(4); return [new Uint8Array(b), new Int8Array(b, 1), b, new ArrayBuffer(2)]; })()",
  ],
  ["a resizable buffer", "new ArrayBuffer(2, { maxByteLength: 8 })"],
  [
    "errors: prototype by name, message, cause; nothing else",
    '(() => { const e = new RangeError("m", { cause: { c: 1 } }); e.code = 5; const f = new Error("f"); f.name = "Custom"; const g = new TypeError(); return [e, f, g]; })()',
  ],
  [
    "shared references and cycles",
    "(() => { const s = { v: 1 }; const a = { s, t: s, list: [s] }; a.self = a; return a; })()",
  ],
];

const REFUSED = [
  ["a function", "() => 1"],
  ["a function inside an object", "({ f() {} })"],
  ["a symbol", '[Symbol("s")]'],
  ["a boxed symbol", 'Object(Symbol("s"))'],
  ["a WeakMap, a WeakSet, a WeakRef", "[new WeakMap()]"],
  ["a WeakSet", "new WeakSet()"],
  ["a WeakRef", "new WeakRef({})"],
  ["a promise", "Promise.resolve(1)"],
  ["a Proxy", "new Proxy({}, {})"],
  ["an arguments object", "(function () { return arguments; })(1)"],
  ["a SharedArrayBuffer", "new SharedArrayBuffer(1)"],
  ["a generator", "(function* () {})()"],
  ["a map iterator", "new Map().keys()"],
];

describe("the isolated world's structured clone agrees with V8's serializer", () => {
  for (const [what, source] of CLONED) {
    it(`clones ${what}`, async () => {
      const expected = v8RoundTrip(vm.runInThisContext(`(${source})`));
      const got = await sentFromIsolatedWorld(source);
      assert.ok(got && !got.error, `sent: ${got?.error}`);
      assert.deepStrictEqual(got.value, expected);
      assertSameShape(got.value, expected);
    });
  }

  it("keeps shared references and cycles as references", async () => {
    const { value } = await sentFromIsolatedWorld(
      "(() => { const s = { v: 1 }; const a = { s, t: s }; a.self = a; return a; })()",
    );
    assert.equal(value.s, value.t);
    assert.equal(value.self, value);
  });

  for (const [what, source] of REFUSED) {
    it(`refuses ${what}, as V8 does`, async () => {
      assert.throws(() => v8RoundTrip(vm.runInThisContext(`(${source})`)));
      const got = await sentFromIsolatedWorld(source);
      assert.ok(got.error, "send throws");
      assert.ok(doc.isolated.owns(got.error), "an Error of the isolated world");
      assert.equal(got.error.message, CLONE_FAILED);
    });
  }

  it("refuses a value whose getter throws, with the same message (Electron reports every failure so)", async () => {
    const got = await sentFromIsolatedWorld('({ get x() { throw new Error("getter"); } })');
    assert.equal(got.error.message, CLONE_FAILED);
  });

  it("clones 3,000 nested arrays, as V8 does (deeper, V8 runs out of stack: README.md)", async () => {
    const source = "(() => { let a = [1]; for (let i = 0; i < 3000; i++) a = [a]; return a; })()";
    v8RoundTrip(vm.runInThisContext(source));
    const { value } = await sentFromIsolatedWorld(source);
    let depth = 0;
    for (let v = value; Array.isArray(v); v = v[0]) depth++;
    assert.equal(depth, 3001);
  });

  it("delivers main-side values to the renderer with V8 view semantics", async () => {
    doc.isolated.run("globalThis.got = null");
    doc.ipcRenderer.on("views", doc.isolated.run("(event, value) => { got = value; }"));
    const buffer = new ArrayBuffer(8);
    app.electron.BrowserWindow.getAllWindows()[0].webContents.send("views", [
      new Uint16Array(buffer, 2, 2),
      new Uint8Array(buffer),
    ]);
    await app.idle();
    const got = doc.isolated.run("got");
    assert.ok(doc.isolated.owns(got[0]));
    assert.equal(got[0].byteOffset, 2);
    assert.equal(got[0].buffer, got[1].buffer, "one buffer, as V8 writes it once");
    assert.equal(got[1].buffer.byteLength, 8);
  });
});
