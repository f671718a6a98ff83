"use strict";
// Shared set-up of the JavaScript half of the security suite: the preload
// and main glue generated from tests/security/schema/security-app.json by
// the current ipc-codegen, the real compiled security addon, and the
// Electron-faithful harness of tests/electron/harness.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const { createApp } = require("../../electron/harness");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SCHEMA = path.join(ROOT, "tests", "security", "schema", "security-app.json");
const ADDON_PATH = path.join(ROOT, "tests", "security", "addon", "ipc_security_addon.node");
const BUILD_COMMAND =
  "cargo run -p electron-ipc-codegen -- build-addon -p ipc-security-addon --out tests/security/addon/ipc_security_addon.node";

/** The allowed origin of every test that does not say otherwise. */
const ORIGIN = "https://app.example";
const PAGE = `${ORIGIN}/index.html`;

let generated = null;

/**
 * The folder of the generated files, written once per process by
 * `ipc-codegen generate` (so the suite always attacks the current emitter).
 */
function generatedDir() {
  if (generated !== null) return generated;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-security-"));
  const result = spawnSync(
    "cargo",
    ["run", "--quiet", "-p", "electron-ipc-codegen", "--", "generate", SCHEMA, "--out", out],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (result.status !== 0) {
    throw new Error(`ipc-codegen generate failed (${result.status}):\n${result.stderr}`);
  }
  process.on("exit", () => fs.rmSync(out, { recursive: true, force: true }));
  generated = out;
  return out;
}

/** The real compiled addon; a clear error names the build command when it is missing. */
function loadAddon() {
  if (!fs.existsSync(ADDON_PATH)) {
    throw new Error(`${ADDON_PATH} is missing: build it first with\n  ${BUILD_COMMAND}`);
  }
  return require(ADDON_PATH);
}

/**
 * A harness main process running the generated main glue over the real
 * addon. `options` go to registerIpc (allowedOrigins defaults to ORIGIN).
 */
function start(options = {}) {
  const dir = generatedDir();
  const app = createApp();
  const main = app.loadMain(path.join(dir, "main.cjs"));
  const backend = options.backend ?? loadAddon();
  const reported = [];
  const dispose = main.registerIpc({
    backend,
    allowedOrigins: [ORIGIN],
    onError: (error) => reported.push(error),
    ...options,
  });
  const preload = path.join(dir, "preload.js");
  const openWindow = async (url = PAGE, extra = {}) => {
    const win = new app.electron.BrowserWindow({
      webPreferences: main.secureWebPreferences({ preload, ...extra }),
    });
    await win.loadURL(url);
    const doc = app.renderer(win);
    assert.deepEqual(doc.errors, [], "the generated preload loads in a sandbox");
    return win;
  };
  const stop = () => {
    dispose();
    app.dispose();
  };
  return { app, main, backend, reported, dispose, stop, openWindow, preload, dir };
}

/**
 * Runs page code that calls the API and settles: `{ value }` (as JSON) on
 * success, `{ code, message, data }` for an IpcError, `{ thrown }` for
 * anything else thrown in the page.
 */
async function outcome(doc, code) {
  try {
    const value = await doc.evaluate(code);
    return { value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) };
  } catch (error) {
    if (error !== null && typeof error === "object" && error.name === "IpcError") {
      const { code: errorCode, message, data } = error;
      return { code: errorCode, message, data: data === undefined ? undefined : JSON.parse(JSON.stringify(data)) };
    }
    return { thrown: `${error?.name}: ${error?.message}` };
  }
}

/** Resolves after `ms` milliseconds. */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate()` holds, or fails after `ms`. */
async function until(predicate, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

/**
 * Checks that SECURITY.md holds `markdown` between the markers `name`, or
 * rewrites it there with IPC_SECURITY_BLESS=1.
 */
function checkSecurityMd(name, markdown) {
  const file = path.join(ROOT, "SECURITY.md");
  const start = `<!-- ${name}:start -->\n`;
  const end = `<!-- ${name}:end -->`;
  const text = fs.readFileSync(file, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  assert.ok(from >= 0 && to > from, `SECURITY.md lacks the markers ${start.trim()} … ${end}`);
  const current = text.slice(from + start.length, to);
  if (current === markdown) return;
  if (process.env.IPC_SECURITY_BLESS) {
    fs.writeFileSync(file, text.slice(0, from + start.length) + markdown + text.slice(to));
    return;
  }
  assert.fail(`SECURITY.md's ${name} table is stale: rerun with IPC_SECURITY_BLESS=1 and commit it`);
}

module.exports = {
  ROOT,
  ORIGIN,
  PAGE,
  ADDON_PATH,
  BUILD_COMMAND,
  generatedDir,
  loadAddon,
  start,
  outcome,
  delay,
  until,
  checkSecurityMd,
};
