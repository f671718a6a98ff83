"use strict";
// The examples' main.js and renderer.js are `// @ts-check` JavaScript:
// type-check each against Electron's real declarations (the root
// node_modules/electron) and its generated declarations.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { describe, it } = require("node:test");

const ROOT = path.join(__dirname, "..", "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const EXAMPLES = ["seed-patterns", "todos"];

describe("examples type-check with tsc --strict", {
  skip: !fs.existsSync(TSC) && "typescript is not installed (npm ci)",
}, () => {
  for (const example of EXAMPLES) {
    it(`examples/${example}`, () => {
      const result = spawnSync(process.execPath, [TSC, "-p", path.join("examples", example)], {
        cwd: ROOT,
        encoding: "utf8",
      });
      assert.equal(result.status, 0, `tsc -p examples/${example} failed:\n${result.stdout}${result.stderr}`);
    });
  }
});
