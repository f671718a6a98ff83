// Module customization hooks (node:module `register`, Node 20.6+) behind
// `app.importMain(file)`: in ES modules loaded through it, `import … from
// "electron"` is that app's fake module. Registered by `registerEsmHooks()`
// in esm.js; they stay for the whole process, so use them in a process of
// its own.
//
// The app travels in the module URL: importMain loads
// `file:///…/main.mjs?electron-harness-app=<id>`, and every file a tagged
// module imports is tagged the same way, so each app gets fresh copies of its
// main-process modules. Anything else resolves and loads as usual.

/** Query parameter naming the harness app of a module. */
const APP_PARAM = "electron-harness-app";
const ELECTRON = new Set(["electron", "electron/main"]);
const FAKE_SCHEME = "electron-harness:";

/** The named exports of the fake module (the keys of `app.electron`), from `register`'s data. */
let exportNames = [];

export function initialize(data) {
  exportNames = data.exportNames;
}

/** The harness app id of the module at `url`, or null. */
function appOf(url) {
  if (url === undefined || !url.startsWith("file:")) return null;
  return new URL(url).searchParams.get(APP_PARAM);
}

export async function resolve(specifier, context, nextResolve) {
  const app = appOf(context.parentURL);
  if (app === null) return nextResolve(specifier, context);
  if (ELECTRON.has(specifier)) {
    return { url: `${FAKE_SCHEME}electron?${APP_PARAM}=${app}`, shortCircuit: true };
  }
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.startsWith("file:")) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(APP_PARAM, app);
  return { ...resolved, url: url.href };
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith(FAKE_SCHEME)) return nextLoad(url, context);
  const app = JSON.stringify(new URL(url).searchParams.get(APP_PARAM));
  // Evaluated on the main thread, where esm.js keeps the apps by id.
  const source = [
    `const electron = globalThis[Symbol.for('electron-ipc-harness.apps')].get(${app}).electron;`,
    "export default electron;",
    ...exportNames.map((name) => `export const ${name} = electron.${name};`),
    "",
  ].join("\n");
  return { format: "module", source, shortCircuit: true };
}
