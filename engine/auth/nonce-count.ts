/**
 * The nonce count (`nc`) a client keeps per nonce (RFC 7616 §3.4): 1 the first time a nonce is
 * answered, one more each time the same nonce is answered again, 1 again for a new nonce. The
 * state is a plain immutable value the caller stores with its record (one per record), so the
 * registrant's state stays one explicit value and nothing here hides state between calls.
 */
import { DigestError } from "./errors.js";

export interface NonceCount {
  /** The nonce last answered. */
  readonly nonce: string;
  /** How many requests have answered it, the last one included (1 or more). */
  readonly count: number;
}

/** `nc` is 8 hex digits, so this is the last count it can carry. */
export const NONCE_COUNT_MAX = 0xffff_ffff;

/**
 * The count for the next request that answers `nonce`, given the state after the last one (null:
 * none yet). Throws DigestError `digest_nonce_count_exhausted` past NONCE_COUNT_MAX answers to one nonce.
 */
export function nextNonceCount(previous: NonceCount | null, nonce: string): NonceCount {
  if (previous === null || previous.nonce !== nonce) return { nonce, count: 1 };
  if (previous.count >= NONCE_COUNT_MAX) {
    throw new DigestError("digest_nonce_count_exhausted", "nc", "the nonce count for this nonce is exhausted");
  }
  return { nonce, count: previous.count + 1 };
}

/** `nc` as written: 8 lowercase hex digits (`00000001`). */
export function formatNonceCount(count: number): string {
  return count.toString(16).padStart(8, "0");
}
