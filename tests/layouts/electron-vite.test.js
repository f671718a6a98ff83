"use strict";
// examples/todos-electron-vite, built as its README says (`npm run build`:
// ipc-codegen generate and build-addon, electron-vite build, tsc), then its
// bundles checked: the preload requires only "electron", main finds the
// addon where electron-builder keeps it unpacked, and the built app passes
// the todos click-through in the harness.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { before, describe, it } = require("node:test");
const yaml = require("js-yaml");
const minimatch = require("minimatch");
const { findChromium, launchChromium, skipReason } = require("../browser/chromium");
const { clickThroughTodosPage, openPage } = require("../browser/pages");
const { clickThroughTodos, requiredModules, run } = require("./todos-click-through");

const ROOT = path.join(__dirname, "..", "..");
const LAYOUT = path.join(ROOT, "examples", "todos-electron-vite");
const OUT = path.join(LAYOUT, "out");
const chromium = findChromium();
const noChromium = skipReason(chromium);
const skip =
  spawnSync("cargo", ["--version"]).status !== 0 &&
  "cargo is not on the PATH: `npm run build` runs ipc-codegen and build-addon through it";

describe("examples/todos-electron-vite", { skip }, () => {
  before(() => {
    run("npm", ["run", "build", "--silent"], LAYOUT);
  });

  it("`npm run build` generated the IPC modules, built the addon, and bundled main, preload and page", () => {
    for (const file of [
      "src/generated/ipc-api.cjs",
      "src/generated/ipc.d.ts",
      "resources/core.node",
      "out/main/index.js",
      "out/preload/index.js",
      "out/renderer/index.html",
    ]) {
      assert.ok(fs.existsSync(path.join(LAYOUT, file)), `${file} is missing`);
    }
  });

  it("the preload bundle requires only electron, so it runs sandboxed", () => {
    const preload = fs.readFileSync(path.join(OUT, "preload", "index.js"), "utf8");
    assert.deepEqual(requiredModules(preload), ["electron"]);
    assert.match(preload, /exposeInMainWorld/, "the generated API is bundled in");
  });

  it("main loads the addon from resources/, which electron-builder keeps out of app.asar", () => {
    const main = fs.readFileSync(path.join(OUT, "main", "index.js"), "utf8");
    const addons = requiredModules(main).filter((id) => id.endsWith(".node"));
    assert.deepEqual(addons, ["../../resources/core.node"]);
    const addon = path
      .relative(LAYOUT, path.resolve(OUT, "main", addons[0]))
      .split(path.sep)
      .join("/");
    assert.equal(addon, "resources/core.node");

    const builder = yaml.load(fs.readFileSync(path.join(LAYOUT, "electron-builder.yml"), "utf8"));
    assert.equal(builder.asar, true);
    assert.ok(
      builder.asarUnpack.some((pattern) => minimatch(addon, pattern)),
      `no asarUnpack pattern of electron-builder.yml (${builder.asarUnpack}) keeps ${addon} unpacked`,
    );
    const excluded = builder.files.filter((pattern) => pattern.startsWith("!"));
    for (const file of [addon, "out/main/index.js", "out/preload/index.js", "out/renderer/index.html"]) {
      const by = excluded.find((pattern) => minimatch(file, pattern.slice(1), { dot: true }));
      assert.equal(by, undefined, `electron-builder.yml's files leave ${file} out (${by})`);
    }
    assert.equal(require(path.join(LAYOUT, "package.json")).main, "./out/main/index.js");
  });

  it("the built app passes the todos click-through: bundled main and preload, bundled page", async () => {
    await clickThroughTodos(path.join(OUT, "main", "index.js"));
  });

  it("the built page, in headless Chromium, passes the todos flow under its own CSP", {
    skip: noChromium,
  }, async () => {
    const browser = await launchChromium(chromium);
    try {
      const origin = "http://todos-electron-vite.localhost";
      const opened = await openPage(browser, {
        url: `${origin}/index.html`,
        standIn: "todos",
        serve: { origin, folder: path.join(OUT, "renderer") },
      });
      await clickThroughTodosPage(browser, opened, "todos-electron-vite");
    } finally {
      await browser.close();
    }
  });

  it("the page is type-checked against the generated declarations: a wrong call fails tsc", (t) => {
    const probeDir = fs.mkdtempSync(path.join(LAYOUT, "src", "renderer", ".probe-"));
    t.after(() => fs.rmSync(probeDir, { recursive: true, force: true }));
    fs.writeFileSync(
      path.join(probeDir, "probe.ts"),
      'import type { Todo } from "@generated/ipc";\nexport const added: Promise<Todo> = window.todos.add(42);\n',
    );
    fs.writeFileSync(
      path.join(probeDir, "tsconfig.json"),
      JSON.stringify({ extends: "../../../tsconfig.web.json", include: ["probe.ts", "../src/env.d.ts"] }),
    );
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", probeDir], { encoding: "utf8" });
    assert.equal(result.status, 2, `tsc accepted window.todos.add(42):\n${result.stdout}`);
    assert.match(
      result.stdout,
      /probe\.ts\(2,\d+\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/,
    );
  });
});
