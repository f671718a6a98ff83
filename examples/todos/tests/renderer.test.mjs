// @ts-check
// Unit tests of the todos page (renderer.js) without Electron: jsdom builds
// the page from index.html, the generated mock (generated/ipc-mock.mjs)
// stands in for the preload, and the test plays the main process.
//
//   node --test examples/todos/tests/

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, it } from "node:test";

import { JSDOM } from "jsdom";

import { fail, installIpcMock } from "../generated/ipc-mock.mjs";

/** @typedef {import("../generated/ipc.js").Todo} Todo */

const html = readFileSync(new URL("../index.html", import.meta.url), "utf8");
const script = readFileSync(new URL("../renderer.js", import.meta.url), "utf8");

/** Lets the page's pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** @type {JSDOM} */
let dom;
/** @type {import("../generated/ipc-mock.mjs").IpcMock} */
let mock;
/** @type {Todo[]} */
let store;

/** Publishes the list as main does after each change: the next version of the state `todos`. */
const publish = () => mock.todos.setState("todos", store);

/** Loads the page with the mock installed first, as the preload runs before the page. */
async function open() {
  dom = new JSDOM(html, { runScripts: "outside-only" });
  mock = installIpcMock(dom.window, {
    todos: {
      add: (title) => {
        if (title === "") return fail("EmptyTitle");
        if (title.length > 10) return fail({ TitleTooLong: { max: 10, length: title.length } });
        const todo = { id: store.length + 1, title, done: false };
        store.push(todo);
        publish();
        return todo;
      },
      toggle: (id) => {
        const todo = store.find((t) => t.id === id);
        if (todo === undefined) return fail({ NotFound: { id } });
        todo.done = !todo.done;
        publish();
        return todo;
      },
      remove: (id) => {
        store = store.filter((t) => t.id !== id);
        publish();
        return null;
      },
      clearCompleted: () => 0,
    },
  });
  publish();
  dom.window.eval(script);
  await settle();
}

/** @param {string} selector */
const $ = (selector) => {
  const element = dom.window.document.querySelector(selector);
  assert.ok(element, `the page has ${selector}`);
  return /** @type {HTMLElement} */ (element);
};
const titles = () =>
  Array.from(
    dom.window.document.querySelectorAll("#list .title"),
    (input) => /** @type {HTMLInputElement} */ (input).value,
  );

/** Types a title and submits the form, as a user would. */
async function addTodo(/** @type {string} */ title) {
  /** @type {HTMLInputElement} */ ($("#new-title")).value = title;
  $("#new-todo").dispatchEvent(new dom.window.Event("submit", { cancelable: true }));
  await settle();
}

describe("the todos page, with the generated mock for the preload", () => {
  beforeEach(async () => {
    store = [{ id: 1, title: "milk", done: false }];
    await open();
  });
  afterEach(() => {
    mock.restore();
    dom.window.close();
  });

  it("lists the todos the main process has, and counts the open ones", () => {
    assert.deepEqual(titles(), ["milk"]);
    assert.equal($("#remaining").textContent, "1 left");
    assert.equal(mock.todos.stateFollowers("todos"), 1, "the page follows the list");
    assert.deepEqual(mock.calls, [], "it reads no list: the state brings it");
  });

  it("adds a todo from the form and clears the input", async () => {
    await addTodo("bread");
    assert.deepEqual(mock.todos.calls("add"), [["bread"]]);
    assert.deepEqual(titles(), ["milk", "bread"]);
    assert.equal(/** @type {HTMLInputElement} */ ($("#new-title")).value, "");
    assert.equal($("#remaining").textContent, "2 left");
    assert.equal($("#error").textContent, "");
  });

  it("explains the typed errors from their data, not their message", async () => {
    await addTodo("");
    assert.equal($("#error").textContent, "A todo needs a title.");
    await addTodo("a very long title");
    assert.equal($("#error").textContent, "A title can have at most 10 characters; this one has 17.");
    assert.deepEqual(titles(), ["milk"]);
  });

  it("toggles and removes through the item's controls", async () => {
    const toggle = /** @type {HTMLInputElement} */ ($('li[data-id="1"] .toggle'));
    toggle.checked = true;
    toggle.dispatchEvent(new dom.window.Event("change"));
    await settle();
    assert.deepEqual(mock.todos.calls("toggle"), [[1]]);
    assert.ok($('li[data-id="1"]').classList.contains("done"));
    $('li[data-id="1"] .remove').dispatchEvent(new dom.window.MouseEvent("click"));
    await settle();
    assert.deepEqual(mock.todos.calls("remove"), [[1]]);
    assert.deepEqual(titles(), []);
  });

  it("follows the changes of other windows: each new version of the list", async () => {
    mock.todos.setState("todos", [
      { id: 1, title: "milk", done: false },
      { id: 7, title: "eggs", done: true },
    ]);
    await settle();
    assert.deepEqual(titles(), ["milk", "eggs"]);
    assert.ok($('li[data-id="7"]').classList.contains("done"));
    assert.equal($("#remaining").textContent, "1 left");
    mock.todos.setState("todos", [{ id: 7, title: "eggs", done: true }]);
    await settle();
    assert.deepEqual(titles(), ["eggs"]);
    assert.equal($("#remaining").textContent, "0 left");
  });

  it("shows a generic message for a failure that is not the method's own", async () => {
    mock.todos.handle("clearCompleted", () => {
      throw new Error("disk on fire");
    });
    $("#clear-completed").dispatchEvent(new dom.window.MouseEvent("click"));
    await settle();
    assert.equal($("#error").textContent, "Something went wrong (ERR_PANIC).");
    assert.equal(mock.unhandled.length, 0);
  });

  it("streams the report a line at a time from the test's async generator, and Cancel returns it", async () => {
    /** Lets the test hand out the lines one by one. @type {Array<() => void>} */
    const gates = [];
    let returned = false;
    mock.todos.handle("reportLines", async function* () {
      try {
        for (const [index, line] of ["[ ] milk", "[x] eggs", "[ ] tea"].entries()) {
          await new Promise((resolve) => gates.push(() => resolve(undefined)));
          yield { line, done: index + 1, total: 3 };
        }
      } finally {
        returned = true;
      }
    });
    $("#stream-report").dispatchEvent(new dom.window.MouseEvent("click"));
    await settle();
    gates.shift()?.();
    await settle();
    assert.equal($("#report-output").textContent, "[ ] milk\n");
    const progress = /** @type {HTMLProgressElement} */ ($("#report-progress"));
    assert.deepEqual([progress.value, progress.max, progress.hidden], [1, 3, false]);
    $("#cancel-report").dispatchEvent(new dom.window.MouseEvent("click"));
    await settle();
    assert.equal($("#report-output").textContent, "[ ] milk\nReport cancelled.");
    // The generator takes the return at its next yield: its finally runs, and no line follows.
    gates.shift()?.();
    await settle();
    assert.equal(returned, true, "the page's cancel returned the generator");
    assert.equal($("#report-output").textContent, "[ ] milk\nReport cancelled.");
    assert.equal(progress.hidden, true);
    assert.equal(mock.todos.calls("reportLines").length, 1);
  });
});
