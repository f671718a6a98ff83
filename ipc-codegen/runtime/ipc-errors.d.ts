// Errors: an IPC call rejects with a plain object, discriminated by `code`.

/** Every code an IPC call can fail with. */
export type IpcErrorCode =
  | "ERR_UNKNOWN_CHANNEL"
  | "ERR_BAD_ARGUMENTS"
  | "ERR_HANDLER"
  | "ERR_PANIC"
  | "ERR_FORBIDDEN"
  | "ERR_PAYLOAD_TOO_LARGE"
  | "ERR_BAD_RESPONSE"
  | "ERR_TIMEOUT"
  | "ERR_TRANSPORT"
  | "ERR_SCHEMA_MISMATCH"
  | "ERR_CANCELLED"
  | "ERR_STREAM_LIMIT"
  | "ERR_UNKNOWN_ROLE"
  | "ERR_NO_TARGET"
  | "ERR_SELF_TARGET"
  | "ERR_RATE_LIMITED"
  | "ERR_TARGET_GONE";

/** `data` of `ERR_BAD_ARGUMENTS`: which argument was wrong, and where inside it. */
export interface IpcBadArgumentsData {
  /** Zero-based position of the offending argument. */
  readonly index?: number;
  /** Declared name of the offending argument. */
  readonly argument?: string;
  /** Path to the offending value inside the argument, e.g. `items[2].title`; `.` for the argument itself. */
  readonly path?: string;
  /** Number of arguments the method takes (wrong argument count only). */
  readonly expected?: number;
  /** Number of arguments it was given (wrong argument count only). */
  readonly received?: number;
}

/**
 * `data` of `ERR_SCHEMA_MISMATCH`: the preload, the main-process glue and the
 * addon were not all built from the same schema.
 */
export interface IpcSchemaMismatchData {
  /** The part built from another schema than the others: rebuild or regenerate it. */
  readonly part: "preload" | "main" | "addon";
  /** The app whose schema differs. */
  readonly app: string;
  /** The main glue's hash of the schema (`sha256:…`). */
  readonly expected: string;
  /** The other part's hash, or `null` when it could not tell. */
  readonly actual: string | null;
}

/** What every IPC error carries. It is a plain object, not an `Error`. */
export interface IpcErrorBase<C extends IpcErrorCode> {
  readonly name: "IpcError";
  readonly code: C;
  /** A human-readable explanation. Never parse it: use `code` and `data`. */
  readonly message: string;
  /** The channel of the failed call, e.g. `"todos:add"`. */
  readonly channel: string;
}

/**
 * The reason an IPC call rejects with. Narrow it by `code`; `ERR_HANDLER`
 * carries `E`, the method's typed error (the Rust `Err` value).
 */
export type IpcError<E = never> =
  | (IpcErrorBase<"ERR_UNKNOWN_CHANNEL"> & { readonly data: { readonly channel: string } })
  | (IpcErrorBase<"ERR_BAD_ARGUMENTS"> & { readonly data: IpcBadArgumentsData })
  | (IpcErrorBase<"ERR_HANDLER"> & { readonly data: E })
  | IpcErrorBase<"ERR_PANIC">
  | (IpcErrorBase<"ERR_FORBIDDEN"> & {
      /** `capability`: the one the window lacks, when that is the reason (docs/wire.md, "Capabilities"). */
      readonly data: { readonly reason: string; readonly capability?: string };
    })
  | (IpcErrorBase<"ERR_PAYLOAD_TOO_LARGE"> & { readonly data: { readonly limit: number; readonly size: number } })
  | IpcErrorBase<"ERR_BAD_RESPONSE">
  | (IpcErrorBase<"ERR_TIMEOUT"> & { readonly data: { readonly timeoutMs: number } })
  | IpcErrorBase<"ERR_TRANSPORT">
  | (IpcErrorBase<"ERR_SCHEMA_MISMATCH"> & { readonly data: IpcSchemaMismatchData })
  | (IpcErrorBase<"ERR_CANCELLED"> & { readonly data: IpcCancelledData })
  | (IpcErrorBase<"ERR_STREAM_LIMIT"> & { readonly data: { readonly limit: number } })
  | (IpcErrorBase<"ERR_UNKNOWN_ROLE"> & { readonly data: IpcRoleData })
  | (IpcErrorBase<"ERR_NO_TARGET"> & { readonly data: IpcRoleData })
  | (IpcErrorBase<"ERR_SELF_TARGET"> & { readonly data: IpcRoleData })
  | (IpcErrorBase<"ERR_RATE_LIMITED"> & { readonly data: IpcRateLimitedData })
  | (IpcErrorBase<"ERR_TARGET_GONE"> & { readonly data: IpcRoleData });

/** `data` of the relay's refusals: the role the message was addressed to. */
export interface IpcRoleData {
  readonly role: string;
}

/** `data` of `ERR_RATE_LIMITED`: the limit reached, messages per second of the sender or pending requests of the target. */
export interface IpcRateLimitedData {
  readonly limit: number;
  readonly per: "second" | "pending";
}

/** `data` of `ERR_CANCELLED`: what ended the call. */
export interface IpcCancelledData {
  /** The page's AbortSignal, the end of the calling frame (closed, reloaded, navigated) or the main glue's dispose. */
  readonly reason: "signal" | "frame" | "dispose";
}

/**
 * The options an invoke takes after its declared arguments, e.g.
 * `todos.add("milk", { signal, timeout: 5000 })`. Either way the promise
 * rejects at once and the main process drops the handler's work.
 */
export interface IpcCallOptions {
  /**
   * Cancels the call when it aborts: the promise rejects with
   * `ERR_CANCELLED`. Needs Electron 35 or later (contextBridge cannot carry
   * an AbortSignal; the preload's page-realm adapter keeps it in the page).
   */
  readonly signal?: AbortSignal;
  /** A deadline in milliseconds (0 to 2^31 - 1): the promise rejects with `ERR_TIMEOUT`. */
  readonly timeout?: number;
}

/**
 * What a `sync` method returns: its value, or the IpcError it failed with. A
 * sync call does not throw it, as contextBridge keeps only the message of an
 * error thrown across it.
 */
export type IpcResult<T, E = never> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: IpcError<E> };
