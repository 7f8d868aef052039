/**
 * Timing arithmetic of a record, in whole seconds (spec D27), as pure functions.
 *
 * Worked example with the defaults (T=100, N=2, P=100, F=0): a 200 OK handled at R=1000 that
 * grants E=3600 sets TO = 1000 + 3600 - 100 = 4500, and the refresh goes out at the first visit
 * of the record's bucket with now >= 4500, i.e. in [4500, 4600) (D1). A failure at 1000 with the
 * same E sets the same TO (D5); with F=60 it sets TO = 1000 + 60 - 100 = 960, so the retry goes
 * out at the next visit.
 *
 * Integer arithmetic is exact (no 32-bit wrap, Q11): inputs are safe integers and E*P stays below
 * 2^53 for any E a registrar can write (delta-seconds is at most 2^32-1).
 */
import type { NameAddr, Uri } from "../../sip/index.js";
import { compareUris } from "../../sip/index.js";

/** floor(E*P/100), computed without floating-point rounding. */
export function percentOfExpirySec(expiresSec: number, expiryPercentage: number): number {
  const product = expiresSec * expiryPercentage;
  return (product - (product % 100)) / 100;
}

/** D1: TO after a 200 handled at `replySec` that left the record with E = `expiresSec`. */
export function refreshTimeoutSec(
  replySec: number,
  expiresSec: number,
  expiryPercentage: number,
  timerIntervalSec: number,
): number {
  return replySec + percentOfExpirySec(expiresSec, expiryPercentage) - timerIntervalSec;
}

/** D5: TO after a failure at `nowSec`: X = F when set, else floor(E*P/100). */
export function retryTimeoutSec(
  nowSec: number,
  expiresSec: number,
  expiryPercentage: number,
  failureRetryIntervalSec: number,
  timerIntervalSec: number,
): number {
  const retrySec =
    failureRetryIntervalSec > 0 ? failureRetryIntervalSec : percentOfExpirySec(expiresSec, expiryPercentage);
  return nowSec + retrySec - timerIntervalSec;
}

/** D1, D5, D27: a visit at `nowSec` acts once now >= TO. */
export function isDue(nowSec: number, timeoutSec: number): boolean {
  return nowSec >= timeoutSec;
}

/** D7: Min-Expires below this is unusable (the 423 is then a REGISTRAR_ERROR). */
export const MIN_EXPIRES_FLOOR_SEC = 5;

/** D7: W after a 423 carrying `minExpiresSec` (null: absent or unparsable), or null when unusable. */
export function wantedExpiresAfter423(minExpiresSec: number | null): number | null {
  // Stryker disable next-line ConditionalExpression: equivalent; `null >= 5` is false, so the null check only says what the comparison already does
  return minExpiresSec !== null && minExpiresSec >= MIN_EXPIRES_FLOOR_SEC ? minExpiresSec : null;
}

/** Largest value of delta-seconds (RFC 3261 §25.1 writes it as 1*DIGIT; §10.2.1.1 as 32 bits). */
const DELTA_SECONDS_MAX = 0xffff_ffff;

/** D6: a contact `expires` counts only when it is all digits; larger values read as 2^32-1. */
export function readExpiresParam(value: string | null): number | null {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: equivalent; the digits test alone rejects null (as "null") and "", the first two checks only say so
  if (value === null || value === "" || !/^\d+$/.test(value)) return null;
  const digits = value.replace(/^0+(?=\d)/, "");
  // Stryker disable next-line ConditionalExpression: equivalent; more than 10 significant digits is at least 10^10, which Math.min below caps all the same
  if (digits.length > 10) return DELTA_SECONDS_MAX;
  return Math.min(Number(digits), DELTA_SECONDS_MAX);
}

/** Where a 200 OK leaves E (spec §4.1 as changed by D6, D17). */
export type GrantedExpiry =
  | { readonly kind: "granted"; readonly expiresSec: number }
  /** D17: the registrar lists our contact with `expires=0`: our binding is gone. */
  | { readonly kind: "binding-removed" };

/**
 * E after a 200 OK (§4.1, D6, D17): the first contact matching our binding URI (RFC 3261
 * §19.1.4 comparison) gives its `expires` when that is all digits; `expires=0` there means the
 * registrar removed our binding. Otherwise the Expires header when it is above 0, else E stays.
 * `expiresHeaderSec` is null when the header is absent or unparsable.
 */
export function selectGrantedExpiry(
  contacts: readonly NameAddr[],
  bindingUri: Uri,
  expiresHeaderSec: number | null,
  previousExpiresSec: number,
): GrantedExpiry {
  const ours = contacts.find((contact) => compareUris(contact.uri, bindingUri));
  if (ours !== undefined) {
    const param = ours.params.find(([name]) => name.toLowerCase() === "expires");
    const value = readExpiresParam(param?.[1] ?? null);
    if (value === 0) return { kind: "binding-removed" };
    if (value !== null) return { kind: "granted", expiresSec: value };
  }
  // §4.1 treats Expires: 0 as "no value" too; D17 speaks only of our contact's parameter.
  // Stryker disable next-line ConditionalExpression: equivalent; `null > 0` is false, so the null check only says what the comparison already does
  if (expiresHeaderSec !== null && expiresHeaderSec > 0) {
    return { kind: "granted", expiresSec: expiresHeaderSec };
  }
  // Stryker disable next-line ObjectLiteral: equivalent; a grant that is not one leaves E unchanged, which is what this grant says
  return { kind: "granted", expiresSec: previousExpiresSec };
}
