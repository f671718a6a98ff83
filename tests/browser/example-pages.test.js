"use strict";
// The example apps' pages in real headless Chromium (Debian's `chromium`,
// driven by playwright-core): each page is loaded from its file, as
// Electron's loadFile would, under its own Content-Security-Policy, with its
// generated typed mock standing in for its preload (mock-handlers/), clicked through, and
// photographed: target/browser/<example>.png. Any page error, console error,
// failed request or CSP violation fails the test. Skipped, with the reason,
// where no Chromium is installed (scripts/install-chromium.sh installs it).

const assert = require("node:assert/strict");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { after, before, describe, it } = require("node:test");
const { findChromium, launchChromium, skipReason } = require("./chromium");
const { clickThroughTodosPage, openPage, photograph, until } = require("./pages");

const ROOT = path.join(__dirname, "..", "..");
const executable = findChromium();
const skip = skipReason(executable);

/** Opens examples/<example>/index.html from its file, as `loadFile` would. */
function openExample(browser, example) {
  return openPage(browser, {
    url: pathToFileURL(path.join(ROOT, "examples", example, "index.html")).href,
    standIn: example,
  });
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
    await clickThroughTodosPage(browser, await openExample(browser, "todos"), "todos");
  });

  it("examples/seed-patterns: set the title, open a file, follow the counter", { skip }, async () => {
    const { page, problems, cspViolations } = await openExample(browser, "seed-patterns");
    const recorded = () => page.evaluate(() => window.__ipcMock.calls.map(({ channel, args }) => ({ channel, args })));
    try {
      assert.equal(await page.title(), "IPC patterns");
      await page.fill("#title", "Hello from the page");
      await page.click("#set-title");
      await page.click("#open-file");
      await until(page, () => document.querySelector("#file-path").textContent !== "");
      assert.equal(await page.textContent("#file-path"), "/home/user/notes.txt (5 bytes)");

      await page.evaluate(() => window.__ipcMock.counter.emit("updateCounter", 1));
      await page.evaluate(() => window.__ipcMock.counter.emit("updateCounter", 1));
      await page.evaluate(() => window.__ipcMock.counter.emit("updateCounter", -1));
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
