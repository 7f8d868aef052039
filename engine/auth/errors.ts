/**
 * The one error the digest layer throws. Network input never throws here: an unusable challenge
 * or bad credentials are return values. These codes are for callers that hand the layer values it
 * cannot write or state it cannot advance, so every one is our own (local) fault.
 *
 * Messages name the field, never its value: the values around a digest are credentials, and
 * passwords and HA1s must not reach errors, logs or reports (spec D16).
 */
import { UacregError } from "../errors.js";

export type DigestErrorCode =
  /**
   * A value we must write as a quoted-string holds a character it cannot carry (CR, LF, other
   * controls), or is empty where a value is required.
   */
  | "digest_unwritable_value"
  /** A challenge that `chooseChallenge` would have skipped (a `-sess` algorithm without qop, no nonce). */
  | "digest_unusable_challenge"
  /** An algorithm or qop token for a challenge that is not an RFC 3261 token. */
  | "digest_bad_token"
  /** The nonce count for one nonce passed 0xffffffff, the largest the 8 hex digits of `nc` hold. */
  | "digest_nonce_count_exhausted";

/** A value or state the digest layer cannot use; `code` says which, `field` names the parameter. */
export class DigestError extends UacregError {
  declare readonly code: DigestErrorCode;
  /** The parameter the problem is about (`username`, `uri`, `cnonce`, `algorithm`, `qop`, `nc`). */
  readonly field: string;

  constructor(code: DigestErrorCode, field: string, message: string) {
    super(code, "local", message);
    this.field = field;
  }
}
