/**
 * When a failed record tries again (D5 as changed by D29, D30, D31), and when a registered one
 * refreshes (D1 as changed by D32): pure arithmetic in whole seconds, in the style of schedule.ts.
 * With every registrar-trouble parameter at its default these give exactly D5's and D1's TO.
 *
 * The order, first that applies wins:
 *   1. D31 hold: the failure's class is set to -1: no retry until an operator acts.
 *   2. D29 Retry-After (honour_retry_after = 1, a status RFC 3261 §20.33 allows it on):
 *      TO = now + min(Retry-After, retry_after_max), whether D5 or the back-off would say sooner or later.
 *   3. D31 class interval (auth_failure_retry_interval / rejected_retry_interval > 0): TO = now + it.
 *   4. D30 back-off (retry_backoff = 1): with k failures in a row before this one,
 *      W = min(retry_max, retry_base * 2^k), TO = now + W - J where the jitter J is
 *      floor(r * (floor(W/2) + 1)) for a draw r in [0, 1): the wait is between half of W and W,
 *      as RFC 5626 §4.5 has it.
 *   5. D5: TO = now + X - T.
 */
import type { TroubleParams } from "./module-params.js";
import { retryTimeoutSec } from "./schedule.js";

/** RFC 3261 §20.33: the responses Retry-After is defined for. */
export const RETRY_AFTER_STATUSES: readonly number[] = [404, 413, 480, 486, 500, 503, 600, 603];

/** Answers that will not get better by asking again (D31): we do not follow redirects (§5.3). */
const REJECTED_STATUSES: readonly number[] = [404, 410, 484, 604];

/**
 * D31: what kind of failure this is. `auth`: wrong credentials (the record enters
 * WRONG_CREDENTIALS) or a 403; `rejected`: a 3xx, 404, 410, 484 or 6xx; `transient`: anything
 * else (timeouts, 5xx, transport errors, replies we cannot use).
 */
export type FailureClass = "auth" | "rejected" | "transient";

export function failureClassOf(status: number | null, wrongCredentials: boolean): FailureClass {
  if (wrongCredentials || status === 403) return "auth";
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent; null is below 300 and in no list, so the lines below say "transient" too, and classIntervalSec treats any class but auth and rejected as transient
  if (status === null) return "transient";
  if ((status >= 300 && status < 400) || status >= 600 || REJECTED_STATUSES.includes(status)) return "rejected";
  return "transient";
}

/** D29: the Retry-After to obey for `status`, or null when there is none to obey. */
export function obeyedRetryAfterSec(status: number | null, retryAfterSec: number | null, trouble: TroubleParams): number | null {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent; a null status is in no list, so the next line returns null for it too
  if (!trouble.honourRetryAfter || status === null || retryAfterSec === null) return null;
  if (!RETRY_AFTER_STATUSES.includes(status)) return null;
  return Math.min(retryAfterSec, trouble.retryAfterMaxSec);
}

/** D30: the wait after the (k+1)-th failure in a row, `draw` in [0, 1). */
export function backoffWaitSec(failuresBefore: number, baseSec: number, maxSec: number, draw: number): number {
  const ceilingSec = Math.min(maxSec, baseSec * 2 ** Math.min(failuresBefore, 32));
  return ceilingSec - Math.floor(draw * (Math.floor(ceilingSec / 2) + 1));
}

/** What a failure at `nowSec` leaves: TO, and whether the record is held until an operator acts (D31). */
export interface RetryPlan {
  readonly timeoutSec: number;
  readonly hold: boolean;
}

export interface FailureFacts {
  readonly nowSec: number;
  /** E, for D5. */
  readonly expiresSec: number;
  /** The final status, or null for a timeout or a transport error. */
  readonly status: number | null;
  readonly failureClass: FailureClass;
  /** Retry-After of the reply in seconds, or null when absent or unparsable. */
  readonly retryAfterSec: number | null;
  /** Failures in a row before this one (D30). */
  readonly failuresBefore: number;
}

export interface RetryTiming {
  readonly expiryPercentage: number;
  readonly failureRetryIntervalSec: number;
  readonly timerIntervalSec: number;
  readonly trouble: TroubleParams;
}

/** The plan for a failure; `draw` is called (once) only when the back-off needs a jitter. */
export function retryPlan(facts: FailureFacts, timing: RetryTiming, draw: () => number): RetryPlan {
  const { nowSec } = facts;
  const { trouble } = timing;
  const d5 = retryTimeoutSec(nowSec, facts.expiresSec, timing.expiryPercentage, timing.failureRetryIntervalSec, timing.timerIntervalSec);
  const classSec = classIntervalSec(facts.failureClass, trouble);
  if (classSec === -1) return { timeoutSec: d5, hold: true };
  const retryAfterSec = obeyedRetryAfterSec(facts.status, facts.retryAfterSec, trouble);
  if (retryAfterSec !== null) return { timeoutSec: nowSec + retryAfterSec, hold: false };
  if (classSec > 0) return { timeoutSec: nowSec + classSec, hold: false };
  if (trouble.retryBackoff) {
    return { timeoutSec: nowSec + backoffWaitSec(facts.failuresBefore, trouble.retryBaseSec, trouble.retryMaxSec, draw()), hold: false };
  }
  return { timeoutSec: d5, hold: false };
}

/** D31: the class's setting: -1 hold, 0 as any failure, else seconds. */
function classIntervalSec(failureClass: FailureClass, trouble: TroubleParams): number {
  if (failureClass === "auth") return trouble.authFailureRetrySec;
  if (failureClass === "rejected") return trouble.rejectedRetrySec;
  return 0;
}

/**
 * D32: TO after a 2xx at `replySec` that granted E: D1's, but never sooner than
 * `replySec + min_refresh_interval` when that is set. `floored` says the floor moved it.
 */
export function flooredRefreshTimeoutSec(
  replySec: number,
  refreshTimeoutSec: number,
  minRefreshIntervalSec: number,
): { readonly timeoutSec: number; readonly floored: boolean } {
  const floorSec = replySec + minRefreshIntervalSec;
  if (minRefreshIntervalSec > 0 && refreshTimeoutSec < floorSec) return { timeoutSec: floorSec, floored: true };
  return { timeoutSec: refreshTimeoutSec, floored: false };
}
