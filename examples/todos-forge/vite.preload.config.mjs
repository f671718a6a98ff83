import { defineConfig } from "vite";

// Forge's Vite plugin bundles src/preload.js, with the generated API module it
// imports, into one CommonJS file, .vite/build/preload.js, that requires only
// "electron": the window is sandboxed, and a sandboxed preload can load no
// other file. Whatever it imports must be bundled, never made external.
export default defineConfig({});
