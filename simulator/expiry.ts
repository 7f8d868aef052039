/**
 * How long each Contact of a REGISTER asks to stay bound, and what the registrar grants (RFC 3261
 * §10.3 step 7 and §10.2.1.1): the Contact's `expires` parameter first, then the Expires header,
 * then the registrar's default. A non-zero request below the minimum is refused with 423 and
 * Min-Expires (§10.3 step 7, §20.23); one above the maximum is shortened to it. Zero always
 * means "remove" and is never refused.
 */
import { getParam, hasParam, type NameAddr } from "../engine/sip/index.js";

export interface ExpiryPolicy {
  readonly defaultExpiresSec: number;
  /** Null: no minimum, every interval is accepted. */
  readonly minExpiresSec: number | null;
  /** Null: no maximum, nothing is shortened. */
  readonly maxExpiresSec: number | null;
}

/** One Contact with the interval granted to it, in seconds (0: remove the binding). */
export interface ContactExpiry {
  readonly contact: NameAddr;
  readonly expiresSec: number;
}

export type ExpiryResolution =
  | { readonly kind: "ok"; readonly contacts: readonly ContactExpiry[] }
  | { readonly kind: "too-brief"; readonly minExpiresSec: number; readonly requestedSec: number }
  | { readonly kind: "malformed"; readonly reason: string };

/** delta-seconds is at most 2^32-1 (RFC 3261 §20.19); the codec reads the Expires header the same way. */
const DELTA_SECONDS_MAX = 0xffff_ffff;

/**
 * The interval each Contact gets under `policy`, or why the request is refused (too brief: 423) or
 * malformed (400). Every outcome is returned, never thrown.
 */
export function resolveExpiries(
  contacts: readonly NameAddr[],
  expiresHeaderSec: number | null,
  policy: ExpiryPolicy,
): ExpiryResolution {
  const granted: ContactExpiry[] = [];
  for (const [index, contact] of contacts.entries()) {
    const param = contactExpiresParam(contact, index);
    if (typeof param === "string") return { kind: "malformed", reason: param };
    const requestedSec = param ?? expiresHeaderSec ?? policy.defaultExpiresSec;
    if (requestedSec > 0 && policy.minExpiresSec !== null && requestedSec < policy.minExpiresSec) {
      return { kind: "too-brief", minExpiresSec: policy.minExpiresSec, requestedSec };
    }
    const expiresSec = policy.maxExpiresSec === null ? requestedSec : Math.min(requestedSec, policy.maxExpiresSec);
    granted.push({ contact, expiresSec });
  }
  return { kind: "ok", contacts: granted };
}

/** The Contact's `expires` in seconds, null when absent, or a reason when it is not delta-seconds. */
function contactExpiresParam(contact: NameAddr, index: number): number | null | string {
  if (!hasParam(contact.params, "expires")) return null;
  const text = getParam(contact.params, "expires");
  const which = `Contact ${index + 1}`;
  if (text === null || !/^\d+$/.test(text)) return `${which} has an expires parameter that is not delta-seconds`;
  const value = Number(text);
  if (value > DELTA_SECONDS_MAX) return `${which} has an expires parameter above 2^32-1`;
  return value;
}
