/**
 * One base class for every error uacreg throws on purpose. Match on `code`, never on the
 * message. `fault` says whose fault it was: `remote` (bytes or answers from a peer), `local`
 * (our caller or our configuration), following h11's Local/RemoteProtocolError split.
 */
export type Fault = "local" | "remote";

/** The base of every error uacreg throws on purpose; subclasses fix `code` to their own codes. */
export class UacregError extends Error {
  readonly code: string;
  readonly fault: Fault;

  constructor(code: string, fault: Fault, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.fault = fault;
  }
}

/** The text of anything thrown: an Error's message, or the value as a string (never a stack). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
