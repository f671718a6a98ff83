"use strict";
// The example apps' pages in real headless Chromium (Debian's `chromium`,
// driven by playwright-core): each page is loaded from its file, as
// Electron's loadFile would, under its own Content-Security-Policy, with a
// stand-in for its preload (stand-ins/), clicked through, and
// photographed: target/browser/<example>.png. Any page error, console error,
// failed request or CSP violation fails the test. Skipped, with the reason,
// where no Chromium is installed (scripts/install-chromium.sh installs it).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { after, before, describe, it } = require("node:test");
const { findChromium, launchChromium, screenshotStats, skipReason } = require("./chromium");

const ROOT = path.join(__dirname, "..", "..");
const SCREENSHOTS = path.join(ROOT, "target", "browser");
const VIEWPORT = { width: 640, height: 720 };
const executable = findChromium();
const skip = skipReason(executable);

/**
 * The scripts that stand in for an example's generated preload, run in the
 * page before its own scripts. This is the seam for the generated typed mock
 * (ipc-mock.mjs): once the examples' generated folders have it, this returns
 * a script that installs that mock instead of the hand-written stand-ins.
 */
function preloadStandIn(example) {
  return [path.join(__dirname, "stand-ins", "common.js"), path.join(__dirname, "stand-ins", `${example}.js`)];
}

/** Opens examples/<example>/index.html; collects everything that went wrong in `problems`. */
async function openExample(browser, example) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  for (const script of [path.join(__dirname, "stand-ins", "csp-watch.js"), ...preloadStandIn(example)]) {
    await page.addInitScript({ path: script });
  }
  await page.goto(pathToFileURL(path.join(ROOT, "examples", example, "index.html")).href);
  const cspViolations = () => page.evaluate(() => window.__cspViolations.map((v) => ({ ...v })));
  const calls = () => page.evaluate(() => window.__standIn.calls.map((call) => call.channel));
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

// Each test says itself skipped, with the reason, when Chromium is missing.
describe("example pages in headless Chromium", () => {
  let browser;
  before(async () => {
    if (!skip) browser = await launchChromium(executable);
  });
  after(async () => {
    await browser?.close();
  });

  it("examples/todos: add, toggle, rename, the typed errors, remove, clear completed", { skip }, async () => {
    const { page, problems, cspViolations, calls } = await openExample(browser, "todos");
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
      await until(page, () => window.__standIn.calls.some((call) => call.channel === "todos:rename"));

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
      await photograph(browser, page, "todos");

      await page.click("#clear-completed");
      await until(page, () => document.querySelectorAll("#list li").length === 1);
      assert.deepEqual(await titles(), ["water the plants"]);
      assert.equal(await page.textContent("#remaining"), "1 left");

      assert.deepEqual(
        (await calls()).filter((channel, index, all) => all.indexOf(channel) === index),
        ["todos:list", "todos:add", "todos:toggle", "todos:rename", "todos:remove", "todos:clearCompleted"],
      );
      assert.deepEqual(await cspViolations(), []);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("examples/seed-patterns: set the title, open a file, follow the counter", { skip }, async () => {
    const { page, problems, cspViolations } = await openExample(browser, "seed-patterns");
    const recorded = () => page.evaluate(() => JSON.parse(JSON.stringify(window.__standIn.calls)));
    try {
      assert.equal(await page.title(), "IPC patterns");
      await page.fill("#title", "Hello from the page");
      await page.click("#set-title");
      await page.click("#open-file");
      await until(page, () => document.querySelector("#file-path").textContent !== "");
      assert.equal(await page.textContent("#file-path"), "/home/user/notes.txt");

      await page.evaluate(() => window.__standIn.emit("counter:updateCounter", 1));
      await page.evaluate(() => window.__standIn.emit("counter:updateCounter", 1));
      await page.evaluate(() => window.__standIn.emit("counter:updateCounter", -1));
      assert.equal(await page.textContent("#counter-value"), "1");
      await photograph(browser, page, "seed-patterns");

      assert.deepEqual(await recorded(), [
        { channel: "titleBar:setTitle", args: ["Hello from the page"] },
        { channel: "files:openFile", args: [] },
        { channel: "counter:counterValue", args: [1] },
        { channel: "counter:counterValue", args: [2] },
        { channel: "counter:counterValue", args: [1] },
      ]);
      assert.deepEqual(await cspViolations(), []);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("a CSP violation or a page error on an example page is caught (self-test of the checks above)", {
    skip,
  }, async () => {
    const { page, problems, cspViolations } = await openExample(browser, "todos");
    try {
      await page.evaluate(() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true;";
        document.body.append(script);
        const image = document.createElement("img");
        image.src = "https://example.invalid/pixel.png";
        document.body.append(image);
        setTimeout(() => {
          throw new Error("thrown by the page");
        }, 0);
      });
      await until(page, () => window.__cspViolations.length >= 2);
      await page.waitForTimeout(50);
      assert.equal(await page.evaluate(() => window.injected), undefined, "the inline script did not run");
      assert.deepEqual((await cspViolations()).map((violation) => violation.directive).sort(), [
        "img-src",
        "script-src-elem",
      ]);
      assert.ok(
        problems.some((problem) => problem === "page error: thrown by the page"),
        problems.join("\n"),
      );
      assert.ok(
        problems.some((problem) => problem.includes("Content Security Policy")),
        problems.join("\n"),
      );
    } finally {
      await page.close();
    }
  });
});
