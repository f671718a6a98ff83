#!/usr/bin/env node
// Generates JSON values that a page may send, as TypeScript sees it: for
// every type alias of `<dir>/arguments.ts`, values that its declaration
// accepts, built by walking the type with TypeScript's own checker.
//
//   node conforming-values.js <dir> <count> <seed>
//
// Prints one JSON line per value: { alias, tame, wild, extended } (a
// Uint8Array as `{ "$uint8array": [bytes] }`, since JSON has none), three
// variants built from the same structural choices (union member, array
// length, omitted optional properties):
//
// - tame: every number a small non-negative integer, every free string one
//   ASCII letter, so it fits any Rust integer width and `char`;
// - wild: numbers and strings anywhere in what `number` and `string` allow
//   (negative, fractional, beyond 32 bits, empty, long): the declaration
//   cannot express Rust's ranges, so only these may be refused;
// - extended: the tame value with an extra property on some objects, which
//   TypeScript's structural typing lets a non-literal object carry.
//
// The numbers stay within what the main glue passes on (finite, within
// ±(2^53−1) when integral) and within f32's range: see docs/type-fidelity.md.
"use strict";

const path = require("node:path");
const ts = require(path.join(__dirname, "..", "..", "node_modules", "typescript"));

const [dir, countText, seedText] = process.argv.slice(2);
const count = Number(countText);
const MAX_DEPTH = 4;
/** The marker of a Uint8Array in the output: `{ "$uint8array": [bytes] }`. */
const UINT8ARRAY = "$uint8array";

// mulberry32: a small seeded generator, so runs are reproducible.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WILD_NUMBERS = [
  -1,
  -128,
  127,
  128,
  255,
  256,
  -32769,
  65535,
  65536,
  2147483647,
  2147483648,
  -2147483649,
  4294967295,
  4294967296,
  9007199254740991,
  -9007199254740991,
  0.5,
  -2.25,
  1e-7,
  3.4e38,
  1e15 + 0.5,
];
const WILD_CHARS = ["a", "é", "\u{1F600}", '"', "\\", "\n", "\u{2028}", " ", "0", "-"];

function leafGenerators(random) {
  return {
    tame: {
      number: () => Math.floor(random() * 101),
      string: () => String.fromCharCode(97 + Math.floor(random() * 26)),
    },
    wild: {
      number: () => {
        const r = random();
        if (r < 0.5) return WILD_NUMBERS[Math.floor(random() * WILD_NUMBERS.length)];
        if (r < 0.75) return Math.floor(random() * 2 ** 40) - 2 ** 39;
        return (random() - 0.5) * 1e6;
      },
      string: () => {
        const length = Math.floor(random() * 5);
        let s = "";
        for (let i = 0; i < length; i++) s += WILD_CHARS[Math.floor(random() * WILD_CHARS.length)];
        return s;
      },
    },
  };
}

const program = ts.createProgram([path.join(dir, "arguments.ts")], {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: [],
});
const checker = program.getTypeChecker();
const source = program.getSourceFile(path.join(dir, "arguments.ts"));

class Unsupported extends Error {}

// Builds one value of `type`. `structure` makes every structural choice and
// `leaf` every number and string, so two walks with equal `structure` seeds
// differ only in their leaves.
function generate(type, ctx, depth) {
  const { structure, leaf } = ctx;
  const flags = type.flags;
  if (flags & ts.TypeFlags.Null) return null;
  if (flags & ts.TypeFlags.BooleanLiteral) return type.intrinsicName === "true";
  if (flags & ts.TypeFlags.NumberLiteral) return type.value;
  if (flags & ts.TypeFlags.StringLiteral) return type.value;
  if (flags & ts.TypeFlags.Number) return leaf.number();
  if (flags & ts.TypeFlags.String) return leaf.string();
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    // Deep in a recursive type, try the members in order of simplicity so
    // generation ends.
    if (depth >= MAX_DEPTH) {
      const ordered = [...members].sort((a, b) => simplicity(a) - simplicity(b));
      return generate(ordered[0], ctx, depth + 1);
    }
    return generate(members[Math.floor(structure() * members.length)], ctx, depth + 1);
  }
  if (type.isIntersection()) {
    // An index signature on one part (a flattened map) constrains the
    // properties of every part: no extra property may break it.
    const sealed = checker.getIndexInfosOfType(type).length > 0;
    const partCtx = sealed ? { ...ctx, extend: null } : ctx;
    const value = {};
    for (const part of type.types) Object.assign(value, generate(part, partCtx, depth + 1));
    return value;
  }
  if (type.getSymbol()?.getName() === "Uint8Array") {
    // Bytes: the page sends a Uint8Array, which JSON cannot hold; the test
    // turns this marker into one (and into a buffer beside the call).
    // Structural, so every variant holds the same bytes.
    const length = depth >= MAX_DEPTH ? 0 : Math.floor(structure() * 6);
    return { [UINT8ARRAY]: Array.from({ length }, () => Math.floor(structure() * 256)) };
  }
  if (checker.isTupleType(type)) {
    return checker.getTypeArguments(type).map((t) => generate(t, ctx, depth + 1));
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type);
    const length = depth >= MAX_DEPTH ? 0 : Math.floor(structure() * 4);
    return Array.from({ length }, () => generate(element, ctx, depth + 1));
  }
  if (flags & ts.TypeFlags.Object) return generateObject(type, ctx, depth);
  throw new Unsupported(`no generator for \`${checker.typeToString(type)}\``);
}

function generateObject(type, ctx, depth) {
  const { structure, leaf } = ctx;
  const value = {};
  for (const prop of checker.getPropertiesOfType(type)) {
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional && (depth >= MAX_DEPTH || structure() < 0.5)) continue;
    value[prop.name] = generate(checker.getTypeOfSymbol(prop), ctx, depth + 1);
  }
  const indexes = checker.getIndexInfosOfType(type);
  for (const index of indexes) {
    const entries = depth >= MAX_DEPTH ? 0 : Math.floor(structure() * 4);
    for (let i = 0; i < entries; i++) {
      const key = index.keyType.flags & ts.TypeFlags.Number ? String(leaf.number()) : leaf.string();
      value[key] = generate(index.type, ctx, depth + 1);
    }
  }
  if (ctx.extend && indexes.length === 0 && ctx.extend() < 0.3) {
    value[`extra${Math.floor(ctx.extend() * 1000)}`] = Math.floor(ctx.extend() * 10);
  }
  return value;
}

// 0 for values that end at once, more for objects and arrays.
function simplicity(type) {
  if (
    type.flags &
    (ts.TypeFlags.Null | ts.TypeFlags.Literal | ts.TypeFlags.Number | ts.TypeFlags.String | ts.TypeFlags.BooleanLike)
  )
    return 0;
  if (checker.isArrayType(type)) return 1;
  if (type.flags & ts.TypeFlags.Object) {
    // Objects whose properties are all scalars end soonest.
    const props = checker.getPropertiesOfType(type);
    return 2 + props.filter((p) => simplicity(checker.getTypeOfSymbol(p)) > 0).length;
  }
  return 3;
}

let seed = Number(seedText);
const out = [];
for (const statement of source.statements) {
  if (!ts.isTypeAliasDeclaration(statement)) continue;
  const alias = statement.name.text;
  const type = checker.getTypeAtLocation(statement.name);
  for (let i = 0; i < count; i++) {
    seed += 1;
    // The three walks share their structural choices and differ only in
    // their leaves or in the extra properties.
    const walk = (mode, extend) => {
      const leaves = leafGenerators(rng(seed * 7919 + 17));
      const extra = extend ? rng(seed * 104729 + 5) : null;
      return generate(type, { structure: rng(seed), leaf: leaves[mode], extend: extra }, 0);
    };
    out.push(
      JSON.stringify({
        alias,
        tame: walk("tame", false),
        wild: walk("wild", false),
        extended: walk("tame", true),
      }),
    );
  }
}
process.stdout.write(`${out.join("\n")}\n`);
