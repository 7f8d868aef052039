/**
 * A ShtagSource whose ACTIVE tags are the leases this node holds on the shared database
 * (docs/cluster-safety.md). Every renew interval one round: heartbeat, renew each held lease,
 * read a snapshot, carry out what the lease policy decides. Independently of the rounds, each
 * held lease has a timer at its safety deadline (the send time of its last successful renew +
 * TTL - safety margin, on this node's monotonic clock): when it fires the tag goes BACKUP, even
 * while a round hangs on a database that does not answer.
 *
 * A tag is released in hand-over order: it stops being active here without an announcement (no
 * new REGISTER for its records), the `handOver` hook waits for its records' transactions and
 * saves their state, the lease is freed, and then BACKUP is announced.
 *
 * The heartbeat row of a node not seen for DEAD_NODE_KEPT_TTLS lease TTLs is deleted by whichever
 * live node's round sees it first (the statement runs only then), so a dead node stays in
 * `uacreg:cluster_status` as not live for a while, then goes.
 */
import { TIMED_OUT, withinMs, type Clock, type TimerHandle } from "../clock.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import type { Shtag, ShtagChange, ShtagSource } from "../registrant/index.js";
import { shtagText, type ClusterOptions } from "./cluster-options.js";
import { decideLeases, safetyDeadline, type LeaseAction, type LeaseSnapshot, type ReleaseReason } from "./lease-policy.js";
import type { LeaseStore } from "./lease-table.js";

/** A dead node's heartbeat row is kept this many lease TTLs (shown as not live), then deleted. */
export const DEAD_NODE_KEPT_TTLS = 10;

/** Hears what happens to the leases, for metrics (engine/metrics implements it). */
export interface ClusterObserver {
  /** `takeover`: the lease was another node's and had expired (a failover), not released. */
  leaseAcquired(takeover: boolean): void;
  /** Held here and lost without releasing it: the safety deadline passed, or the row changed hands. */
  leaseLost(reason: "deadline" | "taken"): void;
  leaseReleased(reason: ReleaseReason | "stop"): void;
  /** From the moment a release (or a stop) began to the lease being free. */
  handOverFinished(durationMs: number): void;
}

export interface LeaseShtagsDeps {
  readonly clock: Clock;
  /** Milliseconds on a clock that never jumps (performance.now in production); default clock.now. */
  readonly monotonicNow?: () => number;
  /** Opens the lease tables' connection; called again after a database failure. */
  readonly connect: () => Promise<LeaseStore>;
  readonly logger: Logger;
  /** The tags the registrant rows name (used when the options list none). */
  readonly rowTags: () => readonly Shtag[];
  /**
   * Called before a lease is released, once its tags are no longer active here: waits for the
   * records' transactions in flight and saves their state. Bounded by its implementation.
   */
  readonly handOver?: (tags: readonly Shtag[]) => Promise<void>;
  readonly observer?: ClusterObserver | null;
}

/** A row of `clusterer_list_shtags` (OpenSIPS's keys). */
export interface ShtagListEntry {
  readonly Tag: string;
  readonly Cluster: number;
  readonly State: "active" | "backup";
}

/** What `uacreg:cluster_status` shows. */
export interface ClusterStatus {
  readonly node: string;
  readonly nodes: readonly { readonly node: string; readonly live: boolean; readonly heartbeat_age_ms: number; readonly tags_held: number }[];
  readonly tags: readonly {
    readonly tag: string;
    readonly owner: string | null;
    readonly epoch: number;
    readonly live: boolean;
    readonly lease_age_ms: number | null;
    readonly wanted_by: string | null;
    readonly preferred: string | null;
    readonly active_here: boolean;
  }[];
}

interface Held {
  readonly tag: Shtag;
  epoch: number;
  deadlineMs: number;
  timer: TimerHandle;
}

/**
 * Sharing tags as leases (see the top of this file). `deps.monotonicNow` defaults to the Clock's
 * `now`; without `handOver` a release frees the lease at once; without `observer` nothing is
 * counted. Database failures are logged and retried, never thrown, except from `setActive` and
 * `status`, which reject with the driver's error.
 */
export class LeaseShtags implements ShtagSource {
  readonly options: ClusterOptions;
  readonly #deps: LeaseShtagsDeps;
  readonly #mono: () => number;
  readonly #held = new Map<string, Held>();
  /** Held tags being handed over: not active here any more, lease not yet free. */
  readonly #quiescing = new Set<string>();
  readonly #known = new Map<string, Shtag>();
  #listeners: ReadonlyArray<(change: ShtagChange) => void> = [];
  #table: LeaseStore | null = null;
  /** Bumped whenever the connection is dropped: a round of an older connection changes nothing here. */
  #generation = 0;
  #roundTimer: TimerHandle | null = null;
  #round: Promise<void> | null = null;
  #state: "new" | "running" | "stopped" = "new";
  #failing = false;
  /** Tags whose lease row this connection has made sure of. */
  readonly #registered = new Set<string>();

  constructor(options: ClusterOptions, deps: LeaseShtagsDeps) {
    this.options = options;
    this.#deps = deps;
    this.#mono = deps.monotonicNow ?? (() => deps.clock.now());
    for (const tag of options.tags ?? []) this.#known.set(shtagText(tag), tag);
  }

  /**
   * Held, not being handed over, and before its safety deadline: checked here too, not only by the
   * deadline's timer, because after a pause of the process a bucket visit may run before that timer.
   */
  isActive(tag: Shtag): boolean {
    const key = shtagText(tag);
    const held = this.#held.get(key);
    return held !== undefined && !this.#quiescing.has(key) && held.deadlineMs > this.#mono();
  }

  /**
   * The epoch of a lease held and before its safety deadline, also while it is being handed over:
   * the hand-over saves the records' state under it, before the lease is freed.
   */
  epochOf(tag: Shtag): number | null {
    const held = this.#held.get(shtagText(tag));
    return held !== undefined && held.deadlineMs > this.#mono() ? held.epoch : null;
  }

  subscribe(listener: (change: ShtagChange) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** How many leases this node holds now. */
  get heldCount(): number {
    return this.#held.size;
  }

  /** Creates the tables and runs the first round; later rounds follow every renew interval. */
  async start(): Promise<void> {
    if (this.#state !== "new") return;
    this.#state = "running";
    await this.runRound();
    this.#schedule();
  }

  /** One round now (the timer runs them; tests and the manual override call it directly). */
  runRound(): Promise<void> {
    if (this.#round !== null) return this.#round;
    const round: Promise<void> = this.#roundOnce().finally(() => {
      if (this.#round === round) this.#round = null;
    });
    this.#round = round;
    return round;
  }

  /** `clusterer_list_shtags`: every shared tag and its state on this node. */
  list(): ShtagListEntry[] {
    return [...this.#tags().values()]
      .sort((a, b) => a.clusterId - b.clusterId || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((tag) => ({ Tag: tag.name, Cluster: tag.clusterId, State: this.isActive(tag) ? "active" : "backup" }));
  }

  /** The clusters the shared tags (configured, or named by the rows) belong to. */
  clusterIds(): ReadonlySet<number> {
    return new Set([...this.#tags().values()].map((tag) => tag.clusterId));
  }

  /**
   * `clusterer_shtag_set_active`: this node is to hold the tag. Written to its lease row, so the
   * holder (any node) releases it at its next round and this node acquires it when free, before
   * any other, beyond its fair share, and keeps it while alive (balancing never moves it away). A
   * later set_active on another node moves it again; while this node is down the wish is ignored.
   */
  async setActive(tag: Shtag): Promise<void> {
    const table = await this.#connection();
    await table.want(shtagText(tag), this.options.node);
    this.#known.set(shtagText(tag), tag);
    if (this.#state === "running") await this.runRound();
  }

  /** `uacreg:cluster_status`: the tables as the database sees them now, and this node's view. */
  async status(): Promise<ClusterStatus> {
    const snapshot = await (await this.#connection()).snapshot(this.options.leaseTtlMs);
    const held = (node: string): number => snapshot.leases.filter((l) => l.owner === node && l.live).length;
    return {
      node: this.options.node,
      nodes: snapshot.nodes.map((n) => ({ node: n.node, live: n.live, heartbeat_age_ms: n.heartbeatAgeMs, tags_held: held(n.node) })),
      tags: snapshot.leases.map((l) => ({
        tag: l.tag,
        owner: l.owner,
        epoch: l.epoch,
        live: l.live,
        lease_age_ms: l.ageMs,
        wanted_by: l.wantedBy,
        preferred: this.options.preferred.get(l.tag) ?? null,
        active_here: this.#active(l.tag),
      })),
    };
  }

  /**
   * The hand-over of a stopping node: no more rounds, every held lease released (the caller has
   * already let in-flight transactions end and saved the state), the heartbeat row removed so the
   * others rebalance at once. Returns how many leases were released.
   */
  async releaseAll(): Promise<number> {
    const startedAt = this.#mono();
    this.#stopRounds();
    await this.#settled(this.#round);
    for (const key of this.#held.keys()) this.#quiescing.add(key);
    let released = 0;
    const work = (async () => {
      const table = await this.#connection();
      for (const [key, held] of [...this.#held]) {
        if (await table.release(key, this.options.node, held.epoch)) {
          released++;
          this.#deps.observer?.leaseReleased("stop");
        }
        this.#drop(key);
      }
      await table.leave(this.options.node);
    })();
    const failure = await this.#settled(work);
    if (failure === null) this.#deps.observer?.handOverFinished(this.#mono() - startedAt);
    else this.#deps.logger.warn({ err: failure }, "cluster: releasing the leases failed; the other nodes take them over when they expire");
    for (const key of [...this.#held.keys()]) this.#drop(key);
    return released;
  }

  /** Stops the rounds and the deadline timers and closes the connection; leases left to expire. */
  async close(): Promise<void> {
    this.#stopRounds();
    await this.#settled(this.#round);
    for (const key of [...this.#held.keys()]) this.#drop(key);
    this.#dropConnection();
  }

  /** Waits for `work`, a lease TTL at most: null when it succeeded, else why not. */
  async #settled(work: Promise<unknown> | null): Promise<string | null> {
    if (work === null) return null;
    const outcome = await withinMs(
      this.#deps.clock,
      work.then(
        () => null,
        (error: unknown) => errorMessage(error),
      ),
      this.options.leaseTtlMs,
    );
    return outcome === TIMED_OUT ? "no answer within a lease TTL" : outcome;
  }

  #stopRounds(): void {
    this.#state = "stopped";
    if (this.#roundTimer !== null) this.#deps.clock.clearTimeout(this.#roundTimer);
    this.#roundTimer = null;
  }

  #schedule(): void {
    if (this.#state !== "running") return;
    this.#roundTimer = this.#deps.clock.setTimeout(() => {
      this.#roundTimer = null;
      this.#tick();
    }, this.options.renewIntervalMs);
  }

  /**
   * One timed round. A round still waiting on the database after a lease TTL is abandoned with its
   * connection (a new one is opened next round): a hung socket must not stop the rounds for good.
   */
  #tick(): void {
    const round = this.runRound();
    let settled = false;
    const watchdog = this.#deps.clock.setTimeout(() => {
      if (settled) return;
      settled = true;
      if (this.#round === round) this.#round = null;
      this.#deps.logger.warn({ afterMs: this.options.leaseTtlMs }, "cluster: a lease round did not finish; reconnecting");
      this.#dropConnection();
      this.#schedule();
    }, this.options.leaseTtlMs);
    void round.finally(() => {
      if (settled) return;
      settled = true;
      this.#deps.clock.clearTimeout(watchdog);
      this.#schedule();
    });
  }

  async #roundOnce(): Promise<void> {
    const generation = this.#generation;
    try {
      const table = await this.#connection();
      const { node, leaseTtlMs } = this.options;
      this.#refreshTags();
      await table.addTags([...this.#newTags()]);
      await table.heartbeat(node);
      for (const [key, held] of [...this.#held]) {
        const sentAt = this.#mono();
        const renewed = await table.renew(key, node, held.epoch, leaseTtlMs);
        if (generation !== this.#generation || this.#held.get(key) !== held) continue;
        if (renewed) this.#extend(key, held, sentAt);
        else this.#lose(key, "taken");
      }
      const snapshot = await table.snapshot(leaseTtlMs);
      if (generation !== this.#generation) return;
      await this.#carryOut(table, snapshot, generation);
      await this.#forgetDeadNodes(table, snapshot);
      if (this.#failing) this.#deps.logger.info({ node }, "cluster: the lease database answers again");
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) {
        this.#deps.logger.warn(
          { err: errorMessage(error), held: this.#held.size },
          "cluster: the lease database does not answer; held tags stay active until their safety deadline",
        );
      }
      this.#failing = true;
      if (generation === this.#generation) this.#dropConnection();
    }
  }

  async #forgetDeadNodes(table: LeaseStore, snapshot: LeaseSnapshot): Promise<void> {
    const keptMs = DEAD_NODE_KEPT_TTLS * this.options.leaseTtlMs;
    if (!snapshot.nodes.some((n) => !n.live && n.heartbeatAgeMs > keptMs)) return;
    const removed = await table.forgetNodes(keptMs);
    if (removed > 0) this.#deps.logger.info({ removed, keptMs }, `cluster: ${removed} heartbeat rows of nodes not seen for ${keptMs / 1000} s deleted`);
  }

  async #carryOut(table: LeaseStore, snapshot: LeaseSnapshot, generation: number): Promise<void> {
    const held = new Map([...this.#held].filter(([key]) => !this.#quiescing.has(key)).map(([key, h]) => [key, { epoch: h.epoch, deadlineMs: h.deadlineMs }]));
    const actions = decideLeases({
      node: this.options.node,
      tags: [...this.#tags().keys()],
      snapshot,
      held,
      nowMs: this.#mono(),
      preferred: this.options.preferred,
    });
    const rows = new Map(snapshot.leases.map((row) => [row.tag, row]));
    for (const action of actions) {
      if (generation !== this.#generation || this.#state !== "running") return;
      await this.#perform(table, action, rows.get(action.tag)?.owner ?? null, generation);
    }
  }

  async #perform(table: LeaseStore, action: LeaseAction, previousOwner: string | null, generation: number): Promise<void> {
    const { node, leaseTtlMs } = this.options;
    switch (action.kind) {
      case "lose":
        this.#lose(action.tag, action.reason);
        return;
      case "acquire": {
        const sentAt = this.#mono();
        if (!(await table.acquire(action.tag, node, action.seenEpoch, leaseTtlMs))) return;
        // Acquired by a connection since dropped: the lease is left to expire, never used.
        if (generation !== this.#generation) return;
        const tag = this.#tags().get(action.tag);
        if (tag === undefined) return;
        const held: Held = { tag, epoch: action.seenEpoch + 1, deadlineMs: 0, timer: 0 };
        this.#held.set(action.tag, held);
        this.#extend(action.tag, held, sentAt);
        this.#deps.observer?.leaseAcquired(previousOwner !== null && previousOwner !== node);
        this.#deps.logger.info({ tag: action.tag, epoch: held.epoch }, `cluster: ${action.tag} active here (epoch ${held.epoch})`);
        this.#announce(tag);
        return;
      }
      case "release":
        this.#startRelease(action.tag, action.epoch, action.reason);
        return;
    }
  }

  /**
   * A release runs beside the rounds, not inside one: its hand-over may wait up to a transaction
   * timeout, longer than a lease lasts, and the rounds must keep renewing every lease meanwhile
   * (this one included, until it is freed). If the release fails, the lease is left to expire.
   */
  #startRelease(key: string, epoch: number, reason: ReleaseReason): void {
    const held = this.#held.get(key);
    if (held === undefined || this.#quiescing.has(key)) return;
    this.#quiescing.add(key);
    const startedAt = this.#mono();
    void (async () => {
      try {
        await this.#deps.handOver?.([held.tag]);
        if (this.#held.get(key) !== held) return;
        if (await (await this.#connection()).release(key, this.options.node, epoch)) this.#deps.observer?.leaseReleased(reason);
        this.#deps.observer?.handOverFinished(this.#mono() - startedAt);
        this.#deps.logger.info({ tag: key, epoch, reason }, `cluster: ${key} released (${reason})`);
      } catch (error) {
        this.#deps.logger.warn({ tag: key, epoch, err: errorMessage(error) }, `cluster: releasing ${key} failed; it expires by itself`);
      } finally {
        if (this.#held.get(key) === held) {
          this.#drop(key);
          this.#announce(held.tag);
        }
      }
    })();
  }

  #active(key: string): boolean {
    const held = this.#held.get(key);
    return held !== undefined && this.isActive(held.tag);
  }

  #extend(key: string, held: Held, sentAt: number): void {
    held.deadlineMs = safetyDeadline(sentAt, this.options.leaseTtlMs, this.options.safetyMarginMs);
    this.#deps.clock.clearTimeout(held.timer);
    held.timer = this.#deps.clock.setTimeout(() => this.#checkDeadline(key, held), Math.max(0, held.deadlineMs - this.#mono()));
  }

  #checkDeadline(key: string, held: Held): void {
    if (this.#held.get(key) !== held) return;
    if (held.deadlineMs <= this.#mono()) this.#lose(key, "deadline");
    else held.timer = this.#deps.clock.setTimeout(() => this.#checkDeadline(key, held), held.deadlineMs - this.#mono());
  }

  #lose(key: string, reason: "deadline" | "taken"): void {
    const held = this.#held.get(key);
    if (held === undefined) return;
    this.#drop(key);
    this.#deps.observer?.leaseLost(reason);
    this.#deps.logger.warn(
      { tag: key, epoch: held.epoch, reason },
      reason === "deadline" ? `cluster: ${key} BACKUP: no renewal within the lease's safety margin` : `cluster: ${key} BACKUP: the lease is no longer ours`,
    );
    this.#announce(held.tag);
  }

  #drop(key: string): void {
    const held = this.#held.get(key);
    if (held !== undefined) this.#deps.clock.clearTimeout(held.timer);
    this.#held.delete(key);
    this.#quiescing.delete(key);
  }

  #announce(tag: Shtag): void {
    const change: ShtagChange = { name: tag.name, clusterId: tag.clusterId, active: this.isActive(tag) };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#deps.logger.error({ tag: shtagText(tag), err: errorMessage(error) }, "cluster: a sharing-tag listener failed");
      }
    }
  }

  /** The shared tags by text: configured, or named by the rows (read again each round) and by set_active calls. */
  #tags(): Map<string, Shtag> {
    return this.#known;
  }

  #refreshTags(): void {
    if (this.options.tags === null) for (const tag of this.#deps.rowTags()) this.#known.set(shtagText(tag), tag);
  }

  #newTags(): string[] {
    const fresh = [...this.#tags().keys()].filter((key) => !this.#registered.has(key));
    for (const key of fresh) this.#registered.add(key);
    return fresh;
  }

  async #connection(): Promise<LeaseStore> {
    if (this.#table === null) {
      const table = await this.#deps.connect();
      await table.ensureTables();
      this.#table = table;
    }
    return this.#table;
  }

  /** Not awaited: closing a connection to a database that does not answer may never end. */
  #dropConnection(): void {
    const table = this.#table;
    this.#table = null;
    this.#generation++;
    this.#registered.clear();
    void table?.close().catch(() => {});
  }
}
