// The relays of `window.prefs` as a page uses them: typed payloads and
// answers, the sender's role first in what a window receives.
import type { IpcError, IpcRole, Theme } from "../../fixtures/relay/expected/ipc.js";

export async function send(theme: Theme): Promise<boolean> {
  const delivered: Promise<void> = window.prefs.themeChanged.to("editor", theme);
  await delivered;
  const yes: boolean = await window.prefs.confirm.to("settings", "Quit?", 5);
  const alsoYes: boolean = await window.prefs.confirm.to("settings", "Quit?", 5, { timeout: 1000 });
  const picked: string | null = await window.shell.pick.to("main", ["a", "b"]);
  await window.prefs.blob?.to("files", new Uint8Array([1]), 3);
  console.log(picked);
  return yes && alsoYes;
}

export function receive(): () => void {
  const off = window.prefs.onThemeChanged((from: IpcRole, theme: Theme) => {
    console.log(from, theme.name, theme.dark);
  });
  const stop = window.prefs.answerConfirm(async (from, question, hint) => from === "main" && question.length > hint);
  window.shell.answerPick((_from, options) => options[0] ?? null);
  return () => {
    off();
    stop();
  };
}

export async function refusals(): Promise<string> {
  try {
    await window.prefs.confirm.to("settings", "Quit?", 5);
    return "answered";
  } catch (error) {
    const { code } = error as IpcError;
    if (code === "ERR_TARGET_GONE" || code === "ERR_NO_TARGET" || code === "ERR_RATE_LIMITED") return code;
    return code;
  }
}

export function misuse(theme: Theme): void {
  // @ts-expect-error the payload is a Theme
  window.prefs.themeChanged.to("editor", "dark");
  // @ts-expect-error a one-way relay takes no options
  window.prefs.themeChanged.to("editor", theme, { timeout: 5 });
  // @ts-expect-error the role comes first
  window.prefs.themeChanged.to(theme);
  // @ts-expect-error the answer is a boolean
  window.prefs.answerConfirm(() => "yes");
  // @ts-expect-error a window without `files` may not have `blob`
  window.prefs.blob.to("files", new Uint8Array([1]), 3);
  // @ts-expect-error the sender cannot be written
  window.prefs.themeChanged = {} as never;
}
