/**
 * Sharing tags held as leases (engine/cluster/lease-shtags.ts) in a scenario: one lease database
 * in memory on the scenario's clock, this node's keeper (the engine's ShtagSource), and other
 * nodes as keepers without an engine, which take tags over the way a real node would. A node can
 * lose and regain its connection to the database.
 */
import { LeaseShtags, silentLogger, type Clock, type Shtag } from "../../engine/index.js";
import { MemoryLeaseDatabase } from "../../testkit/memory-lease-table.js";

export interface LeaseTimes {
  readonly leaseTtlMs: number;
  readonly renewIntervalMs: number;
  readonly safetyMarginMs: number;
}

export const THIS_NODE = "this-node";

export class LeaseCluster {
  readonly db: MemoryLeaseDatabase;
  readonly #nodes = new Map<string, LeaseShtags>();
  readonly #cut = new Set<string>();
  readonly #clock: Clock;
  readonly #times: LeaseTimes;
  readonly #tags: () => readonly Shtag[];

  constructor(clock: Clock, times: LeaseTimes, tags: () => readonly Shtag[]) {
    this.#clock = clock;
    this.#times = times;
    this.#tags = tags;
    this.db = new MemoryLeaseDatabase(() => clock.now());
  }

  /** A node's keeper, made on first use (not started). */
  node(name: string): LeaseShtags {
    let keeper = this.#nodes.get(name);
    if (keeper === undefined) {
      keeper = new LeaseShtags(
        { node: name, ...this.#times, tags: null, preferred: new Map(), leaseTable: "uacreg_lease", nodeTable: "uacreg_node" },
        { clock: this.#clock, connect: async () => this.db.connect(() => (this.#cut.has(name) ? "cut" : "none")), logger: silentLogger, rowTags: this.#tags },
      );
      this.#nodes.set(name, keeper);
    }
    return keeper;
  }

  setReachable(name: string, reachable: boolean): void {
    if (reachable) this.#cut.delete(name);
    else this.#cut.add(name);
  }

  /** The lease row of a tag (`name/cluster_id`), as the database holds it. */
  lease(tag: string): { readonly owner: string | null; readonly epoch: number; readonly live: boolean } {
    const row = this.db.leases.get(tag);
    if (row === undefined) throw new Error(`the lease database has no row for ${tag}`);
    return { owner: row.owner, epoch: row.epoch, live: row.expiresAt !== null && row.expiresAt > this.db.now() };
  }
}
