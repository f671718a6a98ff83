// Sync methods answer at once with an IpcResult, narrowed by `ok`; the typed
// error is `data` of ERR_HANDLER.
import type { IpcResult, SettingError } from "../../fixtures/sync/expected/ipc.js";

export function usage(): void {
  const theme = window.settings.theme();
  if (theme.ok) {
    const name: string = theme.value;
    console.log(name);
  } else {
    console.log(theme.error.code, theme.error.message);
  }

  const size: IpcResult<number, SettingError> = window.settings.get("fontSize");
  if (!size.ok && size.error.code === "ERR_HANDLER") {
    const missing: SettingError = size.error.data;
    console.log(missing);
  }
  const maximized = window.shell.isMaximized();
  const flag: boolean = maximized.ok ? maximized.value : false;
  console.log(flag);

  // @ts-expect-error a sync method is not a promise
  window.settings.theme().then(() => {});
  // @ts-expect-error the value is there only once `ok` is checked
  console.log(window.settings.theme().value);
  // @ts-expect-error `key` is a string
  window.settings.get(1);
  // @ts-expect-error without a typed error, ERR_HANDLER carries `never`
  const impossible: string = theme.ok ? "" : theme.error.code === "ERR_HANDLER" ? theme.error.data.key : "";
  console.log(impossible);
}
