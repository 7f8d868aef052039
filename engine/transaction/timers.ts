/**
 * Every transaction timer, derived in one place from T1, T2, T4 and the final timeout
 * (RFC 3261 §17.1.2.2, §17.2.2 and the table in Appendix A).
 *
 * The final timeout (Timer F) is not the RFC's 64*T1 = 32 s: the registrant follows OpenSIPS,
 * whose TM module gives up on a non-INVITE after `fr_timeout` = 30 s (spec §4.5, D15).
 */
import { UacregError } from "../errors.js";

export interface TimerSettings {
  /** RTT estimate; first Timer E interval. RFC 3261 default 500 ms. */
  t1Ms: number;
  /** Cap of the Timer E back-off. RFC 3261 default 4 s. */
  t2Ms: number;
  /** Longest time a message stays in the network; Timer K on unreliable transports. Default 5 s. */
  t4Ms: number;
  /** Timer F: how long a client transaction waits for a final response (OpenSIPS `fr_timeout`). */
  finalTimeoutMs: number;
}

export const DEFAULT_TIMER_SETTINGS: Readonly<TimerSettings> = Object.freeze({
  t1Ms: 500,
  t2Ms: 4_000,
  t4Ms: 5_000,
  finalTimeoutMs: 30_000,
});

/**
 * The timer settings to run with: `overrides` merged onto DEFAULT_TIMER_SETTINGS (default: no
 * overrides). Throws UacregError `timer_setting_invalid` for a value that is not a positive number
 * of milliseconds, or a T2 below T1 (a timer would loop or never fire).
 */
export function resolveTimerSettings(overrides: Partial<TimerSettings> = {}): TimerSettings {
  const settings: TimerSettings = { ...DEFAULT_TIMER_SETTINGS, ...overrides };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new UacregError("timer_setting_invalid", "local", `${name} must be a positive number of milliseconds, got ${String(value)}`);
    }
  }
  if (settings.t2Ms < settings.t1Ms) {
    throw new UacregError("timer_setting_invalid", "local", `t2Ms (${settings.t2Ms}) must not be below t1Ms (${settings.t1Ms})`);
  }
  return settings;
}

/** Timer E starts at T1 when the request is first sent (RFC 3261 §17.1.2.2). */
export function timerEInitialMs(settings: TimerSettings): number {
  return settings.t1Ms;
}

/**
 * The next Timer E interval after one fired. In Trying it doubles up to T2; in Proceeding it is
 * T2 (RFC 3261 §17.1.2.2).
 */
export function timerENextMs(settings: TimerSettings, previousMs: number, proceeding: boolean): number {
  return proceeding ? settings.t2Ms : Math.min(2 * previousMs, settings.t2Ms);
}

/** Timer F: the client transaction's final timeout (RFC 3261 §17.1.2.2; OpenSIPS `fr_timeout`). */
export function timerFMs(settings: TimerSettings): number {
  return settings.finalTimeoutMs;
}

/** Timer K: T4 on unreliable transports, zero on reliable ones (RFC 3261 §17.1.2.2). */
export function timerKMs(settings: TimerSettings, reliable: boolean): number {
  return reliable ? 0 : settings.t4Ms;
}

/** Timer J: 64*T1 on unreliable transports, zero on reliable ones (RFC 3261 §17.2.2). */
export function timerJMs(settings: TimerSettings, reliable: boolean): number {
  return reliable ? 0 : 64 * settings.t1Ms;
}
