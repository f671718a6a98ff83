"use strict";
// Self-tests of what the harness emulates for an app's hardening: `app`
// 'web-contents-created', 'will-navigate' for navigations the page starts,
// `setWindowOpenHandler` consulted by the page's `window.open`, and
// `session.defaultSession.setPermissionRequestHandler`. Each test fails if
// the emulation drifts from what Electron documents (see README.md).

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { after, afterEach, before, beforeEach, describe, it } = require("node:test");
const { createApp } = require("./harness");

let root;
const page = (name) => path.join(root, name);
const urlOf = (name) => pathToFileURL(page(name)).href;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "harness-hardening-"));
  fs.writeFileSync(
    page("index.html"),
    '<!doctype html><title>Index</title><p id="state">fresh</p>' +
      '<a id="away" href="other.html">away</a><a id="fragment" href="#part">part</a>',
  );
  fs.writeFileSync(page("other.html"), "<!doctype html><title>Other</title>");
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Lets jsdom's link activation (a timer) run, then waits for the harness's queue. */
async function settle(app) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
}

describe("app 'web-contents-created'", () => {
  let app;
  beforeEach(() => {
    app = createApp();
  });
  afterEach(() => app.dispose());

  it("is emitted for each new WebContents, during `new BrowserWindow`, before anything loads", async () => {
    const seen = [];
    app.electron.app.on("web-contents-created", (event, contents) => {
      seen.push({
        contents,
        url: contents.getURL(),
        found: app.electron.webContents.fromId(contents.id) === contents,
        hasPreventDefault: typeof event.preventDefault === "function",
      });
    });
    const first = new app.electron.BrowserWindow();
    assert.equal(seen.length, 1, "emitted before the constructor returned");
    assert.equal(seen[0].contents, first.webContents);
    assert.equal(seen[0].url, "", "nothing loaded yet");
    assert.equal(seen[0].found, true);
    assert.equal(seen[0].hasPreventDefault, true);
    await first.loadFile(page("index.html"));
    const second = new app.electron.BrowserWindow();
    assert.deepEqual(
      seen.map((s) => s.contents),
      [first.webContents, second.webContents],
      "loading emits nothing",
    );
  });

  it("is emitted for a window the page opens, so its handlers apply there too", async () => {
    const created = [];
    app.electron.app.on("web-contents-created", (_event, contents) => created.push(contents));
    const win = new app.electron.BrowserWindow();
    await win.loadFile(page("index.html"));
    app.renderer(win).page.run("window.open('other.html')");
    assert.equal(created.length, 2);
    assert.equal(created[1].getURL(), urlOf("other.html"));
  });
});

describe("webContents 'will-navigate'", () => {
  let app;
  let win;
  let emitted;
  let refuse;
  beforeEach(async () => {
    app = createApp();
    win = new app.electron.BrowserWindow();
    emitted = [];
    refuse = false;
    win.webContents.on("will-navigate", (event, ...rest) => {
      emitted.push({ event, rest });
      if (refuse) event.preventDefault();
    });
    await win.loadFile(page("index.html"));
  });
  afterEach(() => app.dispose());

  it("is not emitted for loadURL or loadFile", async () => {
    await win.loadURL(urlOf("other.html"));
    await win.loadFile(page("index.html"));
    await app.idle();
    assert.deepEqual(emitted, []);
  });

  it("is emitted after the page task that set location.href, with the details and the older arguments", async () => {
    const doc = app.renderer(win);
    doc.page.run("location.href = 'other.html'");
    assert.equal(emitted.length, 0, "the browser process hears of it later");
    await app.idle();
    assert.equal(emitted.length, 1);
    const { event, rest } = emitted[0];
    const frame = event.frame;
    assert.equal(event.url, urlOf("other.html"), "resolved against the page");
    assert.equal(event.isMainFrame, true);
    assert.equal(event.isSameDocument, false);
    assert.equal(event.initiator, frame);
    assert.deepEqual(rest, [urlOf("other.html"), false, true, frame.processId, frame.routingId]);
  });

  it("commits the navigation when no listener prevents it: a new document, the preload runs again", async () => {
    const before = win.webContents.mainFrame;
    const didNavigate = [];
    win.webContents.on("did-navigate", (_event, url) => didNavigate.push(url));
    app.renderer(win).page.run("location.assign('other.html')");
    await app.idle();
    assert.equal(win.webContents.getURL(), urlOf("other.html"));
    assert.notEqual(win.webContents.mainFrame, before);
    assert.equal(before.isDestroyed(), true);
    assert.equal(app.renderer(win).document.title, "Other");
    assert.deepEqual(didNavigate, [urlOf("other.html")]);
  });

  it("reload(): the same URL in a new document, the preload runs again, 'did-navigate' with the URL", async () => {
    const before = win.webContents.mainFrame;
    const { origin } = before;
    const url = win.webContents.getURL();
    const didNavigate = [];
    win.webContents.on("did-navigate", (_event, navigated) => didNavigate.push(navigated));
    app.renderer(win).document.querySelector("#state").textContent = "edited";
    win.webContents.reload();
    await app.idle();
    assert.equal(win.webContents.getURL(), url);
    assert.equal(win.webContents.mainFrame.origin, origin);
    assert.notEqual(win.webContents.mainFrame, before);
    assert.equal(before.isDestroyed(), true);
    assert.notEqual(app.renderer(win).document.querySelector("#state").textContent, "edited");
    assert.deepEqual(didNavigate, [url]);
    assert.deepEqual(emitted, [], "will-navigate is for navigations the page starts");
  });

  it("event.preventDefault() cancels it: same URL, same document, its state kept", async () => {
    refuse = true;
    const doc = app.renderer(win);
    const frame = win.webContents.mainFrame;
    doc.document.querySelector("#state").textContent = "edited";
    doc.page.run("location.href = 'https://example.com/'");
    doc.page.run("location.replace('other.html')");
    await app.idle();
    assert.deepEqual(
      emitted.map((e) => e.event.url),
      ["https://example.com/", urlOf("other.html")],
    );
    assert.equal(win.webContents.getURL(), urlOf("index.html"));
    assert.equal(win.webContents.mainFrame, frame);
    assert.equal(app.renderer(win), doc);
    assert.equal(doc.alive, true);
    assert.equal(doc.document.querySelector("#state").textContent, "edited");
    assert.deepEqual(doc.errors, []);
  });

  it("is emitted for a followed link, not for a fragment change within the page", async () => {
    refuse = true;
    const doc = app.renderer(win);
    doc.page.run("location.hash = 'other-part'");
    assert.equal(doc.dom.window.location.hash, "#other-part");
    doc.document.querySelector("#fragment").click();
    await settle(app);
    assert.deepEqual(emitted, [], "in-page navigations emit nothing");
    assert.equal(doc.dom.window.location.hash, "#part", "jsdom followed the fragment link");
    doc.document.querySelector("#away").click();
    await settle(app);
    assert.deepEqual(
      emitted.map((e) => e.event.url),
      [urlOf("other.html")],
    );
    assert.equal(app.renderer(win), doc, "refused");
  });
});

describe("webContents.setWindowOpenHandler and the page’s window.open", () => {
  let app;
  let win;
  let doc;
  beforeEach(async () => {
    app = createApp();
    win = new app.electron.BrowserWindow();
    await win.loadFile(page("index.html"));
    doc = app.renderer(win);
  });
  afterEach(() => app.dispose());

  const windows = () => app.electron.BrowserWindow.getAllWindows().length;

  it("without a handler, window.open opens a window (Electron allows by default)", () => {
    assert.equal(doc.page.run("window.open('other.html') !== null"), true);
    assert.equal(windows(), 2);
    const child = app.electron.BrowserWindow.getAllWindows()[1];
    assert.equal(child.webContents.getURL(), urlOf("other.html"));
  });

  it("{ action: 'deny' }: window.open returns null at once and no window opens; the handler gets the details", () => {
    const details = [];
    win.webContents.setWindowOpenHandler((d) => {
      details.push(d);
      return { action: "deny" };
    });
    assert.equal(doc.page.run("window.open('other.html')"), null);
    assert.equal(doc.page.run("window.open('https://example.com/x', 'named', 'width=300,height=200')"), null);
    assert.equal(doc.page.run("window.open('', '_blank', 'popup=0')"), null);
    assert.equal(windows(), 1);
    const referrer = { url: urlOf("index.html"), policy: "strict-origin-when-cross-origin" };
    assert.deepEqual(details, [
      {
        url: urlOf("other.html"),
        frameName: "",
        features: "",
        disposition: "foreground-tab",
        referrer,
        postBody: undefined,
      },
      {
        url: "https://example.com/x",
        frameName: "named",
        features: "width=300,height=200",
        disposition: "new-window",
        referrer,
        postBody: undefined,
      },
      {
        url: "about:blank",
        frameName: "",
        features: "popup=0",
        disposition: "foreground-tab",
        referrer,
        postBody: undefined,
      },
    ]);
  });

  it("{ action: 'allow' } opens the window", () => {
    win.webContents.setWindowOpenHandler(() => ({ action: "allow" }));
    assert.equal(doc.page.run("window.open('other.html') === null"), false);
    assert.equal(windows(), 2);
  });

  it("any other answer denies and is logged; a throwing handler denies and its error is uncaught in main", () => {
    const answers = [undefined, null, { action: "maybe" }];
    win.webContents.setWindowOpenHandler(() => answers.shift());
    for (let i = 0; i < 3; i++) assert.equal(doc.page.run("window.open('other.html')"), null);
    assert.deepEqual(
      app.consoleErrors.map(([message]) => message),
      [
        "The window open handler response must be an object, but was instead of type 'undefined'.",
        "The window open handler response must be an object, but was instead null.",
        "The window open handler response must be an object with an 'action' property of 'allow' or 'deny'.",
      ],
    );
    const boom = new Error("handler failed");
    win.webContents.setWindowOpenHandler(() => {
      throw boom;
    });
    assert.equal(doc.page.run("window.open('other.html')"), null);
    assert.deepEqual(app.uncaught, [boom]);
    assert.equal(windows(), 1);
  });

  it("window.open is a page-realm function; an invalid URL throws a SyntaxError of the page", () => {
    assert.equal(doc.page.owns(doc.page.run("window.open")), true);
    const error = doc.page.run("try { window.open('http://[bad'); } catch (e) { e }");
    assert.equal(doc.page.owns(error), true);
    assert.equal(error.name, "SyntaxError");
    assert.equal(windows(), 1);
  });
});

describe("session.defaultSession.setPermissionRequestHandler", () => {
  let app;
  let win;
  beforeEach(async () => {
    app = createApp();
    win = new app.electron.BrowserWindow();
    await win.loadFile(page("index.html"));
  });
  afterEach(() => app.dispose());

  it("without a handler, a request is granted (Electron approves by default)", async () => {
    assert.equal(await app.requestPermission(win, "media"), true);
  });

  it("the handler gets (webContents, permission, callback, details) and its callback decides", async () => {
    const calls = [];
    const { defaultSession } = app.electron.session;
    assert.equal(win.webContents.session, defaultSession);
    defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
      calls.push({ contents, permission, details });
      callback(permission === "fullscreen");
    });
    assert.equal(await app.requestPermission(win, "notifications"), false);
    assert.equal(await app.requestPermission(win.webContents, "fullscreen"), true);
    assert.equal(calls.length, 2);
    assert.equal(calls[0].contents, win.webContents);
    assert.equal(calls[0].permission, "notifications");
    assert.deepEqual(calls[0].details, { requestingUrl: urlOf("index.html"), isMainFrame: true });

    defaultSession.setPermissionRequestHandler(null);
    assert.equal(await app.requestPermission(win, "notifications"), true, "null clears the handler");
  });

  it("a request the handler never answers stays pending", async () => {
    app.electron.session.defaultSession.setPermissionRequestHandler(() => {});
    const outcome = await Promise.race([
      app.requestPermission(win, "media"),
      new Promise((resolve) => setTimeout(() => resolve("pending"), 20)),
    ]);
    assert.equal(outcome, "pending");
  });

  it("anything but a function or null throws", () => {
    const { defaultSession } = app.electron.session;
    for (const bad of [undefined, "deny", {}]) {
      assert.throws(() => defaultSession.setPermissionRequestHandler(bad), {
        name: "TypeError",
        message: "Must pass null or function",
      });
    }
  });
});

describe("BrowserWindow.focus()", () => {
  it("emits 'focus', and throws once the window is destroyed", () => {
    const app = createApp();
    try {
      const win = new app.electron.BrowserWindow();
      let focused = 0;
      win.on("focus", () => {
        focused += 1;
      });
      win.focus();
      assert.equal(focused, 1);
      win.destroy();
      assert.throws(() => win.focus(), { name: "TypeError", message: "Object has been destroyed" });
    } finally {
      app.dispose();
    }
  });
});
