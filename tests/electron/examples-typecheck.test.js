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
// The pinned TypeScript 5.x and the current 7.x (the native compiler,
// `typescript-7` in package.json): users have both.
const COMPILERS = [
  ["TypeScript 5 (pinned)", path.join(ROOT, "node_modules", "typescript", "bin", "tsc")],
  ["TypeScript 7", path.join(ROOT, "node_modules", "typescript-7", "bin", "tsc")],
];
const EXAMPLES = ["seed-patterns", "todos"];

for (const [compiler, tsc] of COMPILERS) {
  describe(`examples type-check with ${compiler}, --strict`, () => {
    it("is installed (npm ci)", () => {
      assert.ok(fs.existsSync(tsc), `${tsc} is missing: run ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci`);
    });
    for (const example of EXAMPLES) {
      it(`examples/${example}`, () => {
        const result = spawnSync(process.execPath, [tsc, "-p", path.join("examples", example)], {
          cwd: ROOT,
          encoding: "utf8",
        });
        assert.equal(
          result.status,
          0,
          `${compiler}: tsc -p examples/${example} failed:\n${result.stdout}${result.stderr}`,
        );
      });
    }
  });
}
