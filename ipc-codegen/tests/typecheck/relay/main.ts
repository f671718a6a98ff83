// Main gives windows their roles and sets the relay's limits.
import { BrowserWindow } from "electron";
import { registerIpc } from "../../fixtures/relay/expected/main.cjs";

declare const backend: Parameters<typeof registerIpc>[0]["backend"];

const registration = registerIpc({
  backend,
  allowedOrigins: ["app://main"],
  relay: { perSecond: 100, pendingPerTarget: 8, timeoutMs: 5000 },
  handlers: { shell: { title: () => "main" } },
});
const win = new BrowserWindow();
registration.registerWindow(win, "settings");
registration.registerWindow(win.webContents, "settings");
registration.unregisterWindow(win);
// @ts-expect-error a role is a string
registration.registerWindow(win, 3);
registerIpc({
  backend,
  allowedOrigins: ["app://main"],
  // @ts-expect-error the limits are numbers
  relay: { perSecond: "fast" },
  handlers: { shell: { title: () => "" } },
});
