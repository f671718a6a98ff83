"use strict";
// What an item of a page → main stream weighs against the byte window is
// counted twice: by the preload before it sends (renderer-runtime.cjs) and
// by main on the copy it received (main-runtime.cjs), which grants the
// weight back as the Rust method takes the item. The two `itemWeight`s
// must agree on every value, or the page's credit drifts from main's: the
// page would stall (it counts more) or send beyond main's window and see
// its stream end with ERR_STREAM_LIMIT (it counts less).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { describe, it } = require("node:test");
const { itemWeight: pageWeight } = require("./renderer-runtime.cjs");

/** main-runtime.cjs's own `itemWeight`, compiled from its source text (the file does not export it). */
function mainWeight() {
  const source = fs.readFileSync(path.join(__dirname, "main-runtime.cjs"), "utf8");
  const start = source.indexOf("\nfunction itemWeight(");
  assert.ok(start >= 0, "main-runtime.cjs defines itemWeight");
  const end = source.indexOf("\n}\n", start);
  return vm.runInThisContext(`(${source.slice(start + 1, end + 2)})`);
}

/** A chain of `depth` nested arrays around `leaf`. */
const nested = (depth, leaf) => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

const VALUES = [
  ["an empty string", ""],
  ["a string", "line 1 of the log"],
  ["a string of non-ASCII characters", "é漢字🙂"],
  ["zero", 0],
  ["a negative fraction", -1.5],
  ["a large number", Number.MAX_SAFE_INTEGER],
  ["true", true],
  ["false", false],
  ["null", null],
  ["an empty Uint8Array", new Uint8Array(0)],
  ["a 64 KiB chunk", new Uint8Array(64 * 1024)],
  ["a view on part of a larger buffer", new Uint8Array(new ArrayBuffer(100), 10, 20)],
  ["an empty array", []],
  ["an array of mixed members", [1, "a", null, true, [2, 3], { k: "v" }]],
  ["an empty object", {}],
  ["an object with an empty key", { "": 1 }],
  ["an object of mixed members", { id: 7, title: "milk", done: false, tags: ["a", "b"], note: null }],
  ["an object holding bytes", { name: "a.bin", chunk: new Uint8Array(1000), parts: [new Uint8Array(3)] }],
  ["keys of non-ASCII characters", { clé: "v", 鍵: [1] }],
  ["arrays nested 100 deep", nested(100, "leaf")],
  ["objects nested deep", { a: { b: { c: { d: { e: [{ f: "g" }] } } } } }],
  ["an array of 1,000 objects", Array.from({ length: 1000 }, (_, i) => ({ i, s: String(i) }))],
];

describe("itemWeight: the page and main weigh every item alike", () => {
  const main = mainWeight();
  for (const [what, value] of VALUES) {
    it(what, () => {
      assert.equal(pageWeight(value), main(value));
    });
  }

  it("weighs what it is documented to weigh", () => {
    // A string its length + 2, bytes their length + 2, a scalar 8, an array 2 + members + 1 each.
    assert.equal(main("abc"), 5);
    assert.equal(main(new Uint8Array(10)), 12);
    assert.equal(main(1), 8);
    assert.equal(main([1, "a"]), 2 + 9 + 4);
    assert.equal(main({ k: 1 }), 2 + 1 + 3 + 8);
  });
});
