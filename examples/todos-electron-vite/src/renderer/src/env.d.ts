// The page's globals: `window.todos`, declared by the generated ipc.d.ts
// (its `declare global`), and Vite's client types (CSS imports).
/// <reference types="vite/client" />
/// <reference path="../../generated/ipc.d.ts" />
