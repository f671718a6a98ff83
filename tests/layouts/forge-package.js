"use strict";
// What `electron-forge package` does with an app's forge.config.js, up to the
// step that needs Electron's binary: the plugins are loaded as Forge loads
// them, their `resolveForgeConfig` hooks run (the Vite plugin's `ignore`,
// auto-unpack-natives' `asar.unpack`), the Vite plugin's `prePackage` hook
// builds the bundles (Forge's own code, run under listr2 as Forge runs it),
// the app's files are copied through the resolved `ignore` as
// @electron/packager copies them, the plugins' `packageAfterCopy` hooks run
// (but the fuses plugin's, which edits the Electron binary),
// and the copy is archived with @electron/asar and the resolved `asar`
// options, as @electron/packager archives it.
//
//   node tests/layouts/forge-package.js <app folder> <output folder>
//
// Run in a process of its own: Forge's config and Vite resolve paths against
// the working directory, which this sets to the app's folder. Writes
// <output>/resources/app.asar (and app.asar.unpacked/) and prints the
// resolved packager options as JSON.

const fs = require("node:fs");
const path = require("node:path");
const asar = require("@electron/asar");
const { hooksNamed, loadForgeApp, runUnderListr } = require("./forge-app");

const [appDir, outDir] = process.argv.slice(2).map((dir) => path.resolve(dir));

/** Every file under `dir`, as `/relative/path` (what packager's filter is given). */
function* walk(dir, prefix = "") {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const name = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), name);
    else yield name;
  }
}

async function main() {
  process.chdir(appDir);
  const { forgeConfig, plugins } = loadForgeApp(appDir);

  let resolved = { ...forgeConfig, packagerConfig: { ...forgeConfig.packagerConfig } };
  for (const plugin of plugins) {
    for (const hook of hooksNamed(plugin, "resolveForgeConfig")) resolved = await hook(resolved);
  }

  for (const plugin of plugins) {
    for (const hook of hooksNamed(plugin, "prePackage")) {
      await runUnderListr(hook.__hookName ?? "prePackage", (task) =>
        hook.call(task, resolved, process.platform, process.arch),
      );
    }
  }

  const { ignore, asar: asarOptions } = resolved.packagerConfig;
  if (typeof ignore !== "function") throw new Error("packagerConfig.ignore is not the Vite plugin's function");
  const buildPath = path.join(outDir, "app");
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const file of walk(appDir)) {
    if (file.startsWith("/node_modules/") || ignore(file)) continue;
    fs.mkdirSync(path.dirname(path.join(buildPath, file)), { recursive: true });
    fs.copyFileSync(path.join(appDir, file), path.join(buildPath, file));
  }
  // The fuses plugin flips fuses in the Electron binary beside buildPath:
  // that step needs the binary, and is the one skipped.
  for (const plugin of plugins.filter((plugin) => plugin.name !== "fuses")) {
    for (const hook of hooksNamed(plugin, "packageAfterCopy")) {
      await hook(resolved, buildPath, "45.4.1", process.platform, process.arch);
    }
  }

  const resources = path.join(outDir, "resources");
  fs.mkdirSync(resources, { recursive: true });
  await asar.createPackageWithOptions(
    buildPath,
    path.join(resources, "app.asar"),
    asarOptions === true ? {} : asarOptions,
  );
  process.stdout.write(`${JSON.stringify({ asar: asarOptions, ignore: "function" })}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
