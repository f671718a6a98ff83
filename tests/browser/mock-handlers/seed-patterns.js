// The seed-patterns example's main process, played for its page in Chromium:
// the generated typed mock (examples/seed-patterns/generated/ipc-mock.cjs,
// loaded before this script as `window.__ipcMockModule`) stands in for the
// preload; the file dialog answers a fixed file (path and bytes), and the test plays the
// Counter menu with `window.__ipcMock.counter.emit("updateCounter", step)`.
"use strict";

{
  const { installIpcMock } = window.__ipcMockModule;
  const mock = installIpcMock(window, {
    titleBar: { setTitle: () => {} },
    files: {
      openFile: () =>
        Promise.resolve({ path: "/home/user/notes.txt", contents: new TextEncoder().encode("hello"), size: 5n }),
    },
    counter: { counterValue: () => {} },
  });
  Object.defineProperty(window, "__ipcMock", { value: mock });
}
