/**
 * Errors the simulator throws: all of them are about its configuration (a users file, a script,
 * registrar options), so they are the caller's fault. Nothing a registrant sends is thrown: a bad request
 * gets a SIP answer or is dropped by the transaction layer. Messages never carry a password or an
 * HA1 (spec D16).
 */
import { UacregError } from "../engine/errors.js";
import { formatProblem, type SourceProblem } from "../engine/yaml/index.js";

export type SimulatorErrorCode =
  /** A users file line that does not parse; `line` and `reason` say where and why. */
  | "users_file_invalid"
  /** A registrar option out of range or contradicting another one; the message names it. */
  | "registrar_config_invalid"
  /** A registrar script that does not parse or cannot run; `problems` say where and why. */
  | "script_invalid"
  /** A simulator config file (several registrars) that does not parse; `problems` say where and why. */
  | "simulator_config_invalid";

/** What the simulator throws for its own bad input (options, scripts, users and config files): always our caller's fault. */
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

/** One thing wrong in a script: where (JSON pointer, and the line when known) and why. */
export type ScriptProblem = SourceProblem;

/** A script that does not parse, breaks the schema or cannot run; lists every problem found. */
export class ScriptError extends SimulatorError {
  readonly source: string;
  /** At least one, in document order. */
  readonly problems: readonly ScriptProblem[];

  constructor(source: string, problems: readonly ScriptProblem[]) {
    super("script_invalid", problems.map((problem) => formatProblem(source, problem)).join("\n"));
    this.source = source;
    this.problems = problems;
  }

  /** The first problem's JSON pointer. */
  get path(): string {
    return this.problems[0]?.path ?? "";
  }

  /** The first problem's reason. */
  get reason(): string {
    return this.problems[0]?.reason ?? "";
  }
}

/** A simulator config file that does not parse or breaks its schema; lists every problem found. */
export class SimulatorConfigError extends SimulatorError {
  readonly source: string;
  /** At least one, in document order. */
  readonly problems: readonly ScriptProblem[];

  constructor(source: string, problems: readonly ScriptProblem[]) {
    super("simulator_config_invalid", problems.map((problem) => formatProblem(source, problem)).join("\n"));
    this.source = source;
    this.problems = problems;
  }
}

/** Throws `registrar_config_invalid` naming the option. */
export function configError(option: string, reason: string): never {
  throw new SimulatorError("registrar_config_invalid", `registrar option ${option}: ${reason}`);
}
