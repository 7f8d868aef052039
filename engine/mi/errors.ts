/**
 * The errors the management interface answers with (spec §9.1, D12): a JSON-RPC error object
 * `{code, message, data?}`. Engine refusals map here one way only: `toMiError`. No error text
 * ever quotes a password (D16): the engine's reasons name fields, never secret values.
 */
import { UacregError } from "../errors.js";
import { RegistrantOperationError } from "../registrant/index.js";

/** JSON-RPC 2.0 §5.1 codes, and OpenSIPS's own for a command handler that failed (§9.1). */
export const JSON_RPC_ERRORS = {
  parseError: { code: -32700, message: "Parse error" },
  invalidRequest: { code: -32600, message: "Invalid Request" },
  methodNotFound: { code: -32601, message: "Method not found" },
  invalidParams: { code: -32602, message: "Invalid params" },
  serverError: { code: -32000, message: "Server error" },
} as const;

/** §9.1: what OpenSIPS says when a handler fails (DB error, reload failure). */
export const HANDLER_FAILED = "Command handler returned null";

export interface MiErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: string;
}

/**
 * A command refused: carried up to the dispatcher, answered as a JSON-RPC error with `code`,
 * `message` and `data` (default none).
 */
export class MiError extends UacregError {
  readonly rpc: MiErrorObject;

  constructor(code: number, message: string, data?: string) {
    super("mi_refused", "local", data === undefined ? message : `${message}: ${data}`);
    this.rpc = data === undefined ? { code, message } : { code, message, data };
  }
}

export function invalidParams(data: string): MiError {
  return new MiError(JSON_RPC_ERRORS.invalidParams.code, JSON_RPC_ERRORS.invalidParams.message, data);
}

export function serverError(data: string = HANDLER_FAILED): MiError {
  return new MiError(JSON_RPC_ERRORS.serverError.code, JSON_RPC_ERRORS.serverError.message, data);
}

/**
 * An engine refusal as MI answers it (§9.1, D12): not found is 404 with OpenSIPS's text (the
 * engine's reason is that text: `No such registrant`, `No such registrant in database`); a bad
 * parameter is -32602 naming it and why; a store failure or a stopped engine is a handler
 * failure. Throws (rethrows) anything that is neither an MiError nor a RegistrantOperationError.
 */
export function toMiError(error: unknown): MiError {
  if (error instanceof MiError) return error;
  if (!(error instanceof RegistrantOperationError)) throw error;
  switch (error.code) {
    case "not_found":
      return new MiError(404, error.reason);
    case "invalid_params":
      return invalidParams(`${error.param}: ${error.reason}`);
    case "store_failed":
      return serverError();
    case "not_running":
      return serverError(error.reason);
  }
}
