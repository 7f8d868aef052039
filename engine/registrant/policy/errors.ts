/**
 * Errors of the registrant layer. Two kinds: configuration a user got wrong (a module parameter,
 * a row) — local, catchable, and named so that MI and the loader can say which field failed and
 * why (ARCHITECTURE.md "Contracts"); and a call the state machine cannot make sense of, which is
 * a bug in uacreg, never a peer's doing (network input has a row in the table and never throws).
 *
 * No message ever carries a password (spec D16): messages name fields, and quote only values
 * that are not secrets.
 */
import { UacregError } from "../../errors.js";

/** A module parameter outside its range (spec D4); the engine refuses to start. */
export class ModuleParamError extends UacregError {
  /** The OpenSIPS parameter name, e.g. `hash_size`. */
  readonly param: string;
  readonly reason: string;

  constructor(param: string, reason: string) {
    super("registrant_param_invalid", "local", `${param}: ${reason}`);
    this.param = param;
    this.reason = reason;
  }
}

/** A row (DB, MI upsert, reload) that cannot become a record (spec §2.1, D2, D8, D19, D22). */
export class RecordError extends UacregError {
  /** The column / MI parameter name, e.g. `registrar`. */
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string, options?: { cause?: unknown }) {
    super("registrant_record_invalid", "local", `${field}: ${reason}`, options);
    this.field = field;
    this.reason = reason;
  }
}

/** An input the state machine cannot take in the record's current state: a programming error. */
export class RegistrantStateError extends UacregError {
  constructor(message: string) {
    super("registrant_state", "local", message);
  }
}

/** Stable codes of a failed engine operation (MI maps them: §9.1, D12). */
export type OperationErrorCode =
  /** No record (or no store row) with this triple (§9.2: 404). */
  | "not_found"
  /** A parameter or row failed validation (D12: -32602 with the parameter and the reason). */
  | "invalid_params"
  /** The store could not be read (§9.1: handler failure). */
  | "store_failed"
  /** The engine is not started yet, or stopped. */
  | "not_running";

/**
 * An engine operation (list, enable, disable, force_register, upsert, delete, reload) that could
 * not be carried out. `param` names the parameter at fault (`aor` for a triple not found); the
 * message never quotes a password (D16).
 */
export class RegistrantOperationError extends UacregError {
  declare readonly code: OperationErrorCode;
  readonly param: string;
  readonly reason: string;

  constructor(code: OperationErrorCode, param: string, reason: string, options?: { cause?: unknown }) {
    super(code, "local", `${param}: ${reason}`, options);
    this.param = param;
    this.reason = reason;
  }
}
