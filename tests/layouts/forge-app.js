"use strict";
// Loading an app's forge.config.js and its plugins as Electron Forge's core
// does, and running a plugin's hook as Forge runs it: shared by
// forge-package.js and forge-dev-server.js.

const path = require("node:path");

/** Forge's PluginInterface: a plugin object as it is, or `{ name, config }` required from the app. */
function loadPlugin(appDir, entry) {
  if (entry.__isElectronForgePlugin) return entry;
  const exported = require(require.resolve(entry.name, { paths: [appDir] }));
  const Plugin = exported.default ?? exported;
  return new Plugin(entry.config);
}

/** The app's forge.config.js and its plugins, initialised. */
function loadForgeApp(appDir) {
  const forgeConfig = require(path.join(appDir, "forge.config.js"));
  const plugins = forgeConfig.plugins.map((entry) => loadPlugin(appDir, entry));
  for (const plugin of plugins) plugin.init(appDir, forgeConfig);
  return { forgeConfig, plugins };
}

/** The hooks of one name a plugin has (Forge allows one or a list). */
function hooksNamed(plugin, name) {
  const hook = plugin.getHooks()[name];
  if (hook === undefined) return [];
  return Array.isArray(hook) ? hook : [hook];
}

/** Runs `work(task)` as a listr2 task, as Forge's core runs its hooks; the subtasks it returns run too. */
async function runUnderListr(title, work) {
  const { Listr } = require(require.resolve("listr2", { paths: [require.resolve("@electron-forge/plugin-vite")] }));
  await new Listr([{ title, task: (_ctx, task) => work(task) }], { renderer: "silent", exitOnError: true }).run();
}

module.exports = { hooksNamed, loadForgeApp, runUnderListr };
