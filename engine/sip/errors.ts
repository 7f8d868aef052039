import { UacregError } from "../errors.js";
import type { SipLimitName } from "./limits.js";

/**
 * The only error the codec throws on bad input. `offset` is the byte offset where the problem was
 * found: in the message for `parseMessage`/`frameMessage`, in the text (as UTF-8) for `parseUri`
 * and the other text parsers, and in the header value for the typed header accessors (whose
 * message then names the header). `limit` names the limit that was exceeded (default null: the
 * problem was no limit). `problem` is the message without the position.
 */
export class SipParseError extends UacregError {
  readonly offset: number;
  readonly limit: SipLimitName | null;
  readonly problem: string;

  constructor(problem: string, offset: number, limit: SipLimitName | null = null) {
    super("sip_parse", "remote", `${problem} (at byte ${offset})`);
    this.offset = offset;
    this.limit = limit;
    this.problem = problem;
  }
}

/**
 * Runs a text parser whose errors carry character indexes (the `scan*` functions) and turns them
 * into UTF-8 byte offsets. Only the error path pays.
 */
export function withByteOffsets<T>(text: string, scan: (text: string) => T): T {
  try {
    return scan(text);
  } catch (error) {
    throw toByteOffsets(error, text, null);
  }
}

/**
 * The error to throw for `error`, raised while scanning `text`: a `SipParseError` gets a byte
 * offset and, when `context` is given, a prefix naming what was parsed; anything else (a bug)
 * passes through unchanged.
 */
export function toByteOffsets(error: unknown, text: string, context: string | null): unknown {
  if (!(error instanceof SipParseError)) return error;
  const offset = Buffer.byteLength(text.slice(0, error.offset), "utf8");
  if (offset === error.offset && context === null) return error;
  const problem = context === null ? error.problem : `${context}: ${error.problem}`;
  return new SipParseError(problem, offset, error.limit);
}
