"use strict";
// Follows README.md's "Walk-through: from `cargo add` to a running window"
// literally: its ```sh blocks run in order, in one temporary folder, and each
// file block is written to the path named (in backticks) on the line before
// it. Only these steps are substituted, each checked to appear exactly once
// in the README so that a changed walk-through fails here instead of being
// silently skipped:
//
//   - `export IPC=/path/to/this/checkout`: IPC is this checkout;
//   - `cargo install --path "$IPC/ipc-codegen"`: the workspace's
//     already-built target/debug/ipc-codegen is put on PATH instead;
//   - `npm install --save-dev electron`: runs with
//     ELECTRON_SKIP_BINARY_DOWNLOAD=1 (the binary cannot be downloaded here);
//   - `npm start`: the Electron-faithful harness (tests/electron/harness)
//     loads hello/main.js, and the test types into the page and clicks.
//
// The Rust builds go to target/walkthrough, so repeated runs reuse them and
// the workspace's own target folder is left alone. The first run compiles
// napi and the other dependencies (a few minutes on two cores).

const assert = require("node:assert/strict");
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { after, before, describe, it } = require("node:test");
const { createApp } = require("../electron/harness");

const ROOT = path.resolve(__dirname, "..", "..");
const README = path.join(ROOT, "README.md");
const HEADING = "## Walk-through: from `cargo add` to a running window";
const CODEGEN = path.join(ROOT, "target", "debug", process.platform === "win32" ? "ipc-codegen.exe" : "ipc-codegen");
const TARGET_DIR = path.join(ROOT, "target", "walkthrough");
/** Per shell block; the first one compiles every dependency. */
const STEP_TIMEOUT_MS = 15 * 60 * 1000;
/** Lines of a failing step's output kept in the failure message. */
const OUTPUT_TAIL = 150;

/**
 * The walk-through's steps in order: `{ kind: 'sh', code, line }` for a
 * ```sh block, `{ kind: 'file', file, code, line }` for any other block,
 * whose file is named in backticks at the start of the paragraph just
 * before it. `line` is the README line of the opening fence.
 */
function readWalkthrough() {
  const lines = fs.readFileSync(README, "utf8").split("\n");
  const start = lines.indexOf(HEADING);
  assert.notEqual(start, -1, `README.md has no section ${JSON.stringify(HEADING)}`);
  const steps = [];
  // The paragraph being read, and the last one before a blank line.
  let current = [];
  let paragraph = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith("## "); i += 1) {
    const fence = /^```(\S*)\s*$/.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim() !== "") current.push(lines[i]);
      else if (current.length > 0) [paragraph, current] = [current, []];
      continue;
    }
    if (current.length > 0) [paragraph, current] = [current, []];
    const opening = i + 1;
    const code = [];
    for (i += 1; i < lines.length && lines[i] !== "```"; i += 1) code.push(lines[i]);
    assert.ok(i < lines.length, `README.md:${opening}: the code block is never closed`);
    const body = `${code.join("\n")}\n`;
    if (fence[1] === "sh") {
      steps.push({ kind: "sh", code: body, line: opening });
    } else {
      const named = /^`(hello\/[^`]+)`[:,]/.exec(paragraph[0] ?? "");
      assert.ok(
        named,
        `README.md:${opening}: the \`\`\`${fence[1]} block of the walk-through must follow a paragraph ` +
          'starting with the file it is, in backticks (e.g. "`hello/main.js`: …")',
      );
      steps.push({ kind: "file", file: named[1], code: body, line: opening });
    }
    paragraph = [];
  }
  return steps;
}

/** Quotes `value` for a POSIX shell. */
const shellQuote = (value) => `'${value.replace(/'/g, "'\\''")}'`;

/** The documented substitutions (see the top of this file). */
const SUBSTITUTIONS = [
  {
    what: "IPC is this checkout",
    pattern: /^export IPC=\/path\/to\/this\/checkout$/m,
    replacement: `export IPC=${shellQuote(ROOT)}`,
  },
  {
    what: "ipc-codegen is the workspace's target/debug/ipc-codegen, on PATH",
    pattern: /^cargo install --path "\$IPC\/ipc-codegen"(?:[ \t]+#.*)?$/m,
    replacement: "# cargo install: target/debug/ipc-codegen is on PATH",
  },
  {
    what: "Electron's npm package without its binary",
    pattern: /^npm install --save-dev electron$/m,
    replacement: "ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --save-dev electron",
  },
  {
    what: "npm start is the harness loading main.js",
    pattern: /^npm start$/m,
    replacement: "# npm start: the test loads main.js in the Electron-faithful harness",
  },
];

/** Applies every substitution to the shell steps; each must match exactly once in the walk-through. */
function substitute(steps) {
  for (const { what, pattern } of SUBSTITUTIONS) {
    const global = new RegExp(pattern.source, "gm");
    const count = steps.filter((s) => s.kind === "sh").reduce((n, s) => n + (s.code.match(global) ?? []).length, 0);
    assert.equal(
      count,
      1,
      `the README walk-through should have exactly one line matching ${pattern} (${what}); ` +
        `it has ${count}: update the substitutions of ${path.relative(ROOT, __filename)} to what the README now says`,
    );
  }
  return steps.map((step) =>
    step.kind !== "sh"
      ? step
      : {
          ...step,
          readme: step.code,
          code: SUBSTITUTIONS.reduce(
            (code, { pattern, replacement }) => code.replace(pattern, () => replacement),
            step.code,
          ),
        },
  );
}

/**
 * The environment of a reader's terminal: this process's, without what the
 * test runners add (npm's `npm_*`, cargo's `CARGO*` of a running build, and
 * the project's own `IPC_*` switches), with ipc-codegen on PATH and the Rust
 * builds in target/walkthrough. `CI` is set, as on a CI runner, whatever this
 * process has: it turns the schema test into a staleness check, and the
 * walk-through must still work from its first step there.
 */
function readerEnvironment(bin) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const dropped =
      /^npm_/i.test(key) ||
      key.startsWith("IPC_") ||
      key === "CARGO" ||
      /^CARGO_(PKG_|MANIFEST_|CRATE_|BIN_|PRIMARY_|TARGET_DIR$)/.test(key) ||
      key === "INIT_CWD" ||
      key === "NODE_TEST_CONTEXT" ||
      key === "NODE_OPTIONS";
    if (!dropped) env[key] = value;
  }
  env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
  env.CARGO_TARGET_DIR = TARGET_DIR;
  env.CI = "true";
  return env;
}

/** Runs one shell block from `cwd`; resolves with its combined output and the folder it ended in. */
function runShell(code, { cwd, env, stateFile }) {
  const script = `cd ${shellQuote(cwd)}\n${code}pwd > ${shellQuote(stateFile)}\n`;
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-x", "-c", script], {
      env: { ...env, PS4: "+ " },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: STEP_TIMEOUT_MS,
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (status, signal) => {
      const endedIn = status === 0 ? fs.readFileSync(stateFile, "utf8").trim() : cwd;
      resolve({ status, signal, output, endedIn });
    });
  });
}

const tail = (text) => {
  const lines = text.trimEnd().split("\n");
  const kept = lines.slice(-OUTPUT_TAIL).join("\n");
  return lines.length > OUTPUT_TAIL ? `[… ${lines.length - OUTPUT_TAIL} earlier lines]\n${kept}` : kept;
};

/** How a failure names a step: its README line, and its first command as the README writes it. */
const label = (step) => {
  if (step.kind === "file") return `README.md:${step.line} file ${step.file}`;
  const first = step.readme
    .split("\n")
    .find((l) => l.trim() !== "")
    .replace(/\s+#.*$/, "");
  return `README.md:${step.line} \`\`\`sh block starting \`${first}\``;
};

/** Waits until IPC and the addon's answers (from its threads, through Node's queue) have all arrived. */
async function settle(app) {
  for (let round = 0; round < 3; round += 1) {
    await app.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("README walk-through, followed literally", () => {
  const steps = substitute(readWalkthrough());
  let dir;
  let cwd;
  let env;
  let failed = null;

  before(() => {
    if (!fs.existsSync(CODEGEN)) {
      const built = spawnSync("cargo", ["build", "-q", "-p", "electron-ipc-codegen"], { cwd: ROOT, encoding: "utf8" });
      assert.equal(built.status, 0, `cargo build -p electron-ipc-codegen failed:\n${built.stderr}`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-walkthrough-"));
    const bin = path.join(dir, ".bin");
    fs.mkdirSync(bin);
    fs.symlinkSync(CODEGEN, path.join(bin, path.basename(CODEGEN)));
    env = readerEnvironment(bin);
    cwd = dir;
  });
  after(() => {
    if (dir === undefined) return;
    if (failed === null) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`README walk-through: the folder it ran in is kept at ${dir}\n`);
  });

  it("has the steps the harness drives", () => {
    const files = steps.filter((s) => s.kind === "file").map((s) => s.file);
    for (const file of ["hello/main.js", "hello/index.html", "hello/renderer.js"]) {
      assert.ok(files.includes(file), `the walk-through writes ${file} (it writes ${files.join(", ")})`);
    }
  });

  steps.forEach((step, index) => {
    it(`step ${index + 1}: ${label(step)}`, { timeout: STEP_TIMEOUT_MS }, async (t) => {
      if (failed !== null) {
        t.skip(`an earlier step failed: ${failed}`);
        return;
      }
      failed = label(step);
      if (step.kind === "file") {
        const file = path.join(dir, step.file);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, step.code);
      } else {
        const result = await runShell(step.code, { cwd, env, stateFile: path.join(dir, ".cwd") });
        if (result.status !== 0) {
          assert.fail(
            `README walk-through step ${index + 1} (${label(step)}) failed ` +
              `with ${result.signal ? `signal ${result.signal}` : `exit status ${result.status}`} in ${cwd}.\n` +
              `The step, as run:\n${step.code}\nIts output:\n${tail(result.output)}`,
          );
        }
        cwd = result.endedIn;
      }
      failed = null;
    });
  });

  it("renderer.js passes // @ts-check against the generated ipc.d.ts, as the README recommends", (t) => {
    if (failed !== null) return t.skip(`an earlier step failed: ${failed}`);
    const hello = path.join(dir, "hello");
    const renderer = fs.readFileSync(path.join(hello, "renderer.js"), "utf8");
    assert.match(renderer, /^\/\/ @ts-check\n/, "renderer.js opts in to type-checking");
    // What a reader's tsconfig.json would hold: the page script and the
    // generated declarations, strict, against the DOM.
    const config = path.join(hello, "tsconfig.walkthrough.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          allowJs: true,
          checkJs: true,
          noEmit: true,
          strict: true,
          target: "es2022",
          lib: ["es2022", "dom"],
          types: [],
        },
        files: ["renderer.js", "generated/ipc.d.ts"],
      }),
    );
    // The pinned TypeScript 5.x and the current 7.x.
    for (const tsc of [
      path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
      path.join(ROOT, "node_modules", "typescript-7", "bin", "tsc"),
    ]) {
      const result = spawnSync(process.execPath, [tsc, "-p", config], { cwd: hello, encoding: "utf8" });
      assert.equal(result.status, 0, `${tsc} -p ${config} failed:\n${result.stdout}${result.stderr}`);
    }
  });

  describe("npm start, in the Electron-faithful harness", () => {
    let app;
    let win;
    let doc;
    const hello = () => path.join(dir, "hello");
    const $ = (selector) => doc.document.querySelector(selector);
    const greet = async (name) => {
      $("#name").value = name;
      $("#greet").click();
      await settle(app);
      return $("#out").textContent;
    };

    before(() => {
      if (failed !== null) return;
      app = createApp();
    });
    after(() => app?.dispose());

    it("npm start would launch main.js with Electron, installed", (t) => {
      if (failed !== null) return t.skip(`an earlier step failed: ${failed}`);
      const pkg = JSON.parse(fs.readFileSync(path.join(hello(), "package.json"), "utf8"));
      assert.equal(pkg.main, "main.js");
      assert.equal(pkg.scripts?.start, "electron .");
      assert.ok(pkg.devDependencies?.electron, "electron is a dev dependency");
      assert.ok(fs.existsSync(path.join(hello(), "node_modules", "electron", "package.json")), "electron is installed");
    });

    it("opens one sandboxed, context-isolated window on index.html", async (t) => {
      if (failed !== null) return t.skip(`an earlier step failed: ${failed}`);
      failed = "loading hello/main.js in the harness";
      app.loadMain(path.join(hello(), "main.js"));
      await settle(app);
      const windows = app.electron.BrowserWindow.getAllWindows();
      assert.equal(windows.length, 1);
      [win] = windows;
      doc = app.renderer(win);
      assert.deepEqual(doc.errors, [], "the preload and renderer.js load without errors");
      assert.equal(win.webContents.getURL(), pathToFileURL(path.join(hello(), "index.html")).href);
      assert.equal(win.getTitle(), "Hello");
      const preferences = win.webContents._webPreferences;
      assert.equal(preferences.sandbox, true);
      assert.equal(preferences.contextIsolation, true);
      assert.equal(preferences.nodeIntegration, false);
      for (const name of ["require", "process", "module", "Buffer", "ipcRenderer"]) {
        assert.equal(doc.page.run(`typeof ${name}`), "undefined", `the page has no ${name}`);
      }
      assert.equal(doc.page.run("typeof window.greeter.hello"), "function", "the page has window.greeter");
      failed = null;
    });

    it("typing a name and clicking Greet shows the greeting from Rust", async (t) => {
      if (failed !== null) return t.skip(`an earlier step failed: ${failed}`);
      assert.equal(await greet("Ada"), "Hello, Ada, from Rust!");
      assert.equal(await greet("Grace Hopper"), "Hello, Grace Hopper, from Rust!");
    });

    it("an empty name shows the message of the typed error", async (t) => {
      if (failed !== null) return t.skip(`an earlier step failed: ${failed}`);
      assert.equal(await greet("   "), "Type a name first.");
      assert.equal(await greet(""), "Type a name first.");
      assert.equal(await greet("Ada"), "Hello, Ada, from Rust!", "and a name works again after");
      assert.deepEqual(doc.errors, []);
      assert.deepEqual(app.uncaught, []);
      assert.deepEqual(app.consoleErrors, [], "main logged no IPC handler error");
    });
  });
});
