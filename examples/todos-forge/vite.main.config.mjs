import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Forge's Vite plugin bundles src/main.js and the generated glue it imports
// into .vite/build/main.js (CommonJS). The Rust addon cannot be bundled: it
// is copied next to the bundle, where main requires it.
export default defineConfig({
  plugins: [
    {
      name: "copy-rust-addon",
      generateBundle() {
        this.emitFile({
          type: "asset",
          fileName: "core.node",
          source: readFileSync(fileURLToPath(new URL("core.node", import.meta.url))),
        });
      },
    },
  ],
});
