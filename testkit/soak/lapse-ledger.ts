/**
 * The soak's lapse accounting (issue 15 item 1), pure: told of the registrar's outages, the
 * bindings it grants, the REGISTERs that reach it and the 503s it answers, it sums how long each
 * record had no binding while the registrar was up and answering, and splits what lies beyond
 * the first bucket cycle after an outage (the issue's target: 0) by what preceded it:
 *
 * - `restartUnsignalled`: after a restart-empty, from the restart until the record's first
 *   REGISTER that reaches the registrar. The registrar lost the binding and said nothing, so no
 *   registrant can know before its next refresh: only a shorter refresh interval shortens it.
 * - `startBeforeFirstRegister`: at the start, until the record's first REGISTER reaches the
 *   registrar: the engine's own pacing (startup_spread, register_rate_limit, the bucket timer).
 *
 * What follows those first REGISTERs, and every other lapse, is split by what preceded it:
 * - `afterSilent`: a silent period fell between the refresh falling due and the lapse's end.
 * - `within503RetryAfter`: else, the registrar answered the record 503 in that time, and this
 *   part lies within the Retry-After it asked for (the last 503's);
 * - `after503`: the rest of such a lapse: after the Retry-After ran out, until the record's
 *   bucket came round and its new exchange was granted.
 * - `noAnswerSeen`: else: the refresh was lost, timed out, or was sent late.
 *
 * The cause is judged from the time the refresh fell due (the last grant plus the engine's
 * refresh share of the granted expiry, less one bucket cycle for the bucket's lateness), or from
 * the restart for what follows a restart's first REGISTER.
 */

export type OutageKind = "start" | "silent" | "restart";

export interface LapseBreakdown {
  readonly restartUnsignalled: number;
  readonly startBeforeFirstRegister: number;
  readonly afterSilent: number;
  readonly within503RetryAfter: number;
  readonly after503: number;
  readonly noAnswerSeen: number;
}

export interface LapseTotals {
  /** Lapses outside the outages, ms. */
  readonly lapseMs: number;
  /** The same without the first bucket cycle after each outage, ms (the sum of `beyondCycleMs`). */
  readonly lapseBeyondCycleMs: number;
  readonly recordsWithLapse: number;
  readonly beyondCycleMs: LapseBreakdown;
}

export interface LapseLedgerOptions {
  readonly startMs: number;
  /** Every record: none holds a binding at the start. */
  readonly aors: Iterable<string>;
  /** One round of bucket visits, ms: the grace after every outage. */
  readonly cycleMs: number;
  /** The share of a granted expiry after which the engine refreshes (reregister_expiry_percentage / 100). */
  readonly refreshShare: number;
}

interface Window {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kind: OutageKind;
}

export class LapseLedger {
  readonly #options: LapseLedgerOptions;
  readonly #outages: Window[] = [];
  #upSinceMs: number;
  readonly #coveredUntil = new Map<string, number>();
  readonly #lastGrantMs = new Map<string, number>();
  /** The last 503 answered to each record: when, and until when its Retry-After asked it to wait. */
  readonly #last503 = new Map<string, { readonly atMs: number; readonly untilMs: number }>();
  /**
   * Records left without a binding they did not know of: all at the start, and those whose
   * binding a restart took, to when that happened (until their lapse closes).
   */
  readonly #cut = new Map<string, number>();
  /** Of those, when their first REGISTER after the start or restart reached the registrar. */
  readonly #firstRegisterMs = new Map<string, number>();
  readonly #lapseMs = new Map<string, number>();
  readonly #beyond = { restartUnsignalled: 0, startBeforeFirstRegister: 0, afterSilent: 0, within503RetryAfter: 0, after503: 0, noAnswerSeen: 0 };

  constructor(options: LapseLedgerOptions) {
    this.#options = options;
    this.#upSinceMs = options.startMs;
    this.#outages.push({ fromMs: options.startMs, toMs: options.startMs, kind: "start" });
    for (const aor of options.aors) this.#cut.set(aor, options.startMs);
  }

  /** The registrar is silent (up, not answering) from `fromMs` to `toMs`. */
  silent(fromMs: number, toMs: number): void {
    this.#outages.push({ fromMs, toMs, kind: "silent" });
  }

  /** The registrar restarted empty at `atMs`: every binding ends then, and nothing says so. */
  restart(atMs: number): void {
    for (const [aor, until] of this.#coveredUntil) {
      this.#closeGap(aor, atMs);
      if (until > atMs) this.#cut.set(aor, atMs);
      this.#coveredUntil.set(aor, atMs);
    }
    this.#outages.push({ fromMs: atMs, toMs: atMs, kind: "restart" });
    this.#upSinceMs = atMs;
  }

  /** True while some record cut by the start or a restart has not reached the registrar since (the soak reads REGISTERs only then). */
  get awaitingRegisters(): boolean {
    return this.#cut.size > this.#firstRegisterMs.size;
  }

  /** A REGISTER of `aor` reached the registrar (also one it answers 503). */
  registerArrived(aor: string, atMs: number): void {
    if (this.#cut.has(aor) && !this.#firstRegisterMs.has(aor)) this.#firstRegisterMs.set(aor, atMs);
  }

  /** The registrar answered a REGISTER of `aor` 503 with Retry-After `retryAfterSec`. */
  busy(aor: string, atMs: number, retryAfterSec: number): void {
    this.#last503.set(aor, { atMs, untilMs: atMs + retryAfterSec * 1000 });
  }

  /** The registrar granted `aor` a binding at `atMs` for `seconds`. */
  granted(aor: string, atMs: number, seconds: number): void {
    this.#closeGap(aor, atMs);
    this.#coveredUntil.set(aor, atMs + seconds * 1000);
    this.#lastGrantMs.set(aor, atMs);
    this.#cut.delete(aor);
    this.#firstRegisterMs.delete(aor);
  }

  /** Closes every record's lapse at the end of the run. */
  finish(atMs: number, aors: Iterable<string>): LapseTotals {
    for (const aor of aors) this.#closeGap(aor, atMs);
    const beyondCycleMs = { ...this.#beyond };
    return {
      lapseMs: [...this.#lapseMs.values()].reduce((sum, ms) => sum + ms, 0),
      lapseBeyondCycleMs: Object.values(beyondCycleMs).reduce((sum, ms) => sum + ms, 0),
      recordsWithLapse: this.#lapseMs.size,
      beyondCycleMs,
    };
  }

  #closeGap(aor: string, atMs: number): void {
    const from = Math.max(this.#coveredUntil.get(aor) ?? this.#upSinceMs, this.#upSinceMs);
    if (atMs <= from) return;
    const outside = this.#outside(from, atMs, 0);
    if (outside > 0) this.#lapseMs.set(aor, (this.#lapseMs.get(aor) ?? 0) + outside);
    const cutMs = this.#cut.get(aor);
    if (cutMs !== undefined && from === cutMs) {
      const split = Math.min(atMs, this.#firstRegisterMs.get(aor) ?? atMs);
      const before = this.#outside(from, split, this.#options.cycleMs);
      if (cutMs === this.#options.startMs) this.#beyond.startBeforeFirstRegister += before;
      else this.#beyond.restartUnsignalled += before;
      this.#attribute(aor, split, atMs, cutMs);
      return;
    }
    const lastGrant = this.#lastGrantMs.get(aor);
    if (lastGrant === undefined) {
      this.#attribute(aor, from, atMs, from);
      return;
    }
    const dueMs = lastGrant + (this.#coveredUntil.get(aor)! - lastGrant) * this.#options.refreshShare - this.#options.cycleMs;
    this.#attribute(aor, from, atMs, Math.max(lastGrant, dueMs));
  }

  /** Adds the part of [fromMs, toMs) beyond the outages' first cycle to its cause, judged since `sinceMs`. */
  #attribute(aor: string, fromMs: number, toMs: number, sinceMs: number): void {
    const ms = this.#outside(fromMs, toMs, this.#options.cycleMs);
    if (ms <= 0) return;
    if (this.#outages.some((o) => o.kind === "silent" && o.fromMs < toMs && o.toMs > sinceMs)) this.#beyond.afterSilent += ms;
    else if ((this.#last503.get(aor)?.atMs ?? -Infinity) >= sinceMs) {
      const untilMs = Math.min(toMs, this.#last503.get(aor)!.untilMs);
      const within = this.#outside(fromMs, untilMs, this.#options.cycleMs);
      this.#beyond.within503RetryAfter += within;
      this.#beyond.after503 += ms - within;
    } else this.#beyond.noAnswerSeen += ms;
  }

  /** The length of [fromMs, toMs) outside every outage and the `graceMs` after it. */
  #outside(fromMs: number, toMs: number, graceMs: number): number {
    if (toMs <= fromMs) return 0;
    let ms = toMs - fromMs;
    for (const o of this.#outages) ms -= Math.max(0, Math.min(toMs, o.toMs + graceMs) - Math.max(fromMs, o.fromMs));
    return Math.max(0, ms);
  }
}
