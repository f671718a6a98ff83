"use strict";
// What `electron-forge start` does for the page before it launches
// Electron: the Vite plugin's renderer dev servers (Forge's own code, under
// listr2 as Forge runs it). Prints the page's URL, then serves until its
// standard input closes.
//
//   node tests/layouts/forge-dev-server.js <app folder>
//
// In a process of its own: Vite resolves the app's config files against the
// working directory, which this sets to the app's folder.

const path = require("node:path");
const { loadForgeApp, runUnderListr } = require("./forge-app");

async function main() {
  const appDir = path.resolve(process.argv[2]);
  process.chdir(appDir);
  const { plugins } = loadForgeApp(appDir);
  const vite = plugins.find((plugin) => plugin.name === "vite");
  if (vite === undefined) throw new Error("forge.config.js has no Vite plugin");
  await runUnderListr("Launching Vite dev servers for renderer process code", (task) =>
    vite.launchRendererDevServers(task),
  );
  const [server] = vite.servers;
  process.stdout.write(`${server.resolvedUrls.local[0]}\n`);
  process.stdin.on("end", async () => {
    await server.close();
    process.exit(0);
  });
  process.stdin.resume();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
