// A stand-in for the seed-patterns example's generated preload
// (window.titleBar, window.files, window.counter, typed by
// examples/seed-patterns/generated/ipc.d.ts): calls are recorded, the file
// dialog answers a fixed path, and the test plays the Counter menu with
// `window.__standIn.emit("counter:updateCounter", step)`. Runs after
// common.js.
"use strict";

{
  const { record, subscriber, exposeStandIn } = window.__standIn;

  exposeStandIn("titleBar", {
    setTitle: (title) => record("titleBar:setTitle", [title]),
  });
  exposeStandIn("files", {
    openFile: () => {
      record("files:openFile", []);
      return Promise.resolve("/home/user/notes.txt");
    },
  });
  exposeStandIn("counter", {
    onUpdateCounter: subscriber("counter:updateCounter"),
    counterValue: (value) => record("counter:counterValue", [value]),
  });
}
