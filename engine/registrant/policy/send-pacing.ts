/**
 * D33: the arithmetic of pacing new REGISTER transactions, as pure functions (the runtime's
 * send-pacer.ts carries it out on the Clock).
 *
 * `register_rate_limit` = R: one REGISTER every 1000/R ms at most (a token bucket that holds one
 * token), so no window of one second ever holds more than R of them, the peak a carrier counts.
 * When several wait, the ones of records that are in an exchange or registered (answers to a
 * challenge, refreshes, unREGISTERs) go first, then retries of failed records, then first
 * REGISTERs of new records: a refresh must not lapse because new records queue up.
 *
 * `startup_spread` = S: a record's first REGISTER (from NOT_REGISTERED: start-up, reload, a tag
 * take-over, enable) goes out a random time in [0, S) seconds after its visit decided it, so the
 * first wave is spread over S seconds on top of the bucket visits. A record of a taken tag that
 * continues a saved dialog whose refresh is due (N12) sends with the priority of a refresh
 * (the runner passes 0), so it is neither spread nor queued behind first REGISTERs.
 */
import type { RegistrantStateName } from "./states.js";

/** 0 goes first. */
export type SendPriority = 0 | 1 | 2;

/** The priority of a send decided while the record was in `from`. */
export function sendPriority(from: RegistrantStateName): SendPriority {
  if (from === "NOT_REGISTERED_STATE") return 2;
  if (from === "REGISTER_TIMEOUT_STATE" || from === "INTERNAL_ERROR_STATE" || from === "WRONG_CREDENTIALS_STATE" || from === "REGISTRAR_ERROR_STATE") return 1;
  return 0;
}

/** The earliest moment the next REGISTER may go, given the moment the last one went. */
export function nextSendMs(lastSentMs: number | null, ratePerSec: number, nowMs: number): number {
  // Stryker disable next-line ConditionalExpression: equivalent; without it max(now, 1000/R) is now, a Clock reads epoch milliseconds
  if (lastSentMs === null) return nowMs;
  return Math.max(nowMs, lastSentMs + 1000 / ratePerSec);
}

/** How long a first REGISTER waits after its visit, for a draw in [0, 1). */
export function spreadDelayMs(spreadSec: number, draw: number): number {
  return Math.floor(draw * spreadSec * 1000);
}
