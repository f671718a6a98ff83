"use strict";
// Opening a page in Chromium for the browser tests (example-pages.test.js,
// and tests/layouts/ for the bundled pages), clicking through it, and
// photographing it.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { screenshotStats } = require("./chromium");

const ROOT = path.join(__dirname, "..", "..");
const SCREENSHOTS = path.join(ROOT, "target", "browser");
const VIEWPORT = { width: 640, height: 720 };
const CONTENT_TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png" };

/**
 * Answers the page's requests under `origin` with the files of `folder`.
 * Vite's pages load their bundle as a module script, which Chromium refuses
 * from a file:// page (its origin is opaque; Electron's file protocol allows
 * it): such a page is served from an http origin of its own instead, under
 * the same Content-Security-Policy (`'self'` is then that origin).
 */
async function serveFolder(page, origin, folder) {
  await page.route(`${origin}/**`, async (route) => {
    const relative = decodeURIComponent(new URL(route.request().url()).pathname).replace(/^\/+/, "");
    const file = path.resolve(folder, relative === "" ? "index.html" : relative);
    if (!file.startsWith(path.resolve(folder) + path.sep) || !fs.existsSync(file)) {
      await route.fulfill({ status: 404, body: "not found" });
      return;
    }
    const contentType = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
    await route.fulfill({ status: 200, contentType, body: fs.readFileSync(file) });
  });
}

/**
 * The init scripts that stand in for an example's generated preload, run in
 * the page before its own scripts: the example's generated typed mock
 * (`generated/ipc-mock.cjs`, a CommonJS module: its exports become
 * `window.__ipcMockModule`), then the handlers that play its main process
 * (mock-handlers/<example>.js), which install the mock on `window` and keep
 * its controls in `window.__ipcMock`.
 */
function preloadStandIn(example) {
  const mock = fs.readFileSync(path.join(ROOT, "examples", example, "generated", "ipc-mock.cjs"), "utf8");
  const module = `((module, exports) => {\n${mock}\n})(__m, __m.exports);`;
  return [
    {
      content: `{ const __m = { exports: {} }; ${module} Object.defineProperty(window, "__ipcMockModule", { value: __m.exports }); }`,
    },
    { path: path.join(__dirname, "mock-handlers", `${example}.js`) },
  ];
}

/**
 * Opens `url` with the generated mock standing in for the preload of
 * `standIn` (an example's name) and collects everything that goes wrong in `problems`. `serve`
 * (optional) maps the URLs under an origin to the files of a folder, for
 * pages that must be loaded over HTTP (see `serveFolder`).
 */
async function openPage(browser, { url, standIn, serve }) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  if (serve !== undefined) await serveFolder(page, serve.origin, serve.folder);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // Chromium asks an http origin for /favicon.ico on its own (Electron's
    // windows do not): its 404 is the browser's, not the page's.
    if (new URL(message.location().url || "about:blank").pathname === "/favicon.ico") return;
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  for (const script of [{ path: path.join(__dirname, "csp-watch.js") }, ...preloadStandIn(standIn)]) {
    await page.addInitScript(script);
  }
  await page.goto(url);
  const cspViolations = () => page.evaluate(() => window.__cspViolations.map((v) => ({ ...v })));
  const calls = () => page.evaluate(() => window.__ipcMock.calls.map((call) => call.channel));
  return { page, problems, cspViolations, calls };
}

/** Waits until `predicate(arg)`, evaluated in the page, is true. */
function until(page, predicate, arg) {
  return page.waitForFunction(predicate, arg, { timeout: 10_000 });
}

/** Saves the page's screenshot under target/browser/ and checks it loosely. */
async function photograph(browser, page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const png = await page.screenshot({ path: file });
  const stats = await screenshotStats(browser, png);
  assert.equal(stats.width, VIEWPORT.width, `${file}: width`);
  assert.equal(stats.height, VIEWPORT.height, `${file}: height`);
  assert.ok(
    stats.inked > 0.005,
    `${file} is blank: ${(stats.inked * 100).toFixed(2)}% of it differs from the background`,
  );
  assert.ok(stats.colours >= 16, `${file} has ${stats.colours} colours: no text was drawn`);
  return file;
}

/**
 * The todos page's main flow, in a page `openPage` opened with the todos
 * mock: add, toggle, rename, the typed errors, remove, clear completed.
 * Photographs it as target/browser/<screenshot>.png halfway; closes the page.
 */
async function clickThroughTodosPage(browser, { page, problems, cspViolations, calls }, screenshot) {
  const titles = () => page.$$eval("#list .title", (inputs) => inputs.map((input) => input.value));
  const add = async (title) => {
    await page.fill("#new-title", title);
    await page.click("#new-todo button[type=submit]");
  };
  try {
    assert.equal(await page.title(), "Todos");
    await until(page, () => document.querySelector("#remaining").textContent === "0 left");

    await add("buy milk");
    await until(page, () => document.querySelectorAll("#list li").length === 1);
    await add("  walk the dog  ");
    await until(page, () => document.querySelectorAll("#list li").length === 2);
    assert.deepEqual(await titles(), ["buy milk", "walk the dog"]);
    assert.equal(await page.inputValue("#new-title"), "", "the field is cleared");

    await page.locator("#list li").nth(0).locator(".toggle").check();
    await until(page, () => document.querySelector("#remaining").textContent === "1 left");
    assert.ok(
      await page
        .locator("#list li")
        .nth(0)
        .evaluate((li) => li.classList.contains("done")),
    );

    const second = page.locator("#list li").nth(1).locator(".title");
    await second.fill("walk the cat");
    await second.blur();
    await until(page, () => window.__ipcMock.calls.some((call) => call.channel === "todos:rename"));

    await add("   ");
    await until(page, () => document.querySelector("#error").textContent !== "");
    assert.equal(await page.textContent("#error"), "A todo needs a title.");
    await add("x".repeat(250));
    await until(page, () => document.querySelector("#error").textContent.includes("200"));
    assert.equal(await page.textContent("#error"), "A title can have at most 200 characters; this one has 250.");
    await add("water the plants");
    await until(page, () => document.querySelector("#error").textContent === "");

    await page.locator("#list li").nth(1).locator(".remove").click();
    await until(page, () => document.querySelectorAll("#list li").length === 2);
    assert.deepEqual(await titles(), ["buy milk", "water the plants"]);
    await photograph(browser, page, screenshot);

    await page.click("#clear-completed");
    await until(page, () => document.querySelectorAll("#list li").length === 1);
    assert.deepEqual(await titles(), ["water the plants"]);
    assert.equal(await page.textContent("#remaining"), "1 left");

    assert.deepEqual(
      // The list itself comes from the state `todos`, read and followed, never called for.
      (await calls()).filter((channel, index, all) => all.indexOf(channel) === index),
      ["todos:add", "todos:toggle", "todos:rename", "todos:remove", "todos:clearCompleted"],
    );
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
}

module.exports = { clickThroughTodosPage, openPage, photograph, serveFolder, until };
