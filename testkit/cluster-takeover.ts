/**
 * How the records a node left (killed, stopped, cut off) were taken over, from the judge's view:
 * for each AOR whose last REGISTER before `atMs` came from `fromNode`, the first REGISTER after
 * it: which node sent it, whether it continued the dialog (same Call-ID, CSeq one above), and
 * how late it was against the moment it could be expected, max(`atMs`, the refresh's due time).
 * Shared by the cluster interop tests and `bench:cluster`.
 */
import type { ClusterJudge, RefreshRule, Registration } from "./cluster-judge.js";

export interface Takeover {
  readonly aor: string;
  readonly before: Registration;
  /** null: nothing was sent for the AOR after `atMs` yet. */
  readonly after: Registration | null;
  /** When the refresh fell due: the last 2xx plus what the refresh rule gives for its lifetime. */
  readonly dueAtMs: number;
}

export interface TakeoverReport {
  /** The AORs `fromNode` held at `atMs`. */
  readonly orphans: number;
  readonly waiting: readonly string[];
  /** Taken over, but by the node that left (it was not gone after all). */
  readonly byLeaver: readonly Takeover[];
  /** A new Call-ID, or a CSeq other than the one after the last. */
  readonly brokenDialog: readonly Takeover[];
  /** The latest takeover against max(atMs, due), in ms; 0 with no takeover yet. */
  readonly maxLatenessMs: number;
  /** The last takeover's send, from `atMs`, in ms: when every orphan had been refreshed. */
  readonly allRefreshedAfterMs: number | null;
}

export function takeovers(judge: ClusterJudge, aors: Iterable<string>, fromNode: string, atMs: number, refresh: RefreshRule): Takeover[] {
  const found: Takeover[] = [];
  for (const aor of aors) {
    const before = judge.lastBefore(aor, atMs);
    if (before === null || before.node !== fromNode) continue;
    const lastGrant = judge.lastGrantBefore(aor, atMs);
    const dueAtMs = lastGrant === null || lastGrant.answeredAtMs === null || lastGrant.grantedSec === null ? atMs : lastGrant.answeredAtMs + refresh(lastGrant.grantedSec) * 1000;
    found.push({ aor, before, after: judge.firstAfter(aor, atMs), dueAtMs });
  }
  return found;
}

export function reportTakeovers(list: readonly Takeover[], fromNode: string, atMs: number): TakeoverReport {
  let maxLatenessMs = 0;
  let lastSend = atMs;
  for (const takeover of list) {
    if (takeover.after === null) continue;
    maxLatenessMs = Math.max(maxLatenessMs, takeover.after.atMs - Math.max(atMs, takeover.dueAtMs));
    lastSend = Math.max(lastSend, takeover.after.atMs);
  }
  const waiting = list.filter((takeover) => takeover.after === null).map((takeover) => takeover.aor);
  return {
    orphans: list.length,
    waiting,
    byLeaver: list.filter((takeover) => takeover.after?.node === fromNode),
    brokenDialog: list.filter((takeover) => takeover.after !== null && (takeover.after.callId !== takeover.before.callId || takeover.after.cseq !== takeover.before.cseq + 1)),
    maxLatenessMs,
    allRefreshedAfterMs: list.length > 0 && waiting.length === 0 ? lastSend - atMs : null,
  };
}
