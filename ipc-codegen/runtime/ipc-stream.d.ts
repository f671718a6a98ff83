/**
 * The options a stream method takes after its declared arguments, e.g.
 * `logs.tail("app.log", { signal })`.
 */
export interface IpcStreamOptions {
  /**
   * Ends the stream when it aborts, as `break` does: the iteration finishes
   * without an error, and the main process drops the Rust stream. Needs
   * Electron 35 or later (contextBridge cannot carry an AbortSignal; the
   * preload's page-realm adapter keeps it in the page).
   */
  readonly signal?: AbortSignal;
}
