/**
 * What a node does with the sharing-tag leases, decided from one snapshot of the lease and
 * heartbeat tables and its own monotonic time: pure, no Clock, no SQL (the lease keeper reads the
 * snapshot and carries the actions out). Rules (docs/cluster-safety.md):
 * - a held lease whose safety deadline passed, or whose row names another owner or epoch, is lost;
 * - a tag wanted by a live node (`clusterer_shtag_set_active` there) or preferred for a live node
 *   goes to that node: its holder releases it, and only that node acquires it when free;
 * - otherwise a node holds at most ceil(tags / live nodes): it releases its surplus and takes free
 *   or expired leases up to that share. A live lease of another node is never taken.
 */

/** One lease row as the snapshot read it; `live` and `ageMs` are judged on the database's clock. */
export interface LeaseRow {
  readonly tag: string;
  readonly owner: string | null;
  readonly epoch: number;
  /** expires_at > the database's now. */
  readonly live: boolean;
  /** The node an operator asked to hold this tag (clusterer_shtag_set_active), or null. */
  readonly wantedBy: string | null;
  /** Since the current owner acquired it, on the database's clock; null when never held. */
  readonly ageMs: number | null;
}

/** One heartbeat row: live when written within a lease TTL, on the database's clock. */
export interface NodeRow {
  readonly node: string;
  readonly live: boolean;
  readonly heartbeatAgeMs: number;
}

export interface LeaseSnapshot {
  readonly leases: readonly LeaseRow[];
  readonly nodes: readonly NodeRow[];
}

/** A lease this node believes it holds. */
export interface HeldLease {
  readonly epoch: number;
  /** On the node's monotonic clock: the last successful renew's send time + TTL - safety margin. */
  readonly deadlineMs: number;
}

export interface PolicyInput {
  readonly node: string;
  /** The tags shared, as `name/cluster_id`. */
  readonly tags: readonly string[];
  readonly snapshot: LeaseSnapshot;
  readonly held: ReadonlyMap<string, HeldLease>;
  /** The node's monotonic time now. */
  readonly nowMs: number;
  readonly preferred: ReadonlyMap<string, string>;
}

export type ReleaseReason = "balance" | "preferred" | "requested";

export type LeaseAction =
  | { readonly kind: "lose"; readonly tag: string; readonly reason: "deadline" | "taken" }
  | { readonly kind: "release"; readonly tag: string; readonly epoch: number; readonly reason: ReleaseReason }
  | { readonly kind: "acquire"; readonly tag: string; readonly seenEpoch: number };

/** The latest moment a lease renewed (or acquired) by a statement sent at `sentAtMs` may still be used. */
export function safetyDeadline(sentAtMs: number, leaseTtlMs: number, safetyMarginMs: number): number {
  return sentAtMs + leaseTtlMs - safetyMarginMs;
}

/** The share of each live node: ceil(tags / live nodes), at least one node (this one) counted. */
export function fairShare(tagCount: number, liveNodeCount: number): number {
  return Math.ceil(tagCount / Math.max(1, liveNodeCount));
}

/** The actions of one round, in order: losses, releases, then acquisitions. Throws nothing. */
export function decideLeases(input: PolicyInput): LeaseAction[] {
  const { node, snapshot } = input;
  const rows = new Map(snapshot.leases.map((row) => [row.tag, row]));
  const live = new Set([...snapshot.nodes.filter((n) => n.live).map((n) => n.node), node]);
  const desiredOwner = (tag: string): string | null => {
    const wanted = rows.get(tag)?.wantedBy ?? null;
    if (wanted !== null && live.has(wanted)) return wanted;
    const preferred = input.preferred.get(tag);
    return preferred !== undefined && live.has(preferred) ? preferred : null;
  };
  const actions: LeaseAction[] = [];
  const kept: string[] = [];
  for (const [tag, lease] of input.held) {
    const row = rows.get(tag);
    if (lease.deadlineMs <= input.nowMs) actions.push({ kind: "lose", tag, reason: "deadline" });
    else if (row === undefined || row.owner !== node || row.epoch !== lease.epoch || !row.live) actions.push({ kind: "lose", tag, reason: "taken" });
    else {
      const desired = desiredOwner(tag);
      if (desired !== null && desired !== node) {
        actions.push({ kind: "release", tag, epoch: lease.epoch, reason: rows.get(tag)?.wantedBy === desired ? "requested" : "preferred" });
      } else kept.push(tag);
    }
  }
  const share = fairShare(input.tags.length, live.size);
  const movable = kept.filter((tag) => desiredOwner(tag) !== node).sort(byNodeOrder(node)).reverse();
  const surplus = Math.max(0, Math.min(movable.length, kept.length - share));
  for (const tag of movable.slice(0, surplus)) {
    actions.push({ kind: "release", tag, epoch: input.held.get(tag)?.epoch ?? 0, reason: "balance" });
  }
  let count = kept.length - surplus;
  const free = input.tags.filter((tag) => !input.held.has(tag) && isFree(rows.get(tag))).sort(byNodeOrder(node));
  for (const tag of free) {
    const desired = desiredOwner(tag);
    const seenEpoch = rows.get(tag)?.epoch ?? 0;
    if (desired === node || (desired === null && count < share)) {
      actions.push({ kind: "acquire", tag, seenEpoch });
      count++;
    }
  }
  return actions;
}

function isFree(row: LeaseRow | undefined): boolean {
  return row === undefined || row.owner === null || !row.live;
}

/**
 * A per-node order of the tags, so that nodes starting together reach for different free tags
 * first instead of all racing for the same one (the race is safe, only wasted).
 */
function byNodeOrder(node: string): (a: string, b: string) => number {
  const rank = (tag: string): number => fnv1a(`${node}\u0000${tag}`);
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
