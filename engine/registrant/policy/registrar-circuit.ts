/**
 * D34: a circuit breaker per registrar, as pure functions (the action runner keeps one state per
 * next hop and carries out what these say).
 *
 * With `registrar_circuit` = N, N failures in a row from one next hop (a timeout, a transport
 * error, a 408 or a 5xx) open its circuit: the records that use it hold back at their visits
 * (row visit-circuit-open), except one probe every `registrar_circuit_probe_interval` seconds.
 * Any other answer (a 2xx, a challenge, a 4xx that is not 408...) shows the registrar is up: the
 * count starts again and an open circuit closes; the held records then go out at their next
 * visits, spread by the bucket timer (and by register_rate_limit when set).
 */

export interface CircuitState {
  /** Failures in a row. */
  readonly failures: number;
  readonly open: boolean;
  /** While open: the second from which the next probe may go. */
  readonly nextProbeSec: number;
}

export const CLOSED_CIRCUIT: CircuitState = { failures: 0, open: false, nextProbeSec: 0 };

/** What an outcome says about the registrar: null for a status, the outcome's kind otherwise. */
export function isRegistrarFailure(kind: "response" | "timeout" | "transport-error", status: number | null): boolean {
  if (kind !== "response") return true;
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: equivalent; a response always has a status
  if (status === null) return false;
  return status === 408 || (status >= 500 && status < 600);
}

export interface CircuitStep {
  readonly state: CircuitState;
  /** The circuit opened or closed with this outcome. */
  readonly change: "opened" | "closed" | null;
}

/** The circuit after an outcome at `nowSec`; `threshold` is registrar_circuit (> 0). */
export function afterOutcome(state: CircuitState, failure: boolean, nowSec: number, threshold: number, probeIntervalSec: number): CircuitStep {
  if (!failure) return { state: CLOSED_CIRCUIT, change: state.open ? "closed" : null };
  const failures = state.failures + 1;
  if (state.open) return { state: { failures, open: true, nextProbeSec: nowSec + probeIntervalSec }, change: null };
  if (failures >= threshold) return { state: { failures, open: true, nextProbeSec: nowSec + probeIntervalSec }, change: "opened" };
  return { state: { failures, open: false, nextProbeSec: 0 }, change: null };
}

/** How a record of this registrar may act at a visit at `nowSec`. */
export function circuitAdmits(state: CircuitState, nowSec: number): "closed" | "probe" | "open" {
  // Stryker disable next-line StringLiteral: equivalent; the action runner acts only on "open" and "probe"
  if (!state.open) return "closed";
  return nowSec >= state.nextProbeSec ? "probe" : "open";
}

/** Once a probe went out, the next one waits the probe interval. */
export function afterProbe(state: CircuitState, nowSec: number, probeIntervalSec: number): CircuitState {
  return { ...state, nextProbeSec: nowSec + probeIntervalSec };
}
