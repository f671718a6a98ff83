"use strict";
// The todos click-through the bundled layouts of examples/ share: their
// built main bundle runs in the harness's main process (tests/electron/
// harness) with the todos example's real Rust addon, their built page in a
// sandboxed window with their bundled preload, and a user adds, toggles,
// renames and removes todos, and meets the typed errors.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const { createApp } = require("../electron/harness");

/** What a user sees and does in one window. */
function ui(app, win) {
  const doc = app.renderer(win);
  const document = () => doc.document;
  const $ = (selector) => document().querySelector(selector);
  const items = () => [...document().querySelectorAll("#list li")];
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
      input.dispatchEvent(new doc.dom.window.Event("change", { bubbles: true }));
    },
    remove(title) {
      this.item(title).querySelector(".remove").click();
    },
  };
}

/** Waits for the IPC in flight and the events Rust emits from its threads. */
async function settle(app) {
  for (let round = 0; round < 3; round += 1) {
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Loads `mainBundle` (CommonJS, as the bundler wrote it) and clicks through
 * the page of the window it opens. Resolves with what the page did, for the
 * caller's own checks; any failed step throws.
 */
async function clickThroughTodos(mainBundle) {
  const app = createApp();
  try {
    app.loadMain(mainBundle);
    await settle(app);
    const windows = app.electron.BrowserWindow.getAllWindows();
    assert.equal(windows.length, 1, "the main bundle opens one window");
    const [win] = windows;
    const view = ui(app, win);
    assert.deepEqual(view.doc.console, [], "the bundled preload loads in the sandbox and logs nothing");
    assert.deepEqual(view.doc.errors, [], "the bundled page runs without an error");
    assert.equal(win.getTitle(), "Todos");
    assert.equal(view.remaining(), "0 left", "the page listed the todos through window.todos");

    // One at a time, as a user types them: the backend may finish two calls
    // in either order.
    view.add("buy milk");
    await settle(app);
    view.add("  walk the dog  ");
    await settle(app);
    assert.deepEqual(view.titles(), ["buy milk", "walk the dog"], "Rust trimmed the title");
    assert.equal(view.$("#new-title").value, "", "the field is cleared");

    view.toggle("buy milk");
    await settle(app);
    assert.equal(view.item("buy milk").querySelector(".toggle").checked, true);
    assert.equal(view.remaining(), "1 left");

    view.rename("walk the dog", "walk the cat");
    await settle(app);
    assert.deepEqual(view.titles(), ["buy milk", "walk the cat"]);

    view.add("   ");
    await settle(app);
    assert.equal(view.error(), "A todo needs a title.", "the typed EmptyTitle error");
    view.add("x".repeat(250));
    await settle(app);
    assert.equal(view.error(), "A title can have at most 200 characters; this one has 250.");

    const refused = await view.doc.evaluate("window.todos.remove(-1).then(() => null, (e) => e.code)");
    assert.equal(refused, "ERR_BAD_ARGUMENTS", "main's glue checks what the page sends");

    view.remove("buy milk");
    await settle(app);
    view.$("#clear-completed").click();
    await settle(app);
    assert.deepEqual(view.titles(), ["walk the cat"]);
    assert.equal(view.remaining(), "1 left");

    assert.deepEqual(view.doc.errors, []);
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.uncaught, []);
    return { app, view, win };
  } finally {
    app.dispose();
  }
}

/**
 * The modules a CommonJS bundle loads: each literal `require("…")`, and
 * "<computed>" for a `require` of anything else (a sandboxed preload may
 * load "electron" alone).
 */
function requiredModules(source) {
  const calls = source.match(/\brequire\s*\(/g) ?? [];
  const literal = [...source.matchAll(/\brequire\s*\(\s*(["'`])([^"'`$]+)\1\s*\)/g)].map((match) => match[2]);
  const computed = Array.from({ length: calls.length - literal.length }, () => "<computed>");
  return [...new Set([...literal, ...computed])].sort();
}

/** Runs a command in `cwd`; throws with its output when it fails. */
function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  assert.equal(
    result.status,
    0,
    `\`${[command, ...args].join(" ")}\` in ${cwd} failed:\n${result.stdout}\n${result.stderr}`,
  );
  return `${result.stdout}${result.stderr}`;
}

module.exports = { clickThroughTodos, requiredModules, run, settle, ui };
