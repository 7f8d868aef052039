/** What one registrant did in one run of the CPU benchmark, engine or Kamailio's `uac` module alike. */
export interface RegistrationRun {
  /** `engine` or `kamailio uac`. */
  readonly registrant: string;
  readonly records: number;
  /** First-wave rate asked for: records per second. */
  readonly rate: number;
  readonly registered: number;
  readonly wallSec: number;
  /** CPU (user + system) from the start of the wave until every record registered (or the limit). */
  readonly userMs: number;
  readonly systemMs: number;
  /** Request retransmissions that reached the responder. */
  readonly retransmissions: number;
  /** Growth of the kernel's UDP RcvbufErrors/SndbufErrors over the run (Linux), or null. */
  readonly kernelBufferErrors: number | null;
  /**
   * CPU while every record stayed registered and nothing was due, when the run measured it: over
   * `sec` seconds that began `restSec` after the wave settled; `restCpuMs` is the CPU of that rest
   * (the tail of the wave: its last transactions ending, the engine's garbage collected).
   */
  readonly idle: { readonly sec: number; readonly cpuMs: number; readonly restSec: number; readonly restCpuMs: number } | null;
}

/** How a run is asked for: the same for both registrants. */
export interface RunPlan {
  readonly records: number;
  /** Records per second in the first wave (one burst a second). */
  readonly rate: number;
  /** Seconds to stay idle once all are registered and measure the CPU meanwhile; 0: none. */
  readonly idleSec: number;
  /** Seconds between the wave settling and the start of the idle measure, the same for every registrant; 0 when absent. */
  readonly restSec?: number;
}

export const RUN_LIMIT_MS = 60_000;
export const BUFFER_ERRORS = ["RcvbufErrors", "SndbufErrors"] as const;

export function cpuPerRegistrationMs(run: RegistrationRun): number {
  return run.registered === 0 ? Number.NaN : (run.userMs + run.systemMs) / run.registered;
}

/** Every record registered and no request was sent twice. */
export function clean(run: RegistrationRun): boolean {
  return run.registered === run.records && run.retransmissions === 0;
}

/**
 * CPU seconds per minute over the whole idle window, from the wave settling (its rest and its idle
 * period together), or NaN when not measured.
 */
export function idleCpuSecPerMin(run: RegistrationRun): number {
  return run.idle === null || run.idle.sec === 0 ? Number.NaN : ((run.idle.restCpuMs + run.idle.cpuMs) / 1000) * (60 / (run.idle.restSec + run.idle.sec));
}

/** CPU seconds per minute over the idle period after the rest alone, or NaN when not measured. */
export function atRestCpuSecPerMin(run: RegistrationRun): number {
  return run.idle === null || run.idle.sec === 0 ? Number.NaN : (run.idle.cpuMs / 1000) * (60 / run.idle.sec);
}
