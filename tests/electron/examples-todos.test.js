"use strict";
// Clicks through examples/todos as a user would: its real main.js runs in
// the harness's main process with the real compiled addon (the list lives
// in Rust; scripts/addons.txt builds it), index.html and renderer.js in
// sandboxed windows with the generated preload. The steps share the Rust
// state, so they run in order.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { after, before, describe, it, mock } = require("node:test");
const { createApp } = require("./harness");

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "todos");
const ADDON = path.join(EXAMPLE, "core.node");
const skip =
  !fs.existsSync(ADDON) &&
  `the example's addon is not built (cargo run -p electron-ipc-codegen -- build-addon -p todos-example --out ${path.relative(process.cwd(), ADDON)})`;

/** What a user sees and does in one window. */
function ui(app, win) {
  const doc = app.renderer(win);
  const document = () => doc.document;
  const $ = (selector) => document().querySelector(selector);
  const items = () => [...document().querySelectorAll("#list li")];
  const window = doc.dom.window;
  return {
    doc,
    $,
    titles: () => items().map((li) => li.querySelector(".title").value),
    item: (title) => items().find((li) => li.querySelector(".title").value === title),
    error: () => $("#error").textContent,
    remaining: () => $("#remaining").textContent,
    add(title) {
      $("#new-title").value = title;
      $("#new-todo").querySelector("button[type=submit]").click();
    },
    toggle(title) {
      this.item(title).querySelector(".toggle").click();
    },
    rename(from, to) {
      const input = this.item(from).querySelector(".title");
      input.value = to;
      input.dispatchEvent(new window.Event("change", { bubbles: true }));
    },
    remove(title) {
      this.item(title).querySelector(".remove").click();
    },
  };
}

/**
 * Waits until every IPC message is delivered, and the events Rust emitted
 * meanwhile too: they come from the addon's threads through Node's queue,
 * outside the harness's count of messages in flight.
 */
async function settle(app) {
  for (let round = 0; round < 3; round += 1) {
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("examples/todos, clicked through in two windows", { skip }, () => {
  let app;
  let first;
  let second;
  let firstWindow;
  let secondWindow;

  before(async () => {
    mock.method(console, "warn", () => {});
    app = createApp();
    app.loadMain(path.join(EXAMPLE, "main.js"));
    await settle(app);
    [firstWindow] = app.electron.BrowserWindow.getAllWindows();
    first = ui(app, firstWindow);
  });
  after(() => {
    app.dispose();
    mock.restoreAll();
  });

  it("opens one window on an empty list", () => {
    assert.deepEqual(first.doc.errors, []);
    assert.equal(firstWindow.getTitle(), "Todos");
    assert.deepEqual(first.titles(), []);
    assert.equal(first.remaining(), "0 left");
  });

  it("File > New Window opens a second window on the same list", async () => {
    first.add("buy milk");
    await settle(app);
    app.clickMenu(["File", "New Window"], firstWindow);
    await settle(app);
    const windows = app.electron.BrowserWindow.getAllWindows();
    assert.equal(windows.length, 2);
    secondWindow = windows[1];
    second = ui(app, secondWindow);
    assert.deepEqual(second.doc.errors, []);
    assert.deepEqual(second.titles(), ["buy milk"]);
  });

  it("adding in one window shows the todo in both", async () => {
    first.add("  walk the dog  ");
    await settle(app);
    assert.equal(first.$("#new-title").value, "", "the field is cleared");
    assert.deepEqual(first.titles(), ["buy milk", "walk the dog"], "Rust trimmed the title");
    assert.deepEqual(second.titles(), ["buy milk", "walk the dog"]);
    assert.equal(second.remaining(), "2 left");
  });

  it("toggling in the second window marks it done in the first", async () => {
    second.toggle("buy milk");
    await settle(app);
    assert.equal(first.item("buy milk").querySelector(".toggle").checked, true);
    assert.ok(first.item("buy milk").classList.contains("done"));
    assert.equal(first.remaining(), "1 left");
  });

  it("renaming updates both windows", async () => {
    first.rename("walk the dog", "walk the cat");
    await settle(app);
    assert.deepEqual(second.titles(), ["buy milk", "walk the cat"]);
  });

  it("both windows render the same version of the state `todos`, also after a change no page's UI made", async () => {
    const version = (view) => view.doc.page.run("window.todos.todosState.getVersion()");
    const snapshot = (view) =>
      JSON.parse(view.doc.page.run("JSON.stringify(window.todos.todosState.getSnapshot().map((todo) => todo.title))"));
    const before = version(first);
    assert.equal(version(second), before);
    // Calls from the pages' scripts, not their UI: the other window learns
    // of each change only through the state, and so does the caller's.
    const id = await second.doc.page.run('window.todos.add("from a script").then((todo) => todo.id)');
    await settle(app);
    for (const view of [first, second]) {
      assert.equal(version(view), before + 1);
      assert.deepEqual(snapshot(view), ["buy milk", "walk the cat", "from a script"]);
      assert.deepEqual(view.titles(), snapshot(view), "the page shows its snapshot");
    }
    await first.doc.page.run(`window.todos.remove(${id})`);
    await settle(app);
    for (const view of [first, second]) {
      assert.equal(version(view), before + 2);
      assert.deepEqual(view.titles(), ["buy milk", "walk the cat"]);
    }
  });

  it("an empty title shows the typed EmptyTitle error, rendered from code and data", async () => {
    first.add("   ");
    await settle(app);
    assert.equal(first.error(), "A todo needs a title.");
    assert.deepEqual(first.titles(), ["buy milk", "walk the cat"]);
    assert.equal(second.error(), "", "the other window is not bothered");

    second.rename("walk the cat", "");
    await settle(app);
    assert.equal(second.error(), "A todo needs a title.");
    assert.deepEqual(second.titles(), ["buy milk", "walk the cat"], "the refused title is put back");
  });

  it("a title the backend finds too long shows its limit and length", async () => {
    first.add("x".repeat(250));
    await settle(app);
    assert.equal(first.error(), "A title can have at most 200 characters; this one has 250.");
    first.add("water the plants");
    await settle(app);
    assert.equal(first.error(), "", "a successful call clears the error");
  });

  it("input the renderer cannot produce from the UI is refused with typed data", async () => {
    const notFound = await first.doc.page.run("window.todos.toggle(999).then(() => null, (e) => e)");
    assert.equal(notFound.code, "ERR_HANDLER");
    assert.deepEqual(JSON.parse(JSON.stringify(notFound.data)), { NotFound: { id: 999 } });

    const negative = await first.doc.page.run("window.todos.remove(-1).then(() => null, (e) => e)");
    assert.equal(negative.code, "ERR_BAD_ARGUMENTS");
    assert.equal(negative.data.argument, "id");

    const wrongType = await first.doc.page.run('window.todos.add({ title: "x" }).then(() => null, (e) => e)');
    assert.equal(wrongType.code, "ERR_BAD_ARGUMENTS");
    assert.deepEqual(first.titles(), ["buy milk", "walk the cat", "water the plants"]);
  });

  it("removing in one window removes it from both", async () => {
    first.remove("buy milk");
    await settle(app);
    assert.deepEqual(first.titles(), ["walk the cat", "water the plants"]);
    assert.deepEqual(second.titles(), ["walk the cat", "water the plants"]);
  });

  it("only the settings window may clear all: the list windows neither see nor may call todos.clearAll", async () => {
    assert.equal(first.doc.page.run("typeof window.todos.clearAll"), "undefined", "not exposed to a list window");
    // A compromised list window goes around its preload: main refuses it.
    const refused = JSON.parse(JSON.stringify(await first.doc.ipcRenderer.invoke("todos:clearAll")));
    assert.equal(refused.error.code, "ERR_FORBIDDEN");
    assert.equal(refused.error.data.capability, "settings");
    await settle(app);
    assert.deepEqual(first.titles(), ["walk the cat", "water the plants"], "nothing was cleared");

    app.clickMenu(["File", "Settings…"], firstWindow);
    await settle(app);
    const settingsWindow = app.electron.BrowserWindow.getAllWindows()[2];
    const settings = ui(app, settingsWindow);
    assert.deepEqual(settings.doc.errors, []);
    assert.equal(settingsWindow.getTitle(), "Todo settings");
    assert.equal(settings.$("#total").textContent, "2 todos");
    // The settings window follows the list too, while it is open.
    first.add("feed the fish");
    await settle(app);
    assert.equal(settings.$("#total").textContent, "3 todos");
    assert.equal(settings.doc.page.run("typeof window.todos.clearAll"), "function");
    app.clickMenu(["File", "Settings…"], firstWindow);
    assert.equal(app.electron.BrowserWindow.getAllWindows().length, 3, "one settings window at a time");

    settings.$("#clear-all").click();
    await settle(app);
    assert.equal(settings.error(), "");
    assert.equal(settings.$("#total").textContent, "0 todos");
    assert.deepEqual(first.titles(), [], "every window follows the removals");
    assert.deepEqual(second.titles(), []);
    settingsWindow.close();
    assert.equal(settingsWindow.isDestroyed(), true);

    first.add("walk the cat");
    await settle(app);
    first.add("water the plants");
    await settle(app);
    assert.deepEqual(second.titles(), ["walk the cat", "water the plants"]);
  });

  it("both windows are locked in: no navigation, no window.open, no permission", async () => {
    for (const [view, win] of [
      [first, firstWindow],
      [second, secondWindow],
    ]) {
      const url = win.webContents.getURL();
      const frame = win.webContents.mainFrame;
      // A script setting location, and a link the page adds and clicks.
      view.doc.page.run("location.href = 'https://example.com/'");
      view.doc.page.run(`{
        const link = document.createElement('a');
        link.href = 'other.html';
        document.body.append(link);
        link.click();
      }`);
      await settle(app);
      assert.equal(win.webContents.getURL(), url, "still on index.html");
      assert.equal(win.webContents.mainFrame, frame, "no new document was committed");
      assert.equal(app.renderer(win), view.doc);
      assert.deepEqual(view.titles(), ["walk the cat", "water the plants"], "the page keeps its state");

      assert.equal(view.doc.page.run("window.open('index.html')"), null, "window.open is denied");
      assert.equal(await app.requestPermission(win, "media"), false, "a permission request is denied");
    }
    assert.equal(app.electron.BrowserWindow.getAllWindows().length, 2, "no window was opened");
    assert.deepEqual(app.consoleErrors, []);
  });

  it("a report, a long Rust job, can be cancelled from its Cancel button, and otherwise completes", async () => {
    const report = () => first.$("#report-output").textContent;
    const waitFor = async (expected) => {
      for (let i = 0; i < 400 && report() !== expected; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(report(), expected);
    };
    assert.equal(first.$("#cancel-report").disabled, true);
    first.$("#report").click();
    assert.equal(report(), "Writing the report…");
    assert.equal(first.$("#cancel-report").disabled, false);
    const started = Date.now();
    first.$("#cancel-report").click();
    await waitFor("Report cancelled.");
    assert.ok(Date.now() - started < 250, "cancelled before the first of its 250 ms steps ended");
    assert.equal(first.$("#report").disabled, false);
    assert.equal(first.$("#cancel-report").disabled, true);
    // Not cancelled: one step per todo, then the report of the list as shown.
    const lines = first
      .titles()
      .map((title) => `[${first.item(title).querySelector(".toggle").checked ? "x" : " "}] ${title}`);
    first.$("#report").click();
    await waitFor(lines.length === 0 ? "Nothing to do." : lines.join("\n"));
    assert.deepEqual(first.doc.errors, []);
  });

  it("the streamed report fills in a line at a time with its progress, and Cancel stops it", async () => {
    const output = () => first.$("#report-output").textContent;
    const progress = first.$("#report-progress");
    const until = async (check, what) => {
      for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(check(), `${what}: ${JSON.stringify(output())}`);
    };
    const lines = first
      .titles()
      .map((title) => `[${first.item(title).querySelector(".toggle").checked ? "x" : " "}] ${title}`);
    assert.ok(lines.length >= 2, "the list has a few todos by now");
    first.$("#stream-report").click();
    assert.equal(progress.hidden, false);
    assert.equal(first.$("#stream-report").disabled, true);
    // The first line shows before the whole report is written.
    await until(() => output() === `${lines[0]}\n`, "the first line alone");
    assert.equal(progress.value, 1);
    assert.equal(progress.max, lines.length);
    await until(() => first.$("#stream-report").disabled === false, "the stream ends");
    assert.equal(output(), `${lines.join("\n")}\n`);
    assert.equal(progress.hidden, true);
    // Cancelled after its first line: nothing more is written.
    first.$("#stream-report").click();
    await until(() => output() === `${lines[0]}\n`, "the first line");
    first.$("#cancel-report").click();
    await until(() => first.$("#stream-report").disabled === false, "the loop ends at once");
    assert.equal(output(), `${lines[0]}\nReport cancelled.`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(output(), `${lines[0]}\nReport cancelled.`, "no line after the cancel");
    assert.deepEqual(first.doc.errors, []);
  });

  it("closing the first window leaves the second one working", async () => {
    app.clickMenu(["File", "Close Window"], firstWindow);
    assert.equal(firstWindow.isDestroyed(), true);
    assert.equal(app.quitRequested, false);
    second.toggle("walk the cat");
    // The two calls are independent: the backend may finish them in either
    // order, so the click waits for the toggle, as a user's would.
    await settle(app);
    second.$("#clear-completed").click();
    await settle(app);
    assert.deepEqual(second.titles(), ["water the plants"]);
    second.add("call mum");
    await settle(app);
    assert.deepEqual(second.titles(), ["water the plants", "call mum"]);
    assert.deepEqual(second.doc.errors, []);
    assert.deepEqual(app.uncaught, []);
  });
});
