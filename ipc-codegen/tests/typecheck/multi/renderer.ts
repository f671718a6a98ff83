// Two schemas merged: every service on `window`, shared types declared once.
import type { FilesImportError, Theme, Todo } from "../../fixtures/multi/expected/ipc.js";

export async function usage(todos: Todo[]): Promise<void> {
  const imported: number = await window.files.import(todos, true).catch((reason: FilesImportError) => {
    const message: string = reason.code === "ERR_HANDLER" ? reason.data : reason.message;
    console.log(message);
    return 0;
  });
  const theme: Theme = await window.settings.theme();
  await window.settings.setTheme("dark");
  window.settings.pin(todos[0]);
  const list: Todo[] = await window.todos.list();
  window.files.onProgress((done, total) => console.log(done / total));
  console.log(imported, theme, list);

  // @ts-expect-error not a Theme
  await window.settings.setTheme("blue");
  // @ts-expect-error progress gives two numbers
  window.files.onProgress((done: string) => console.log(done));
}
