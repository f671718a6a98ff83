"use strict";
// The bad-input table end to end: PAGE code calls window.hostile.* with
// every hostile value a renderer can produce (including what structured
// clone carries and JSON does not), through the generated preload, the
// harness's IPC, the generated main glue and the REAL compiled addon. One
// test per row; SECURITY.md's table is generated from these rows
// (IPC_SECURITY_BLESS=1 node --test tests/security/bad-inputs.test.js).

const assert = require("node:assert/strict");
const { after, before, describe, it } = require("node:test");

const { start, outcome, checkSecurityMd } = require("./support/setup.js");

const BAD = { code: "ERR_BAD_ARGUMENTS" };

// [method, arguments as page code, expected outcome, what is sent (for SECURITY.md)]
const ROWS = [
  // Arity: refused in the preload, before any IPC.
  ["pair", "", BAD, "no arguments to a method of two"],
  ["pair", "1", BAD, "one argument to a method of two"],
  ["pair", '1, "a", 2', BAD, "three arguments to a method of two"],
  ["nothing", "1", BAD, "one argument to a method of none"],
  // undefined and holes.
  ["option", "undefined", { value: null }, "`undefined` as a whole argument → `null`"],
  ["string", "undefined", BAD, "`undefined` to a string parameter (arrives as `null`)"],
  ["list", "[1, undefined]", BAD, "`undefined` inside an array"],
  ["list", "[1, , 3]", BAD, "a sparse array (hole)"],
  [
    "lenient",
    '{ name: "a", note: undefined }',
    { value: { name: "a", note: null } },
    "`undefined` as a property → omitted",
  ],
  // Numbers.
  ["f64", "NaN", BAD, "`NaN`"],
  ["f64", "Infinity", BAD, "`Infinity`"],
  ["f64", "-Infinity", BAD, "`-Infinity`"],
  ["list", "[1, NaN]", BAD, "`NaN` inside an array"],
  ["i32", "-0", { value: 0 }, "`-0` → `0`"],
  ["u8", "256", BAD, "`256` to u8"],
  ["u8", "1.5", BAD, "`1.5` to u8"],
  ["u32", "-1", BAD, "`-1` to u32"],
  ["u64", "Number.MAX_SAFE_INTEGER", { value: Number.MAX_SAFE_INTEGER }, "2^53−1 to u64"],
  ["u64", "2 ** 53", BAD, "2^53 to u64 (sent as `9007199254740992e0`-style exponent form)"],
  ["i64", "-(2 ** 60)", BAD, "−2^60 to i64"],
  ["f64", "2 ** 60", { value: 2 ** 60 }, "2^60 to f64 (a float: accepted exactly)"],
  ["u64", "10n", BAD, "a BigInt"],
  ["u8", '"1"', BAD, '`"1"` to u8'],
  ["u8", "true", BAD, "`true` to u8"],
  // Strings.
  ["string", '"a\\u0000b"', { value: "a\u0000b" }, "a string with NUL"],
  ["string", '"\\ud800"', BAD, "a lone high surrogate"],
  ["string", '"x\\udfff"', BAD, "a lone low surrogate"],
  ["string", '"😀"', { value: "😀" }, "a surrogate pair"],
  ["string", "1", BAD, "a number to a string parameter"],
  ["string", 'new String("boxed")', BAD, "a boxed `String`"],
  ["boolean", "new Boolean(false)", BAD, "a boxed `Boolean`"],
  // Structured-clone-only values.
  ["any", 'new Map([["a", 1]])', BAD, "a `Map`"],
  ["any", "new Set([1])", BAD, "a `Set`"],
  ["any", "new Date(0)", BAD, "a `Date`"],
  ["any", "/re/g", BAD, "a `RegExp`"],
  ["list", "new Uint8Array([1, 2, 255])", BAD, "a `Uint8Array` to `Vec<u32>` (only byte types take bytes)"],
  ["list", "new Uint32Array([1])", BAD, "a `Uint32Array`"],
  ["any", "new Float64Array([1.5])", BAD, "a `Float64Array`"],
  ["any", "new ArrayBuffer(4)", BAD, "an `ArrayBuffer`"],
  // Bytes (docs/wire.md, "Bytes"): a `Uint8Array` travels beside the JSON.
  [
    "bytes",
    "new Uint8Array([1, 2, 255])",
    { value: { 0: 1, 1: 2, 2: 255 } },
    "a `Uint8Array` to `Bytes` → the same `Uint8Array` back (shown as JSON)",
  ],
  [
    "bytes",
    "new Uint8Array([0, 1, 2, 3]).subarray(1, 3)",
    { value: { 0: 1, 1: 2 } },
    "a view on a larger `ArrayBuffer` → only its own bytes",
  ],
  ["bytes", "[1, 2, 255]", BAD, "an array of numbers to `Bytes`"],
  ["bytes", "7", BAD, "a number to `Bytes`"],
  ["bytes", '"AQL/"', BAD, "a (base64) string to `Bytes`"],
  ["bytes", "{ $ipcBytes: 0 }", BAD, "a forged bytes placeholder"],
  ["any", "{ list: [{ $ipcBytes: 0, x: 1 }] }", BAD, "a forged placeholder deep inside"],
  ["any", "new Uint8Array([1])", BAD, "a `Uint8Array` to `serde_json::Value` (no byte type takes it)"],
  ["bytes", "new Uint8ClampedArray([1])", BAD, "a `Uint8ClampedArray` to `Bytes`"],
  ["any", "new DataView(new ArrayBuffer(4))", BAD, "a `DataView`"],
  ["any", 'new Error("x")', BAD, "an `Error`"],
  [
    "any",
    '(() => { const a = { name: "a" }; a.self = a; return a; })()',
    BAD,
    "a cyclic object (refused at depth 128)",
  ],
  [
    "any",
    "(() => { const s = { v: 1 }; return { a: s, b: s }; })()",
    { value: { a: { v: 1 }, b: { v: 1 } } },
    "one object referenced twice → copied twice",
  ],
  [
    "any",
    "(() => { let a = [1]; for (let i = 0; i < 64; i++) a = [a, a]; return a; })()",
    { code: "ERR_PAYLOAD_TOO_LARGE" },
    "shared references 64 deep (2^64 leaves once expanded)",
  ],
  [
    "any",
    "(() => { class P { constructor() { this.x = 1; } get y() { return 2; } } return new P(); })()",
    { value: { x: 1 } },
    "a class instance → its own fields (contextBridge)",
  ],
  ["any", "(() => () => 1)()", { code: "ERR_TRANSPORT" }, "a function (structured clone refuses it)"],
  [
    "any",
    'Symbol("s")',
    { code: "ERR_TRANSPORT" },
    "a Symbol (contextBridge passes it on; the structured clone refuses it)",
  ],
  ["any", "Promise.resolve(1)", { code: "ERR_TRANSPORT" }, "a Promise"],
  // Objects and keys.
  [
    "any",
    'JSON.parse(\'{"__proto__": {"polluted": true}}\')',
    { value: { ["__proto__"]: { polluted: true } } },
    "own `__proto__` key (kept as an own key all the way, never a prototype)",
  ],
  [
    "lenient",
    'JSON.parse(\'{"name": "a", "__proto__": {"polluted": true}}\')',
    { value: { name: "a", note: null } },
    "`__proto__` next to a field",
  ],
  [
    "lenient",
    '({ name: "a", constructor: { prototype: { polluted: true } } })',
    { value: { name: "a", note: null } },
    "`constructor.prototype` payload",
  ],
  [
    "map",
    "({ constructor: 1, hasOwnProperty: 2, toString: 3 })",
    { value: { constructor: 1, hasOwnProperty: 2, toString: 3 } },
    "Object.prototype names as map keys",
  ],
  ["strict", '({ name: "a", flag: true, admin: true })', BAD, "an extra field to `deny_unknown_fields`"],
  [
    "lenient",
    '({ name: "a", admin: true })',
    { value: { name: "a", note: null } },
    "an extra field, no `deny_unknown_fields`",
  ],
  ["nested", '({ inner: { name: "n" }, count: 1 })', BAD, "a missing nested field"],
  [
    "nested",
    'Object.assign(Object.create(null), { inner: { name: "n", tags: [] }, count: 1 })',
    { value: { inner: { name: "n", tags: [] }, count: 1 } },
    "a null-prototype object",
  ],
  [
    "nested",
    '({ inner: { name: "n", tags: [] }, get count() { return 1; } })',
    { value: { inner: { name: "n", tags: [] }, count: 1 } },
    "a getter (read once by contextBridge)",
  ],
  ["list", "{ length: 1, 0: 5 }", BAD, "an array-like object"],
  ["list", "[[1]]", BAD, "a nested array to `Vec<u32>`"],
  ["map", '{ a: "x" }', BAD, "a wrong map value"],
  ["external", '{ Number: "1" }', BAD, "wrong payload, externally tagged enum"],
  ["internal", '{ type: "Hexagon" }', BAD, "unknown tag, internally tagged enum"],
  ["adjacent", '{ t: "Text", c: 1 }', BAD, "wrong content, adjacently tagged enum"],
  ["untagged", '"x"', BAD, "no variant matches, untagged enum"],
  ["external", '"Unit"', { value: "Unit" }, "a valid unit variant"],
  // Depth and size.
  [
    "any",
    "(() => { let a = 1; for (let i = 0; i < 200; i++) a = [a]; return a; })()",
    BAD,
    "200 nested arrays (the glue stops at 128)",
  ],
  [
    "any",
    "(() => { let a = 1; for (let i = 0; i < 10000; i++) a = [a]; return a; })()",
    { thrown: /recursion depth exceeded/ },
    "10,000 nested arrays (contextBridge throws in the page)",
  ],
  ["string", '"a".repeat(16 * 1024 * 1024 + 1)', { code: "ERR_PAYLOAD_TOO_LARGE" }, "a string above the 16 MiB limit"],
  [
    "byteLength",
    "new Uint8Array(32 * 1024 * 1024).fill(255)",
    { value: 32 * 1024 * 1024 },
    "a 32 MiB `Uint8Array` (beside the JSON: the 16 MiB JSON limit does not count it)",
  ],
  [
    "byteLength",
    "new Uint8Array(64 * 1024 * 1024 + 1)",
    { code: "ERR_PAYLOAD_TOO_LARGE" },
    "a `Uint8Array` of 64 MiB + 1 (above the 64 MiB limit of bytes, refused before the addon)",
  ],
  [
    "string",
    '"\\u0001".repeat(3 * 1024 * 1024)',
    { code: "ERR_PAYLOAD_TOO_LARGE" },
    "a string of 3 Mi control characters (18 MiB as JSON, written once)",
  ],
  [
    "any",
    '({ ["\\u0001".repeat(17 * 1024 * 1024)]: 1 })',
    { code: "ERR_PAYLOAD_TOO_LARGE" },
    "an object key of 17 Mi control characters (charged before it is written)",
  ],
  [
    "any",
    "new Array(10000000).fill(0)",
    { code: "ERR_PAYLOAD_TOO_LARGE" },
    "an array of 10,000,000 zeros (refused by the first walk; cost: see below)",
  ],
];

const label = ([method, args]) => `hostile.${method}(${args.length > 60 ? `${args.slice(0, 57)}...` : args})`;

function expectation(expect) {
  if ("value" in expect) return `accepted: \`${JSON.stringify(expect.value)}\``;
  if ("code" in expect) return `\`${expect.code}\``;
  return `throws in the page (\`${expect.thrown.source}\`)`;
}

describe("hostile values from page code, end to end into the real addon", () => {
  let env;
  let doc;
  before(async () => {
    env = start();
    doc = env.app.renderer(await env.openWindow());
  });
  after(() => env.stop());

  for (const row of ROWS) {
    const [method, args, expect] = row;
    it(label(row), async () => {
      const got = await outcome(doc, `window.hostile.${method}(${args})`);
      if ("value" in expect) assert.deepEqual(got, { value: expect.value });
      else if ("code" in expect) {
        assert.equal(got.code, expect.code, JSON.stringify(got).slice(0, 500));
        assert.equal(typeof got.message, "string");
      } else assert.match(got.thrown ?? "", expect.thrown, JSON.stringify(got));
      // Nothing leaked into the main realm, and main is still serving.
      assert.equal({}.polluted, undefined);
      assert.deepEqual(await outcome(doc, "window.hostile.u8(7)"), { value: 7 });
    });
  }

  it("leaves no prototype polluted in any realm", async () => {
    assert.equal({}.polluted, undefined);
    assert.equal(doc.page.run("({}).polluted"), undefined);
    assert.equal(doc.isolated.run("({}).polluted"), undefined);
    assert.deepEqual(env.app.uncaught, []);
  });

  it("SECURITY.md carries this table", () => {
    const lines = ["| call from page code | what is sent | outcome |", "|---|---|---|"];
    for (const row of ROWS) {
      lines.push(`| \`${label(row).replaceAll("|", "\\|")}\` | ${row[3]} | ${expectation(row[2])} |`);
    }
    checkSecurityMd("bad-input-table:js", `${lines.join("\n")}\n`);
  });
});
