/**
 * When the keep-alive of one connection acts (spec D37; RFC 5626 §4.4.1): pure, no clock, no I/O.
 *
 * `intervalMs` is the longest a dead connection may go unnoticed, counted from the last byte the
 * peer sent. So the CRLF CRLF ping goes out once the peer has been quiet for `intervalMs -
 * timeoutMs`, and a ping with no byte back `timeoutMs` after it makes the connection dead:
 * exactly `intervalMs` after the last byte heard, whenever the peer fell silent. Only bytes from
 * the peer count; ours prove nothing about it being there. Any byte answers a ping, the CRLF pong
 * or a message.
 */
import type { KeepAliveSettings } from "./transport.js";

/** What a connection's keep-alive knows about its peer. */
export interface FlowLiveness {
  /** When the peer last sent a byte (or, before it has, when the connection came up). */
  readonly lastHeardMs: number;
  /** When the ping still waiting for its answer went out; null when none is. */
  readonly pingSentMs: number | null;
}

/** What to do at `nowMs`: send a ping, drop the connection as dead, or look again at `atMs`. */
export type KeepAliveStep =
  | { readonly kind: "ping" }
  | { readonly kind: "dead" }
  | { readonly kind: "wait"; readonly atMs: number };

/**
 * The error that `settings` hold, naming both fields, or null: each a whole number of ms from 1,
 * and `timeoutMs` below `intervalMs` (the pong's wait is part of the interval).
 */
export function keepAliveSettingsError(settings: KeepAliveSettings): string | null {
  const { intervalMs, timeoutMs } = settings;
  for (const [name, value] of Object.entries({ intervalMs, timeoutMs })) {
    if (!Number.isInteger(value) || value < 1) return `keep-alive ${name} must be a whole number of ms from 1, got ${value}`;
  }
  if (timeoutMs >= intervalMs) {
    return `keep-alive timeoutMs ${timeoutMs} must be below intervalMs ${intervalMs}: the wait for the pong is part of the interval`;
  }
  return null;
}

/** The step of a connection in the state `flow` at `nowMs` under `settings` (already checked). */
export function keepAliveStep(flow: FlowLiveness, settings: KeepAliveSettings, nowMs: number): KeepAliveStep {
  if (flow.pingSentMs !== null) {
    const deadAtMs = flow.pingSentMs + settings.timeoutMs;
    return nowMs >= deadAtMs ? { kind: "dead" } : { kind: "wait", atMs: deadAtMs };
  }
  const pingAtMs = flow.lastHeardMs + settings.intervalMs - settings.timeoutMs;
  return nowMs >= pingAtMs ? { kind: "ping" } : { kind: "wait", atMs: pingAtMs };
}
