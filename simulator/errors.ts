/**
 * Errors the simulator throws: all of them are about its configuration (a users file, registrar
 * options), so they are the caller's fault. Nothing a registrant sends is thrown: a bad request
 * gets a SIP answer or is dropped by the transaction layer. Messages never carry a password or an
 * HA1 (spec D16).
 */
import { UacregError } from "../engine/errors.js";

export type SimulatorErrorCode =
  /** A users file line that does not parse; `line` and `reason` say where and why. */
  | "users_file_invalid"
  /** A registrar option out of range or contradicting another one; the message names it. */
  | "registrar_config_invalid";

export class SimulatorError extends UacregError {
  declare readonly code: SimulatorErrorCode;

  constructor(code: SimulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, "local", message, options);
  }
}

/** A users file that does not parse. */
export class UsersFileError extends SimulatorError {
  /** 1-based line number in the file. */
  readonly line: number;
  /** What is wrong, without the line's text (it may hold a password). */
  readonly reason: string;

  constructor(source: string, line: number, reason: string) {
    super("users_file_invalid", `${source} line ${line}: ${reason}`);
    this.line = line;
    this.reason = reason;
  }
}

/** Throws `registrar_config_invalid` naming the option. */
export function configError(option: string, reason: string): never {
  throw new SimulatorError("registrar_config_invalid", `registrar option ${option}: ${reason}`);
}
