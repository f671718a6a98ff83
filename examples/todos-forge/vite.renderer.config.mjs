import { defineConfig } from "vite";

/**
 * Under `electron-forge start` only: Vite's client injects the page's CSS as
 * <style> elements and reloads over a WebSocket, which the page's policy
 * forbids; the built page keeps the strict one.
 */
const devServerPolicy = {
  name: "dev-server-content-security-policy",
  apply: "serve",
  transformIndexHtml: (html) =>
    html
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'none'", "connect-src ws:"),
};

// The page: index.html and src/renderer.js, bundled into
// .vite/renderer/main_window/.
export default defineConfig({
  plugins: [devServerPolicy],
});
