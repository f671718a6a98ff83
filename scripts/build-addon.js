#!/usr/bin/env node
// Builds a crate of this workspace as a Node-API addon and copies the
// library to a `.node` file, for the current platform.
//
//   node scripts/build-addon.js -p <package> [--release] --out <path.node>
//
// A `.node` file is the platform's shared library under another name, so
// this is `cargo build -p <package> [--release]` followed by a copy of
// `target/<profile>/lib<name>.so` (`lib<name>.dylib` on macOS,
// `<name>.dll` on Windows), where <name> is the crate's library name.
// The package must be a `crate-type = ["cdylib"]` crate that uses
// `ipc_runtime::node_addon!`. No dependencies beyond Node itself.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const USAGE = 'usage: node scripts/build-addon.js -p <package> [--release] --out <path.node>';

function parseArgs(argv) {
  const options = { package: null, release: false, out: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-p' || arg === '--package') options.package = argv[++i];
    else if (arg === '--release') options.release = true;
    else if (arg === '--out') options.out = argv[++i];
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (!options.package || !options.out) fail(USAGE);
  return options;
}

function fail(message) {
  console.error(`build-addon: ${message}`);
  process.exit(1);
}

function cargo(args, capture) {
  const result = spawnSync('cargo', args, {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) fail(`cannot run cargo: ${result.error.message}`);
  if (result.status !== 0) fail(`cargo ${args[0]} failed (exit code ${result.status})`);
  return result.stdout;
}

// The file name cargo gives a cdylib on this platform.
function libraryFileName(libName) {
  switch (process.platform) {
    case 'win32':
      return `${libName}.dll`;
    case 'darwin':
      return `lib${libName}.dylib`;
    default:
      return `lib${libName}.so`;
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const metadata = JSON.parse(cargo(['metadata', '--format-version', '1', '--no-deps'], true));
  const pkg = metadata.packages.find((p) => p.name === options.package);
  if (!pkg) fail(`no package ${JSON.stringify(options.package)} in this workspace`);
  const lib = pkg.targets.find((t) => t.crate_types.includes('cdylib'));
  if (!lib) fail(`${options.package} has no cdylib target: add crate-type = ["cdylib"] to its [lib]`);

  const build = ['build', '-p', options.package, '--lib'];
  if (options.release) build.push('--release');
  cargo(build, false);

  const profile = options.release ? 'release' : 'debug';
  // Cargo names the library after the target, with `-` turned into `_`.
  const built = path.join(metadata.target_directory, profile, libraryFileName(lib.name.replace(/-/g, '_')));
  if (!fs.existsSync(built)) fail(`cargo did not write ${built}`);
  const out = path.resolve(options.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Copy to a temporary name, then rename: a process that has the old
  // addon loaded keeps its mapping, and no one sees a half-written file.
  const temporary = `${out}.${process.pid}.tmp`;
  fs.copyFileSync(built, temporary);
  fs.renameSync(temporary, out);
  console.log(`build-addon: ${path.relative(process.cwd(), out)} (${profile})`);
}

main();
