// The fixed declarations of the mock: copied into ipc-mock.d.cts after the
// imports, which the generator writes (IpcChannel and IpcErrorCode come from ipc.d.ts).

/**
 * A failure a mock handler returns (typed) or throws: the page's call
 * rejects with the IpcError the real preload would reject with.
 */
export interface IpcMockFailure<E> {
  readonly code: IpcErrorCode;
  readonly message: string;
  readonly data: E;
}

/** What the mock handler of an invoke method answers: the value or a failure, or a promise of either. */
export type IpcMockReply<R, E> = R | IpcMockFailure<E> | Promise<R | IpcMockFailure<E>>;

/**
 * What the mock handler of a stream method answers: the items, as an async
 * iterable (an async generator, say) or an iterable, or the setup error as
 * a failure; or a promise of either. A failure the iterable throws ends the
 * page's iteration with its IpcError, after the items before it.
 */
export type IpcMockStream<T, E> =
  | AsyncIterable<T>
  | Iterable<T>
  | IpcMockFailure<E>
  | Promise<AsyncIterable<T> | Iterable<T> | IpcMockFailure<E>>;

/**
 * The method's typed error (the Rust `Err` value): the call rejects with
 * `code: "ERR_HANDLER"` and `data`. A handler's return type only accepts
 * the error type of its method.
 */
export declare function fail<E>(data: E, message?: string): IpcMockFailure<E>;

/**
 * A failure of any code, e.g. `failWith("ERR_FORBIDDEN", "refused", { reason: "…" })`.
 * Its `data` is not checked: prefer `fail` for the method's own error.
 */
export declare function failWith(code: IpcErrorCode, message: string, data?: unknown): IpcMockFailure<never>;

/** One invoke, sendSync, send or stream that reached the mock. */
export interface IpcMockCall {
  /** The service, e.g. `"todos"`. */
  readonly namespace: string;
  /** The method, e.g. `"add"`. */
  readonly method: string;
  readonly channel: IpcChannel;
  readonly kind: "invoke" | "sendSync" | "send" | "stream";
  /** Copies of the arguments, as the handler received them. */
  readonly args: readonly unknown[];
  /** What the handler threw, if it threw. */
  readonly error?: unknown;
}

/** The parameters of a handler type, as a tuple. */
export type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

/**
 * The controls of one mocked service: `H` are its handlers, `V` its events
 * (as their listeners), `S` its states (as their values).
 */
export interface IpcMockService<H, V, S = Record<never, never>> {
  /** Sets the handler of an invoke, sendSync, send or stream method; `undefined` removes it. */
  handle<K extends keyof H & string>(method: K, handler: H[K] | undefined): void;
  /** The arguments of every call of `method`, oldest first. */
  calls<K extends keyof H & string>(method: K): Array<ArgumentsOf<H[K]>>;
  /** Delivers an event to the page's subscribers, as the main process would. */
  emit<K extends keyof V & string>(event: K, ...args: ArgumentsOf<V[K]>): void;
  /** How many subscriptions the page holds on `event` (0 once it has unsubscribed). */
  listenerCount(event: keyof V & string): number;
  /**
   * Publishes a new value of a state, as the main process would: the page's
   * stores that follow it get it, and a store that starts following later
   * reads it. Until a state is set, reading it fails with `ERR_BAD_RESPONSE`.
   */
  setState<K extends keyof S & string>(state: K, value: S[K]): void;
  /** Whether the page follows `state` now (0 or 1: the preload follows a state once, however many subscribers it has). */
  stateFollowers(state: keyof S & string): number;
}

/** What every mock has besides its services. */
export interface IpcMockBase {
  /** Every invoke and send the page made, oldest first. */
  readonly calls: readonly IpcMockCall[];
  /** The calls that found no handler (an invoke rejects with `ERR_UNKNOWN_CHANNEL`). */
  readonly unhandled: readonly IpcMockCall[];
  /** Forgets the calls; the handlers stay. */
  reset(): void;
  /** Removes the services from the window they were installed on. */
  restore(): void;
}
