/**
 * The lease and heartbeat tables in memory, with the SQL table's rules (engine/cluster/lease-table.ts)
 * and a database clock of their own (`dbNow`), so the lease keeper's tests run on fake time with
 * node clocks that may differ from the database's. Several keepers share one instance, as nodes
 * share one database. `cut` makes every statement fail (a node cut off from the database), `hang`
 * makes every statement wait forever (a database that stopped answering).
 */
import type { LeaseSnapshot, LeaseStore } from "../engine/index.js";

interface Row {
  owner: string | null;
  epoch: number;
  expiresAt: number | null;
  acquiredAt: number | null;
  wantedBy: string | null;
}

export class MemoryLeaseDatabase {
  readonly leases = new Map<string, Row>();
  readonly heartbeats = new Map<string, number>();
  readonly #dbNow: () => number;

  constructor(dbNow: () => number) {
    this.#dbNow = dbNow;
  }

  now(): number {
    return this.#dbNow();
  }

  /** A connection as one node opens it; `fault` decides, per statement, how it fails. */
  connect(fault: () => "none" | "cut" | "hang" = () => "none"): LeaseStore {
    const db = this;
    const run = <T>(work: () => T): Promise<T> => {
      const mode = fault();
      if (mode === "cut") return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
      if (mode === "hang") return new Promise<T>(() => {});
      return Promise.resolve().then(work);
    };
    const live = (row: Row): boolean => row.expiresAt !== null && row.expiresAt > db.now();
    return {
      ensureTables: () => run(() => undefined),
      addTags: (tags) =>
        run(() => {
          for (const tag of tags) if (!db.leases.has(tag)) db.leases.set(tag, { owner: null, epoch: 0, expiresAt: null, acquiredAt: null, wantedBy: null });
        }),
      heartbeat: (node) => run(() => void db.heartbeats.set(node, db.now())),
      snapshot: (ttl) =>
        run(
          (): LeaseSnapshot => ({
            leases: [...db.leases].sort(([a], [b]) => (a < b ? -1 : 1)).map(([tag, row]) => ({
              tag,
              owner: row.owner,
              epoch: row.epoch,
              live: live(row),
              wantedBy: row.wantedBy,
              ageMs: row.owner === null || row.acquiredAt === null ? null : db.now() - row.acquiredAt,
            })),
            nodes: [...db.heartbeats].map(([node, at]) => ({ node, live: at > db.now() - ttl, heartbeatAgeMs: db.now() - at })),
          }),
        ),
      acquire: (tag, node, seenEpoch, ttl) =>
        run(() => {
          const row = db.leases.get(tag);
          if (row === undefined || row.epoch !== seenEpoch || (row.owner !== null && live(row))) return false;
          Object.assign(row, { owner: node, epoch: row.epoch + 1, expiresAt: db.now() + ttl, acquiredAt: db.now() });
          return true;
        }),
      renew: (tag, node, epoch, ttl) =>
        run(() => {
          const row = db.leases.get(tag);
          if (row === undefined || row.owner !== node || row.epoch !== epoch || !live(row)) return false;
          row.expiresAt = db.now() + ttl;
          return true;
        }),
      release: (tag, node, epoch) =>
        run(() => {
          const row = db.leases.get(tag);
          if (row === undefined || row.owner !== node || row.epoch !== epoch) return false;
          Object.assign(row, { owner: null, expiresAt: null, acquiredAt: null });
          return true;
        }),
      want: (tag, node) =>
        run(() => {
          const row = db.leases.get(tag) ?? { owner: null, epoch: 0, expiresAt: null, acquiredAt: null, wantedBy: null };
          row.wantedBy = node;
          db.leases.set(tag, row);
        }),
      leave: (node) => run(() => void db.heartbeats.delete(node)),
      forgetNodes: (olderThanMs) =>
        run(() => {
          const stale = [...db.heartbeats].filter(([, at]) => at < db.now() - olderThanMs).map(([node]) => node);
          for (const node of stale) db.heartbeats.delete(node);
          return stale.length;
        }),
      close: () => Promise.resolve(),
    };
  }
}
