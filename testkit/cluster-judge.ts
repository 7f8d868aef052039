/**
 * The judge of the cluster tests (issue 13): from the REGISTERs a registrar saw, per AOR, which
 * node sent each one, its Call-ID and CSeq, and the lifetime the registrar granted, it finds
 * - lapses: a binding that ran out before the next 2xx renewed it (or by the end of the run);
 * - duplicate-dialog REGISTERs: a new Call-ID where the AOR's dialog should have continued, or a
 *   CSeq not above the highest already seen on that Call-ID from another send (two nodes acting on
 *   one dialog: both active for the tag in one epoch, or one of them stale);
 * - records never registered, or registered more than once, in the start-up window.
 * UDP retransmissions (same node, Call-ID, CSeq and Via branch) are one send. Pure: the caller
 * feeds exchanges in transcript order and says which node a source address is.
 */
import type { RegisterExchange, RegisterSent } from "./register-exchanges.js";

export interface Registration {
  readonly atMs: number;
  readonly node: string;
  readonly callId: string;
  readonly fromTag: string | null;
  readonly cseq: number;
  /** The registrar's answer, once heard. */
  status: number | null;
  answeredAtMs: number | null;
  /** The lifetime a 2xx granted, in seconds. */
  grantedSec: number | null;
}

export interface Lapse {
  readonly aor: string;
  readonly node: string;
  readonly expiredAtMs: number;
  /** When the next 2xx came, or null when none came before the end of the run. */
  readonly renewedAtMs: number | null;
}

export interface DuplicateDialog {
  readonly aor: string;
  readonly kind: "new-call-id" | "cseq-not-above";
  readonly atMs: number;
  readonly node: string;
  readonly previousNode: string;
  readonly callId: string;
  readonly cseq: number;
}

/**
 * When a refresh falls due, in seconds after the 2xx that granted `grantedSec`: D1's
 * E * reregister_expiry_percentage / 100 - timer_interval for uacreg; the send follows at the
 * record's next bucket visit, up to one bucket cycle later.
 */
export type RefreshRule = (grantedSec: number) => number;

/** D1 with the engine's parameters. */
export function refreshRule(refreshPercent: number, timerIntervalSec: number): RefreshRule {
  return (grantedSec) => Math.floor((grantedSec * refreshPercent) / 100) - timerIntervalSec;
}

export interface StartCount {
  readonly never: readonly string[];
  readonly moreThanOnce: readonly string[];
}

export class ClusterJudge {
  readonly #nodeOf: (source: string) => string;
  readonly #byAor = new Map<string, Registration[]>();
  /** Sends waiting for their answer, by Call-ID and CSeq. */
  readonly #pending = new Map<string, Registration>();
  readonly #lastSend = new Map<string, { node: string; branch: string | null }>();
  #retransmissions = 0;
  #unmatchedAnswers = 0;

  /** `nodeOf` names the node behind a source address (`udp:127.0.0.11:5070` → `n1`). */
  constructor(nodeOf: (source: string) => string) {
    this.#nodeOf = nodeOf;
  }

  get retransmissions(): number {
    return this.#retransmissions;
  }

  /** 2xx and failures whose REGISTER was not in the transcript (cut by rotation, say). */
  get unmatchedAnswers(): number {
    return this.#unmatchedAnswers;
  }

  hear(exchange: RegisterExchange): void {
    if (exchange.kind === "register") this.#hearRegister(exchange);
    else {
      const registration = this.#pending.get(dialogKey(exchange.callId, exchange.cseq));
      if (registration === undefined) {
        this.#unmatchedAnswers++;
        return;
      }
      // The first final answer counts; a 1xx is not one.
      if (exchange.status < 200 || registration.status !== null) return;
      registration.status = exchange.status;
      registration.answeredAtMs = exchange.atMs;
      registration.grantedSec = exchange.grantedSec;
      this.#pending.delete(dialogKey(exchange.callId, exchange.cseq));
    }
  }

  aors(): string[] {
    return [...this.#byAor.keys()];
  }

  registrations(aor: string): readonly Registration[] {
    return this.#byAor.get(aor) ?? [];
  }

  /** Every binding that ran out before a 2xx renewed it; one still unrenewed at `untilMs` counts too. */
  lapses(untilMs: number): Lapse[] {
    const found: Lapse[] = [];
    for (const [aor, list] of this.#byAor) {
      let coveredUntil: number | null = null;
      let node = "";
      for (const registration of list) {
        if (!isGrant(registration)) continue;
        const at = registration.answeredAtMs;
        if (coveredUntil !== null && at > coveredUntil) found.push({ aor, node, expiredAtMs: coveredUntil, renewedAtMs: at });
        const end = at + registration.grantedSec * 1000;
        // An unREGISTER (0 s) ends the binding at once; a refresh moves its end.
        coveredUntil = registration.grantedSec === 0 ? at : coveredUntil === null || at > coveredUntil ? end : Math.max(coveredUntil, end);
        node = registration.node;
      }
      if (coveredUntil !== null && coveredUntil < untilMs) found.push({ aor, node, expiredAtMs: coveredUntil, renewedAtMs: null });
    }
    return found;
  }

  duplicateDialogs(): DuplicateDialog[] {
    const found: DuplicateDialog[] = [];
    for (const [aor, list] of this.#byAor) {
      const highest = new Map<string, number>();
      let previous: Registration | null = null;
      for (const registration of list) {
        const top = highest.get(registration.callId);
        const base = { aor, atMs: registration.atMs, node: registration.node, previousNode: previous?.node ?? "", callId: registration.callId, cseq: registration.cseq };
        if (previous !== null && registration.callId !== previous.callId) found.push({ ...base, kind: "new-call-id" });
        else if (top !== undefined && registration.cseq <= top) found.push({ ...base, kind: "cseq-not-above" });
        highest.set(registration.callId, Math.max(top ?? 0, registration.cseq));
        previous = registration;
      }
    }
    return found;
  }

  /**
   * Of `aors`, those with no 2xx before `untilMs`, and those registered more than once before it:
   * a second dialog (another Call-ID) or a second REGISTER with a CSeq not above the last (the
   * same registration sent again by another node). Refreshes (same Call-ID, higher CSeq) are not
   * registrations.
   */
  startCount(aors: Iterable<string>, untilMs: number): StartCount {
    const never: string[] = [];
    const moreThanOnce: string[] = [];
    for (const aor of aors) {
      const before = this.registrations(aor).filter((registration) => registration.atMs < untilMs);
      if (!before.some((registration) => isGrant(registration) && registration.answeredAtMs < untilMs)) never.push(aor);
      const callIds = new Set(before.map((registration) => registration.callId));
      const repeated = before.some((registration, i) => i > 0 && registration.cseq <= (before[i - 1]?.cseq ?? 0));
      if (callIds.size > 1 || repeated) moreThanOnce.push(aor);
    }
    return { never, moreThanOnce };
  }

  /** The AOR's last REGISTER at or before `atMs`. */
  lastBefore(aor: string, atMs: number): Registration | null {
    let last: Registration | null = null;
    for (const registration of this.registrations(aor)) {
      if (registration.atMs > atMs) break;
      last = registration;
    }
    return last;
  }

  /** The AOR's last REGISTER answered with a 2xx before `atMs`. */
  lastGrantBefore(aor: string, atMs: number): Registration | null {
    let last: Registration | null = null;
    for (const registration of this.registrations(aor)) {
      if (registration.atMs > atMs) break;
      if (isGrant(registration) && registration.answeredAtMs <= atMs) last = registration;
    }
    return last;
  }

  /** The AOR's first REGISTER after `atMs`. */
  firstAfter(aor: string, atMs: number): Registration | null {
    return this.registrations(aor).find((registration) => registration.atMs > atMs) ?? null;
  }

  /** The nodes that sent a REGISTER for the AOR in [fromMs, toMs). */
  sendersBetween(aor: string, fromMs: number, toMs: number): Set<string> {
    return new Set(
      this.registrations(aor)
        .filter((registration) => registration.atMs >= fromMs && registration.atMs < toMs)
        .map((registration) => registration.node),
    );
  }

  /** REGISTERs (retransmissions not counted) sent in [fromMs, toMs), by the nodes `from` if given. */
  sentBetween(fromMs: number, toMs: number, from?: ReadonlySet<string>): number {
    let count = 0;
    for (const list of this.#byAor.values())
      for (const registration of list) if (registration.atMs >= fromMs && registration.atMs < toMs && (from === undefined || from.has(registration.node))) count++;
    return count;
  }

  /**
   * Refreshes falling due in [fromMs, toMs): one per 2xx whose due time (by `refresh`) is
   * inside. The reference for a burst: a cluster that continues every dialog sends about this many.
   */
  dueBetween(fromMs: number, toMs: number, refresh: RefreshRule): number {
    let count = 0;
    for (const list of this.#byAor.values())
      for (const registration of list) {
        if (!isGrant(registration) || registration.grantedSec === 0) continue;
        const due = registration.answeredAtMs + refresh(registration.grantedSec) * 1000;
        if (due >= fromMs && due < toMs) count++;
      }
    return count;
  }

  #hearRegister(sent: RegisterSent): void {
    const node = this.#nodeOf(sent.source);
    const key = dialogKey(sent.callId, sent.cseq);
    const last = this.#lastSend.get(key);
    if (last !== undefined && last.node === node && last.branch === sent.branch) {
      this.#retransmissions++;
      return;
    }
    this.#lastSend.set(key, { node, branch: sent.branch });
    const registration: Registration = { atMs: sent.atMs, node, callId: sent.callId, fromTag: sent.fromTag, cseq: sent.cseq, status: null, answeredAtMs: null, grantedSec: null };
    const list = this.#byAor.get(sent.aor);
    if (list === undefined) this.#byAor.set(sent.aor, [registration]);
    else list.push(registration);
    this.#pending.set(key, registration);
  }
}

type Grant = Registration & { answeredAtMs: number; grantedSec: number };

function isGrant(registration: Registration): registration is Grant {
  return registration.status !== null && registration.status >= 200 && registration.status < 300 && registration.answeredAtMs !== null && registration.grantedSec !== null;
}

function dialogKey(callId: string, cseq: number): string {
  return `${callId}\n${cseq}`;
}
