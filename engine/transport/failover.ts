/**
 * Which resolved target a request tries next (spec D36; RFC 3263 §4.3): pure, no clock, no I/O.
 *
 * A record keeps a pin: the target its requests go to first. The pin moves only on a failure
 * (a timeout, a transport error or a 503): then the same request goes at once, in a new
 * transaction, to the next target in the resolver's order (SRV priority and weight, NAPTR
 * order), wrapping round, each target once per attempt; and the pin moves with it, so the next
 * attempt starts there. A pin no longer among the resolved targets is forgotten.
 */
import type { SocketName } from "./transport.js";

/** How a transaction ended, as far as failover cares. */
export interface FailoverOutcome {
  readonly kind: "response" | "timeout" | "transport-error";
  /** The final response's status, or null. */
  readonly status: number | null;
}

/** RFC 3263 §4.3: a timeout or transport error tries the next target; so does a 503 (RFC 3261 §21.5.4: the server is unavailable). */
export function failsOver(outcome: FailoverOutcome): boolean {
  return outcome.kind !== "response" || outcome.status === 503;
}

/** Same protocol, host and port. */
export function sameTarget(a: SocketName, b: SocketName): boolean {
  return a.protocol === b.protocol && a.host === b.host && a.port === b.port;
}

/**
 * The order one attempt tries `targets` in, as indexes into `targets`: from the pinned target on,
 * wrapping round; the resolver's order when there is no pin or it is no longer listed.
 */
export function attemptOrder(targets: readonly SocketName[], pin: SocketName | null): number[] {
  const start = pin === null ? -1 : targets.findIndex((target) => sameTarget(target, pin));
  return targets.map((_, offset) => (Math.max(start, 0) + offset) % targets.length);
}

/**
 * The pin (an index into the targets) once the try at `position` of `order` ended as `outcome`:
 * that target unless it failed, else the next one in `order` (wrapping round), where the next
 * try or attempt begins. Throws RangeError for a position outside `order`.
 */
export function pinAfter(order: readonly number[], position: number, outcome: FailoverOutcome): number {
  const at = failsOver(outcome) ? (position + 1) % order.length : position;
  const pin = order[at];
  if (pin === undefined) throw new RangeError(`position ${position} is not among ${order.length} tries`);
  return pin;
}
