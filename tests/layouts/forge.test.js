"use strict";
// examples/todos-forge, built as `npm run package` builds it up to the step
// that needs Electron's binary (forge-package.js: `npm run ipc`, Forge's
// Vite plugin, the packager's copy and asar), then checked: the preload
// bundle requires only "electron", the addon is unpacked beside app.asar,
// the page type-checks against the generated declarations, and the built
// app passes the todos click-through in the harness.

const assert = require("node:assert/strict");
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { after, before, describe, it } = require("node:test");
const asar = require("@electron/asar");
const { findChromium, launchChromium, skipReason } = require("../browser/chromium");
const { clickThroughTodosPage, openPage } = require("../browser/pages");
const { clickThroughTodos, requiredModules, run } = require("./todos-click-through");

const ROOT = path.join(__dirname, "..", "..");
const LAYOUT = path.join(ROOT, "examples", "todos-forge");
const BUILD = path.join(LAYOUT, ".vite", "build");
const PACKAGE = path.join(ROOT, "target", "layouts", "todos-forge");
const chromium = findChromium();
const noChromium = skipReason(chromium);
const skip =
  spawnSync("cargo", ["--version"]).status !== 0 &&
  "cargo is not on the PATH: `npm run ipc` runs ipc-codegen and build-addon through it";

describe("examples/todos-forge", { skip }, () => {
  let packagerOptions;
  before(() => {
    run("npm", ["run", "ipc", "--silent"], LAYOUT);
    const printed = run(process.execPath, [path.join(__dirname, "forge-package.js"), LAYOUT, PACKAGE], ROOT);
    packagerOptions = JSON.parse(printed.trim().split("\n").at(-1));
  });

  it("Forge's Vite plugin bundled main, preload and page into .vite/", () => {
    for (const file of ["build/main.js", "build/preload.js", "build/core.node", "renderer/main_window/index.html"]) {
      assert.ok(fs.existsSync(path.join(LAYOUT, ".vite", file)), `.vite/${file} is missing`);
    }
    assert.equal(require(path.join(LAYOUT, "package.json")).main, ".vite/build/main.js");
  });

  it("the preload bundle requires only electron, so it runs sandboxed", () => {
    const preload = fs.readFileSync(path.join(BUILD, "preload.js"), "utf8");
    assert.deepEqual(requiredModules(preload), ["electron"]);
    assert.match(preload, /exposeInMainWorld/, "the generated API is bundled in");
  });

  it("the package holds the bundles in app.asar and the addon unpacked beside it", () => {
    assert.deepEqual(packagerOptions.asar, { unpack: "**/{.**,**}/**/*.node" }, "auto-unpack-natives set asar.unpack");
    const archive = path.join(PACKAGE, "resources", "app.asar");
    const files = asar.listPackage(archive, { isPack: false }).map((file) => file.split(path.sep).join("/"));
    for (const file of ["/package.json", "/.vite/build/main.js", "/.vite/build/preload.js"]) {
      assert.ok(files.includes(file), `app.asar lacks ${file}`);
    }
    assert.deepEqual(
      files.filter((file) => !file.startsWith("/.vite") && file !== "/package.json"),
      [],
      "the Vite plugin's ignore leaves everything but .vite/ out",
    );
    const unpacked = path.join(`${archive}.unpacked`, ".vite", "build", "core.node");
    assert.ok(fs.existsSync(unpacked), "core.node is in app.asar.unpacked/.vite/build/");
    assert.equal(fs.statSync(unpacked).size, fs.statSync(path.join(LAYOUT, "core.node")).size);
    const packaged = JSON.parse(asar.extractFile(archive, "package.json").toString("utf8"));
    assert.equal(packaged.main, ".vite/build/main.js");
    assert.equal(packaged.config?.forge, undefined, "the Vite plugin's packageAfterCopy ran");
  });

  it("the built app passes the todos click-through: bundled main and preload, bundled page", async () => {
    await clickThroughTodos(path.join(BUILD, "main.js"));
  });

  it("the built page, in headless Chromium, passes the todos flow under its own CSP", {
    skip: noChromium,
  }, async () => {
    const browser = await launchChromium(chromium);
    try {
      const origin = "http://todos-forge.localhost";
      const opened = await openPage(browser, {
        url: `${origin}/index.html`,
        standIn: "todos",
        serve: { origin, folder: path.join(LAYOUT, ".vite", "renderer", "main_window") },
      });
      await clickThroughTodosPage(browser, opened, "todos-forge");
    } finally {
      await browser.close();
    }
  });

  it("`npm run typecheck` passes, and a wrong call in the page fails it", (t) => {
    run("npm", ["run", "typecheck", "--silent"], LAYOUT);
    const probeDir = fs.mkdtempSync(path.join(LAYOUT, ".probe-"));
    t.after(() => fs.rmSync(probeDir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(probeDir, "probe.js"), "// @ts-check\nexport const added = window.todos.add(42);\n");
    fs.writeFileSync(
      path.join(probeDir, "tsconfig.json"),
      JSON.stringify({ extends: "../tsconfig.json", include: ["probe.js", "../src/generated/ipc.d.ts"] }),
    );
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", probeDir], { encoding: "utf8" });
    assert.equal(result.status, 2, `tsc accepted window.todos.add(42):\n${result.stdout}`);
    assert.match(result.stdout, /probe\.js\(2,\d+\): error TS2345: Argument of type 'number' is not assignable/);
  });
  describe("`npm start`'s page, without Electron: Forge's Vite dev server for the renderer", () => {
    let server;
    let url;
    before(async () => {
      server = spawn(process.execPath, [path.join(__dirname, "forge-dev-server.js"), LAYOUT], {
        stdio: ["pipe", "pipe", "inherit"],
      });
      url = await new Promise((resolve, reject) => {
        let printed = "";
        server.stdout.on("data", (chunk) => {
          printed += chunk;
          const line = printed.split("\n").find((text) => text.startsWith("http"));
          if (line !== undefined) resolve(line.trim());
        });
        server.on("exit", (code) => reject(new Error(`forge-dev-server.js exited (${code}) before serving`)));
      });
    });
    after(() => server?.stdin.end());

    it("serves index.html with Vite's client and the page's policy widened for it", async () => {
      const html = await (await fetch(url)).text();
      assert.match(html, /<script type="module" src="\/@vite\/client"><\/script>/);
      assert.match(html, /style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src ws:;/);
      assert.match(html, /script-src 'self';/, "scripts stay the app's own");
    });

    it("the page from the dev server passes the todos flow in headless Chromium", { skip: noChromium }, async () => {
      const browser = await launchChromium(chromium);
      try {
        await clickThroughTodosPage(browser, await openPage(browser, { url, standIn: "todos" }), "todos-forge-dev");
      } finally {
        await browser.close();
      }
    });
  });
});
