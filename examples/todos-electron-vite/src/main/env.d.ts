// electron-vite's types for main and preload: `import x from "….node"` and
// `?asset` imports.
/// <reference types="electron-vite/node" />
