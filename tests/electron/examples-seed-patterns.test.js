"use strict";
// Clicks through examples/seed-patterns as a user would: its real main.js
// runs in the harness's main process with the real compiled addon
// (scripts/addons.txt builds it), its index.html and renderer.js in a
// sandboxed window with the generated preload.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, before, describe, it, mock } = require("node:test");
const { createApp } = require("./harness");

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "seed-patterns");
const ADDON = path.join(EXAMPLE, "core.node");
const skip =
  !fs.existsSync(ADDON) &&
  `the example's addon is not built (cargo run -p electron-ipc-codegen -- build-addon -p seed-patterns-example --out ${path.relative(process.cwd(), ADDON)})`;

describe("examples/seed-patterns, clicked through", { skip }, () => {
  let app;
  let main;
  let win;
  let doc;
  let warnings;
  const $ = (selector) => doc.document.querySelector(selector);
  // The files the scripted dialog chooses: the example reads them whole.
  const files = fs.mkdtempSync(path.join(os.tmpdir(), "seed-patterns-"));
  const notes = path.join(files, "notes.txt");
  const once = path.join(files, "once.bin");
  const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);

  before(async () => {
    fs.writeFileSync(notes, "milk\n");
    fs.writeFileSync(once, everyByte);
    warnings = mock.method(console, "warn", () => {});
    mock.method(console, "log", () => {});
    app = createApp();
    main = app.loadMain(path.join(EXAMPLE, "main.js"));
    await app.idle();
    [win] = app.electron.BrowserWindow.getAllWindows();
    doc = app.renderer(win);
  });
  after(() => {
    app.dispose();
    mock.restoreAll();
    fs.rmSync(files, { recursive: true, force: true });
  });

  it("opens one sandboxed window on index.html, titled by its <title>", () => {
    assert.equal(app.electron.BrowserWindow.getAllWindows().length, 1);
    assert.deepEqual(doc.errors, []);
    assert.match(win.webContents.getURL(), /^file:\/\/.*\/examples\/seed-patterns\/index\.html$/);
    assert.equal(win.getTitle(), "IPC patterns");
    assert.equal(doc.page.run("typeof require + typeof process"), "undefinedundefined");
  });

  it("pattern 1: typing a title and clicking Set title retitles the window", async () => {
    $("#title").value = "Hello from the renderer";
    $("#set-title").click();
    await app.idle();
    assert.equal(win.getTitle(), "Hello from the renderer");
  });

  it("pattern 2: Open shows the scripted dialog and the chosen file's path and size", async () => {
    app.scriptDialog({ canceled: false, filePaths: [notes] });
    $("#open-file").click();
    await app.idle();
    assert.equal($("#file-path").textContent, `${notes} (5 bytes)`);
    assert.equal(app.dialogCalls.length, 1);
    assert.equal(app.dialogCalls[0].window, win, "the dialog is modal to the calling window");
    assert.deepEqual(app.dialogCalls[0].options.properties, ["openFile"]);

    app.scriptDialog({ canceled: true, filePaths: [] });
    $("#open-file").click();
    await app.idle();
    assert.equal($("#file-path").textContent, "(cancelled)");
  });

  it("pattern 3: the menu moves the counter and the renderer reports the value back", async () => {
    app.clickMenu(["Counter", "Increment"], win);
    await app.idle();
    assert.equal($("#counter-value").textContent, "1");
    assert.equal(main.reportedCounter(), 1);

    app.clickMenu(["Counter", "Increment"], win);
    app.clickMenu(["Counter", "Decrement"], win);
    app.clickMenu(["Counter", "Decrement"], win);
    app.clickMenu(["Counter", "Decrement"], win);
    await app.idle();
    assert.equal($("#counter-value").textContent, "-1");
    assert.equal(main.reportedCounter(), -1);
  });

  it("pattern 2: a page that asks 200 times while its dialog is open gets one dialog and its answer", async () => {
    const before = app.dialogCalls.length;
    let choose;
    app.scriptDialog(
      new Promise((resolve) => {
        choose = resolve;
      }),
    );
    const answers = doc.page.run("Promise.all(Array.from({ length: 200 }, () => window.files.openFile()))");
    // The dialog stays open (IPC cannot go idle) until the test chooses.
    while (app.dialogCalls.length === before) await new Promise((resolve) => setImmediate(resolve));
    choose({ canceled: false, filePaths: [once] });
    const opened = await answers;
    assert.equal(opened.length, 200);
    assert.ok(
      opened.every((file) => file.path === once),
      "every call got the dialog's answer",
    );
    // All 200 calls were answered: one native dialog served them.
    assert.equal(app.dialogCalls.length, before + 1, "one native dialog, not 200");

    // Once it closed, the next call opens a new dialog.
    app.scriptDialog({ canceled: true, filePaths: [] });
    assert.equal(await doc.page.run("window.files.openFile()"), null);
    assert.equal(app.dialogCalls.length, before + 2);
  });

  it("pattern 2: the file's bytes reach the page as a Uint8Array of the page's realm, every byte intact", async () => {
    app.scriptDialog({ canceled: false, filePaths: [once] });
    const seen = await doc.page.run(
      "window.files.openFile().then((file) => JSON.stringify([file.contents instanceof Uint8Array, file.contents.constructor === Uint8Array, Array.from(file.contents)]))",
    );
    assert.deepEqual(JSON.parse(seen), [true, true, Array.from(everyByte)]);
  });

  it("pattern 6: Run shows each step the Rust job reports, and Stop ends it mid-way", async () => {
    const status = () => $("#job-status").textContent;
    const until = async (check, what) => {
      for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.ok(check(), `${what}: ${status()}`);
    };
    $("#run-job").click();
    assert.equal($("#run-job").disabled, true);
    await until(() => status() === "Step 2 of 20", "the second step");
    assert.equal($("#job-progress").max, 20);
    $("#stop-job").click();
    await until(() => status().startsWith("Stopped at step"), "the stop");
    const stoppedAt = Number(status().replace("Stopped at step ", ""));
    assert.ok(stoppedAt >= 2 && stoppedAt < 20, status());
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(status(), `Stopped at step ${stoppedAt}`, "no step after the stop");
    assert.equal($("#run-job").disabled, false);
    assert.equal($("#stop-job").disabled, true);
    assert.deepEqual(doc.errors, []);
  });

  it("pattern 6, from the page: the typed text goes to Rust in chunks, which answers its size and SHA-256", async () => {
    const status = () => $("#upload-status").textContent;
    const until = async (check, what) => {
      for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.ok(check(), `${what}: ${status()}`);
    };
    // Chromium's pages have TextEncoder; the harness's jsdom pages do not
    // (tests/electron/README.md, "Not emulated"): a UTF-8 one of the page's own.
    doc.page.run(`window.TextEncoder = class TextEncoder {
      encode(text) { return Uint8Array.from(unescape(encodeURIComponent(text)), (c) => c.charCodeAt(0)); }
    }`);
    // 40,000 bytes: three chunks of the page's 16 KiB.
    const text = "hello, rust\n".repeat(4000).slice(0, 40000);
    $("#upload-text").value = text;
    $("#upload").click();
    await until(() => status() !== "Sending…" && status() !== "", "the answer");
    const sha256 = require("node:crypto").createHash("sha256").update(text).digest("hex");
    assert.equal(status(), `40000 bytes, SHA-256 ${sha256}`);
    $("#upload-text").value = "";
    $("#upload").click();
    await until(() => status() === "Nothing to send", "the typed error");
    assert.deepEqual(doc.errors, []);
  });

  it("pattern 6, both ways: each line comes back from Rust numbered and in capitals", async () => {
    $("#lines").value = "milk\neggs\nbread";
    $("#shout").click();
    for (let i = 0; i < 1000 && $("#shouted").children.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual(
      Array.from($("#shouted").children, (item) => item.textContent),
      ["1: MILK", "2: EGGS", "3: BREAD"],
    );
    assert.deepEqual(doc.errors, []);
  });

  it("pattern 2: the file's size reaches the page as an exact bigint, and type-checks only as one", async () => {
    app.scriptDialog({ canceled: false, filePaths: [once] });
    const file = await doc.page.run("window.files.openFile()");
    assert.equal(file.size, 256n, "the file system's bigint, checked by the u64 and revived exactly");
    assert.equal(file.contents.byteLength, 256);
    // What crossed, as TypeScript, against the generated declarations: the
    // file compiles; with a number for its size it must not.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-patterns-types-"));
    try {
      fs.copyFileSync(path.join(EXAMPLE, "generated", "ipc.d.ts"), path.join(dir, "ipc.d.ts"));
      const bytes = `new Uint8Array([${Array.from(file.contents).join(", ")}])`;
      const source = [
        'import type { OpenedFile } from "./ipc";',
        `export const opened: OpenedFile = { path: ${JSON.stringify(file.path)}, contents: ${bytes}, size: ${file.size}n };`,
        "// @ts-expect-error: a number where the u64 is declared bigint",
        `export const rounded: OpenedFile = { path: "x", contents: ${bytes}, size: ${Number(file.size)} };`,
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "crossed.ts"), source);
      const tsc = path.join(__dirname, "..", "..", "node_modules", "typescript", "bin", "tsc");
      const result = spawnSync(
        process.execPath,
        [tsc, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", "crossed.ts"],
        { cwd: dir, encoding: "utf8" },
      );
      assert.equal(result.status, 0, `tsc --strict failed:\n${result.stdout}${result.stderr}\n${source}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the Rust types check main-js channels: a bad reply never reaches the handler", async () => {
    warnings.mock.resetCalls();
    const dialogs = app.dialogCalls.length;
    doc.page.run('window.counter.counterValue("seven"); window.counter.counterValue(2 ** 31)');
    await app.idle();
    assert.equal(main.reportedCounter(), -1, "neither value reached counterValue");
    // The default onError warns once per code and channel, and counts the
    // second refusal in the summary it writes at the end of its window.
    const messages = warnings.mock.calls.map((call) => String(call.arguments[0]));
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0], /counter:counterValue: invalid argument `value`/);

    const error = await doc.page.run("window.files.openFile(1).then(() => null, (e) => e)");
    assert.equal(error.code, "ERR_BAD_ARGUMENTS");
    assert.equal(app.dialogCalls.length, dialogs, "no dialog was shown");
  });

  it("the page is locked in: no navigation, no window.open, no permission", async () => {
    const url = win.webContents.getURL();
    const frame = win.webContents.mainFrame;
    doc.page.run("location.assign('https://example.com/')");
    doc.page.run(`{
      const link = document.createElement('a');
      link.href = 'index.html?again';
      document.body.append(link);
      link.click();
    }`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await app.idle();
    assert.equal(win.webContents.getURL(), url, "still on index.html");
    assert.equal(win.webContents.mainFrame, frame, "no new document was committed");
    assert.equal(app.renderer(win), doc);
    assert.equal($("#counter-value").textContent, "-1", "the page keeps its state");

    assert.equal(doc.page.run("window.open('https://example.com/')"), null, "window.open is denied");
    assert.equal(app.electron.BrowserWindow.getAllWindows().length, 1);
    assert.equal(await app.requestPermission(win, "notifications"), false, "a permission request is denied");
    assert.deepEqual(doc.errors, []);
  });

  it("pattern 4: a note typed in one window reaches the other windows through main's relay", async () => {
    // Alone, the window's note would come back to itself: main refuses it.
    $("#note").value = "anyone?";
    $("#send-note").click();
    await app.idle();
    assert.equal($("#note-status").textContent, "open another window first");

    $("#open-window").click();
    await app.idle();
    const windows = app.electron.BrowserWindow.getAllWindows();
    assert.equal(windows.length, 2);
    const other = app.renderer(windows.find((w) => w !== win));
    assert.deepEqual(other.errors, []);

    $("#note").value = "hello from the first window";
    $("#send-note").click();
    await app.idle();
    assert.equal($("#note-status").textContent, "sent");
    const received = [...other.document.querySelectorAll("#notes li")].map((li) => li.textContent);
    assert.deepEqual(received, ["peer: hello from the first window"]);
    assert.equal($("#notes").children.length, 0, "the sender does not receive its own note");

    // And back, from the other window.
    other.document.querySelector("#note").value = "hello back";
    other.document.querySelector("#send-note").click();
    await app.idle();
    assert.deepEqual(
      [...$("#notes").children].map((li) => li.textContent),
      ["peer: hello back"],
    );

    // A page cannot make main open windows without end.
    for (let i = 0; i < 10; i++) $("#open-window").click();
    await app.idle();
    assert.equal(app.electron.BrowserWindow.getAllWindows().length, 4);
    for (const extra of app.electron.BrowserWindow.getAllWindows()) {
      if (extra !== win) extra.close();
    }
    await app.idle();
    assert.equal(app.electron.BrowserWindow.getAllWindows().length, 1);
  });

  it("closing the last window quits the app (not on macOS)", () => {
    win.close();
    assert.equal(app.quitRequested, process.platform !== "darwin");
  });
});
