"use strict";
// Electronegativity (@doyensec/electronegativity, pinned in the root
// lockfile) over the generated code, the documented main setup and the
// example apps. None may have a finding; each check disabled in the
// documented setup or an example is disabled in place (`eng-disable`) with
// its reason next to it.

const assert = require("node:assert/strict");
const { execFile, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { after, before, describe, it } = require("node:test");

const { ROOT, generatedDir } = require("./support/setup.js");

const CLI = path.join(ROOT, "node_modules", "@doyensec", "electronegativity", "dist", "index.js");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ipc-eng-"));

/**
 * What git ignores under examples/ (addons, and the bundler layouts' build
 * output and generated folders): not the apps' source, and the tests of
 * tests/layouts/ may be rewriting it while a scan copies.
 */
const IGNORED = new Set(
  (
    spawnSync("git", ["ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "examples"], {
      cwd: ROOT,
      encoding: "utf8",
    }).stdout ?? ""
  )
    .split("\n")
    .filter(Boolean)
    .map((file) => path.join(ROOT, file.replace(/\/$/, ""))),
);

/** One CSV line into fields (quoted fields may hold commas and doubled quotes). */
function fields(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      out.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(",", i);
      const stop = end === -1 ? line.length : end;
      out.push(line.slice(i, stop).trim());
      i = stop + 1;
    }
  }
  return out;
}

/**
 * Runs the scanner over `input`; resolves its findings as `{ issue, file,
 * location, sample }`. Each run waits a few seconds for network look-ups
 * the tool attempts (translations), so the suite runs its scans at once.
 */
function scan(input, exclude = []) {
  const csv = path.join(scratch, `scan-${Math.random().toString(36).slice(2)}.csv`);
  // The Electron version the workspace pins (the generated folders carry no package.json).
  const args = [CLI, "-i", input, "-r", "-v", "false", "-e", "45.4.1", "-o", csv];
  if (exclude.length > 0) args.push("-x", exclude.join(","));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`electronegativity failed on ${input}:\n${stdout}\n${stderr}`));
        return;
      }
      const lines = fs
        .readFileSync(csv, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      resolve(
        lines.slice(1).map((line) => {
          const [issue, , , file, location, sample] = fields(line);
          return { issue, file, location, sample };
        }),
      );
    });
  });
}

/**
 * A copy of `dir` in which CommonJS and ES-module files (`.cjs`, `.mjs`,
 * such as the generated main glue and its runtime) also end in `.js`
 * (`main.cjs.js`): the scanner reads only `.js`, `.jsx`, `.ts`, `.tsx` and
 * HTML files.
 */
function scannable(dir) {
  const copy = path.join(scratch, `copy-${Math.random().toString(36).slice(2)}`);
  const filter = (source) => !source.includes(`${path.sep}node_modules`) && !IGNORED.has(source);
  fs.cpSync(dir, copy, { recursive: true, filter });
  const rename = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) rename(file);
      else if (/\.[cm]js$/.test(entry.name)) fs.renameSync(file, `${file}.js`);
    }
  };
  rename(copy);
  return copy;
}

const show = (findings) => findings.map((f) => `${f.issue} ${f.file}:${f.location}`).join("\n");

/** The generated files of the security schema, with the documented main setup around them. */
function documentedApp() {
  const dir = path.join(scratch, "app");
  fs.cpSync(path.join(__dirname, "fixtures", "electron-app"), dir, { recursive: true });
  fs.cpSync(generatedDir(), path.join(dir, "ipc"), { recursive: true });
  return dir;
}

// Checks about the app as a whole, which generated files alone cannot
// satisfy: a CSP lives in the app's HTML, navigation limits and the
// permission handler in the app's own main.js (the documented setup below
// has all three, and is scanned without exclusions).
// (The command line takes the checks' class names.)
const APP_WIDE = ["CSPGlobalCheck", "LimitNavigationGlobalCheck", "PermissionRequestHandlerGlobalCheck"];

const GOLDEN = path.join(ROOT, "ipc-codegen", "tests", "fixtures", "todos", "expected");
const EXAMPLES = path.join(ROOT, "examples");
// Each example app on its own too: scanned together, one app's navigation
// limits or permission handler would satisfy the app-wide checks for both.
const EXAMPLE_APPS = fs
  .readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("electronegativity", () => {
  let scans;
  before(() => {
    scans = {
      golden: scan(scannable(GOLDEN), APP_WIDE),
      generated: scan(scannable(generatedDir()), APP_WIDE),
      documented: scan(scannable(documentedApp())),
      examples: scan(scannable(EXAMPLES)),
    };
    for (const name of EXAMPLE_APPS) scans[`examples/${name}`] = scan(scannable(path.join(EXAMPLES, name)));
    // Failures surface in the tests that await them.
    for (const promise of Object.values(scans)) promise.catch(() => {});
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("finds nothing in the generated code (golden todos output, security schema output)", async () => {
    for (const name of ["golden", "generated"]) {
      const findings = await scans[name];
      assert.deepEqual(findings, [], `${name}:\n${show(findings)}`);
    }
  });

  it("finds nothing in the documented main setup with its generated glue", async () => {
    const findings = await scans.documented;
    assert.deepEqual(findings, [], show(findings));
  });

  it("finds nothing in examples/, app code and generated files alike", async () => {
    const findings = await scans.examples;
    assert.deepEqual(findings, [], show(findings));
  });

  it("finds nothing in each example app scanned on its own", async () => {
    assert.ok(EXAMPLE_APPS.length >= 2, `example apps found: ${EXAMPLE_APPS.join(", ")}`);
    for (const name of EXAMPLE_APPS) {
      const findings = await scans[`examples/${name}`];
      assert.deepEqual(findings, [], `examples/${name}:\n${show(findings)}`);
    }
  });
});
