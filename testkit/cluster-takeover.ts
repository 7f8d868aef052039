/**
 * How the records a node left (killed, stopped, cut off) were taken over, from the judge's view:
 * for each AOR whose last REGISTER before `atMs` came from `fromNode`, the first REGISTER after
 * it from another node (the takeover): whether it continued the dialog (same Call-ID, the CSeq
 * after the last one sent), and how late it was against the moment it could be expected,
 * max(`atMs`, the refresh's due time by the last 2xx before it). The node that left may go on
 * sending for a while (a node cut off from its database does, until its safety deadline); once
 * another node took the AOR over it must not (`overlapping`). Shared by the cluster interop
 * tests and `bench:cluster`.
 */
import type { ClusterJudge, RefreshRule, Registration } from "./cluster-judge.js";

export interface Takeover {
  readonly aor: string;
  /** The REGISTER just before the takeover (from the node that left). */
  readonly before: Registration;
  /** null: no other node sent for the AOR after `atMs` yet. */
  readonly after: Registration | null;
  /** When the refresh fell due: the last 2xx before the takeover plus what the refresh rule gives. */
  readonly dueAtMs: number;
  /** The last REGISTER the node that left sent after `atMs`, or null. */
  readonly leaverLastMs: number | null;
  /** The node that left sent again after the takeover: two nodes acting on the AOR. */
  readonly overlapping: boolean;
}

export interface TakeoverReport {
  /** The AORs `fromNode` held at `atMs`. */
  readonly orphans: number;
  readonly waiting: readonly string[];
  /** AORs the node that left sent for after `atMs`. */
  readonly leaverSent: readonly string[];
  readonly overlapping: readonly Takeover[];
  /** A new Call-ID, or a CSeq other than the one after the last sent. */
  readonly brokenDialog: readonly Takeover[];
  /** The latest takeover against max(atMs, due), in ms; 0 with no takeover yet. */
  readonly maxLatenessMs: number;
  /** The last takeover's send, from `atMs`, in ms: when every orphan had been refreshed. */
  readonly allRefreshedAfterMs: number | null;
  /** The last send of the node that left, from `atMs`, in ms; null when it sent nothing after. */
  readonly leaverQuietAfterMs: number | null;
}

export function takeovers(judge: ClusterJudge, aors: Iterable<string>, fromNode: string, atMs: number, refresh: RefreshRule): Takeover[] {
  const found: Takeover[] = [];
  for (const aor of aors) {
    const held = judge.lastBefore(aor, atMs);
    if (held === null || held.node !== fromNode) continue;
    const list = judge.registrations(aor);
    const index = list.findIndex((registration) => registration.atMs > atMs && registration.node !== fromNode);
    const after = index === -1 ? null : (list[index] ?? null);
    const before = index === -1 ? held : (list[index - 1] ?? held);
    const leaverSends = list.filter((registration) => registration.atMs > atMs && registration.node === fromNode);
    const lastGrant = judge.lastGrantBefore(aor, after === null ? atMs : after.atMs - 1);
    const dueAtMs = lastGrant === null || lastGrant.answeredAtMs === null || lastGrant.grantedSec === null ? atMs : lastGrant.answeredAtMs + refresh(lastGrant.grantedSec) * 1000;
    found.push({
      aor,
      before,
      after,
      dueAtMs,
      leaverLastMs: leaverSends.at(-1)?.atMs ?? null,
      overlapping: after !== null && leaverSends.some((registration) => registration.atMs > after.atMs),
    });
  }
  return found;
}

/** The engine's clock resolution for refresh points (D1 counts whole seconds). */
const ENGINE_SECOND_MS = 1000;

/**
 * The broken dialogs a node that left can cause without a fault: the same Call-ID with exactly one
 * CSeq skipped, for a refresh that fell due before `eventMs`. The leaver saved that CSeq before its
 * send (write-ahead) and never sent it: it was killed or stopped between the save and the send, or
 * its database took the save and was cut off before the acknowledgement came back. The taker must
 * count such a CSeq as possibly sent, so it takes the one after (docs/saved-dialogs.md, "Limits").
 * A skip for a refresh due after the event, of more than one CSeq, or in a new dialog is a fault.
 * "Before" allows the engine's whole seconds: it sets a refresh point from the second it read the
 * 2xx in, so it may refresh up to a second before the due time the judge takes from the answer's ms.
 */
export function savedNotSent(broken: readonly Takeover[], eventMs: number): Takeover[] {
  return broken.filter(
    (takeover) =>
      takeover.after !== null && takeover.after.callId === takeover.before.callId && takeover.after.cseq === takeover.before.cseq + 2 && takeover.dueAtMs < eventMs + ENGINE_SECOND_MS,
  );
}


/**
 * The takeover latest against max(`startMs` of it, its due time), with that lateness in ms; null
 * with no takeover yet. `startMs` is when the taker could act at the earliest: when the node
 * left, or when the taker held the record's tag.
 */
export function latestTakeover(list: readonly Takeover[], startMs: (takeover: Takeover) => number): { readonly takeover: Takeover; readonly ms: number } | null {
  let latest: { takeover: Takeover; ms: number } | null = null;
  for (const takeover of list) {
    if (takeover.after === null) continue;
    const ms = takeover.after.atMs - Math.max(startMs(takeover), takeover.dueAtMs);
    if (latest === null || ms > latest.ms) latest = { takeover, ms };
  }
  return latest;
}

/** latestTakeover's lateness, 0 with no takeover yet. */
export function maxLateness(list: readonly Takeover[], startMs: (takeover: Takeover) => number): number {
  return Math.max(0, latestTakeover(list, startMs)?.ms ?? 0);
}

export function reportTakeovers(list: readonly Takeover[], atMs: number): TakeoverReport {
  let lastSend = atMs;
  let leaverLast: number | null = null;
  for (const takeover of list) {
    if (takeover.leaverLastMs !== null) leaverLast = Math.max(leaverLast ?? atMs, takeover.leaverLastMs);
    if (takeover.after !== null) lastSend = Math.max(lastSend, takeover.after.atMs);
  }
  const waiting = list.filter((takeover) => takeover.after === null).map((takeover) => takeover.aor);
  return {
    orphans: list.length,
    waiting,
    leaverSent: list.filter((takeover) => takeover.leaverLastMs !== null).map((takeover) => takeover.aor),
    overlapping: list.filter((takeover) => takeover.overlapping),
    brokenDialog: list.filter((takeover) => takeover.after !== null && (takeover.after.callId !== takeover.before.callId || takeover.after.cseq !== takeover.before.cseq + 1)),
    maxLatenessMs: maxLateness(list, () => atMs),
    allRefreshedAfterMs: list.length > 0 && waiting.length === 0 ? lastSend - atMs : null,
    leaverQuietAfterMs: leaverLast === null ? null : leaverLast - atMs,
  };
}
