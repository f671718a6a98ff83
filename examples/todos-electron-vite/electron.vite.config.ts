// electron-vite bundles the three parts of the app into out/: main and
// preload as CommonJS for Node (Electron's `require`), the renderer as a web
// page. `@generated` is the folder `npm run ipc` writes (ipc-codegen.toml).
import { resolve } from "node:path";
import { defineConfig } from "electron-vite";
import type { Plugin } from "vite";

const generated = resolve(__dirname, "src/generated");

/**
 * Under `electron-vite dev` only: Vite's client injects the page's CSS as
 * <style> elements and reloads over a WebSocket, which the page's policy
 * forbids; the built page keeps the strict one.
 */
const devServerPolicy: Plugin = {
  name: "dev-server-content-security-policy",
  apply: "serve",
  transformIndexHtml: (html) =>
    html
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'none'", "connect-src ws:"),
};

export default defineConfig({
  main: {
    resolve: { alias: { "@generated": generated } },
  },
  preload: {
    build: {
      rollupOptions: {
        // The preload runs sandboxed (`sandbox: true`, which
        // secureWebPreferences enforces): it can `require` only "electron"
        // and a few Node built-ins, so it must be one self-contained file,
        // the generated API bundled in (never made external).
        output: { format: "cjs", inlineDynamicImports: true },
      },
    },
    resolve: { alias: { "@generated": generated } },
  },
  renderer: {
    // Only types come from src/generated: nothing of it is bundled here.
    resolve: { alias: { "@generated": generated } },
    plugins: [devServerPolicy],
  },
});
