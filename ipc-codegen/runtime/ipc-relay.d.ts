// Window-to-window messages: relays that main routes between the app's windows by role.

/**
 * A role main gives a window with `registration.registerWindow(win, role)`:
 * lowercase kebab-case, e.g. `"settings"`. Pages address windows by role,
 * never by id, and receive the sender's role with each message.
 */
export type IpcRole = string;

/** The options a relay request takes after its payload. */
export interface IpcRelayOptions {
  /** The deadline in milliseconds: past it, the promise rejects with `ERR_TIMEOUT`. Main's default applies when absent. */
  readonly timeout?: number;
}

/** A one-way relay (`#[ipc(relay)]` without a return type). */
export interface IpcRelay<Payload extends unknown[]> {
  /**
   * Sends the message to every other window of `role`. Resolves once main
   * delivered it; rejects with an IpcError (`ERR_UNKNOWN_ROLE`,
   * `ERR_NO_TARGET`, `ERR_SELF_TARGET`, `ERR_RATE_LIMITED`, `ERR_FORBIDDEN`,
   * `ERR_BAD_ARGUMENTS`, …).
   */
  to(role: IpcRole, ...payload: Payload): Promise<void>;
}

/** A relay request (`#[ipc(relay)]` with a return type): one window of the role answers. */
export interface IpcRelayRequest<Payload extends unknown[], Answer> {
  /**
   * Asks the oldest open window of `role` (the first registered) and
   * resolves with its answer; rejects with an IpcError (`ERR_TIMEOUT` past
   * the deadline, `ERR_TARGET_GONE` when that window closes or navigates
   * first, `ERR_NO_TARGET` when it sets no answerer, and those of `IpcRelay`).
   */
  to(role: IpcRole, ...payload: Payload): Promise<Answer>;
  to(role: IpcRole, ...payloadAndOptions: [...Payload, IpcRelayOptions]): Promise<Answer>;
}
