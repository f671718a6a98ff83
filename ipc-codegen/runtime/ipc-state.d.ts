// States: values owned by the main process that the page reads and follows.

/**
 * The store of one state (`#[ipc(state)]`), usable from any UI framework:
 * `subscribe` and `getSnapshot` are the pair React's `useSyncExternalStore`
 * takes, a Svelte store's `subscribe` and a Vue watcher can be built on
 * them, and plain DOM code calls them directly.
 */
export interface IpcState<T> {
  /**
   * Calls `listener` after each new value. The page follows the state while
   * it has listeners. Returns the function that removes this listener.
   */
  subscribe(listener: () => void): () => void;
  /**
   * The latest value the page received: the same object until the value
   * changes; `undefined` before the first (see `load` and `loadSync`).
   */
  getSnapshot(): T | undefined;
  /** The version of the snapshot: 1 for the first value main published, one more for each later one; 0 before the first. */
  getVersion(): number;
  /** Resolves with the value once the page has one, reading it from main if needed; rejects with the IpcError main answered. */
  load(): Promise<T>;
  /**
   * The value, at once: when the page has none yet, read with a blocking
   * round trip to main (`ipcRenderer.sendSync`), which freezes the page
   * until main answers. Throws the IpcError main answered.
   */
  loadSync(): T;
}
