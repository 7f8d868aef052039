/**
 * The lease and heartbeat tables on the shared database (PostgreSQL or MySQL/MariaDB), created if
 * missing. Every time in them is the database's (CURRENT_TIMESTAMP / NOW(6)), never a node's: the
 * nodes' clocks may disagree, the one database clock cannot. Each statement is a single-row
 * compare-and-set, so the database's row lock decides every race:
 * - acquire: only a free or expired lease, only at the epoch the node saw; the epoch goes up by one;
 * - want (the manual override) stays on the row until another node is wanted: a standing wish;
 * - renew and release: only by the owner, at its epoch, renew only while the lease is still live.
 */
import { createIfMissing, StoreError, type SqlConnection, type SqlRow, type SqlValue } from "../store/index.js";
import type { LeaseSnapshot } from "./lease-policy.js";

/** What the lease keeper needs of the tables; `SqlLeaseTable` on a database, a fake in tests. */
export interface LeaseStore {
  /** Creates both tables when missing. */
  ensureTables(): Promise<void>;
  /** Adds a free lease row (epoch 0) for each tag that has none. */
  addTags(tags: readonly string[]): Promise<void>;
  /** This node's heartbeat row := now. */
  heartbeat(node: string): Promise<void>;
  /** Every lease row and every heartbeat row, liveness judged on the database's clock. */
  snapshot(leaseTtlMs: number): Promise<LeaseSnapshot>;
  /** True when this node now holds the tag at epoch seenEpoch + 1. */
  acquire(tag: string, node: string, seenEpoch: number, leaseTtlMs: number): Promise<boolean>;
  /** True when the lease, still held by (node, epoch) and live, now lasts leaseTtlMs from now. */
  renew(tag: string, node: string, epoch: number, leaseTtlMs: number): Promise<boolean>;
  /** Frees the lease if (node, epoch) still holds it; true when it did. */
  release(tag: string, node: string, epoch: number): Promise<boolean>;
  /** Marks the tag as wanted by `node` (the manual override, until another node is wanted); its holder releases it. */
  want(tag: string, node: string): Promise<void>;
  /** Removes this node's heartbeat row (a graceful stop: the others rebalance at once). */
  leave(node: string): Promise<void>;
  /** Removes the heartbeat rows not written for more than `olderThanMs` (dead nodes), on the database's clock; how many went. */
  forgetNodes(olderThanMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface LeaseTableNames {
  readonly leaseTable: string;
  readonly nodeTable: string;
}

interface DialectSql {
  readonly now: string;
  /** now + ? milliseconds (the parameter is an integer). */
  readonly nowPlusMs: string;
  /** now - ? milliseconds. */
  readonly nowMinusMs: string;
  /** Milliseconds from the column to now. */
  readonly msSince: (column: string) => string;
  readonly timestamp: string;
  readonly bigint: string;
  readonly insertIgnore: (table: string, columns: string, values: string, key: string) => string;
  readonly upsertHeartbeat: (table: string) => string;
}

const POSTGRES: DialectSql = {
  now: "CURRENT_TIMESTAMP",
  nowPlusMs: "(CURRENT_TIMESTAMP + CAST(? AS INTEGER) * INTERVAL '1 millisecond')",
  nowMinusMs: "(CURRENT_TIMESTAMP - CAST(? AS INTEGER) * INTERVAL '1 millisecond')",
  msSince: (column) => `(EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - ${column})) * 1000)`,
  timestamp: "TIMESTAMPTZ",
  bigint: "BIGINT",
  insertIgnore: (table, columns, values, key) => `INSERT INTO ${table} (${columns}) VALUES (${values}) ON CONFLICT (${key}) DO NOTHING`,
  upsertHeartbeat: (table) => `INSERT INTO ${table} (node, heartbeat_at) VALUES (?, CURRENT_TIMESTAMP) ON CONFLICT (node) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at`,
};

// NOW() without a precision is whole seconds on MySQL: a lease clock needs NOW(6).
const MYSQL: DialectSql = {
  now: "NOW(6)",
  nowPlusMs: "DATE_ADD(NOW(6), INTERVAL (? * 1000) MICROSECOND)",
  nowMinusMs: "DATE_SUB(NOW(6), INTERVAL (? * 1000) MICROSECOND)",
  msSince: (column) => `(TIMESTAMPDIFF(MICROSECOND, ${column}, NOW(6)) / 1000)`,
  timestamp: "DATETIME(6)",
  bigint: "BIGINT",
  insertIgnore: (table, columns, values) => `INSERT IGNORE INTO ${table} (${columns}) VALUES (${values})`,
  upsertHeartbeat: (table) => `INSERT INTO ${table} (node, heartbeat_at) VALUES (?, NOW(6)) ON DUPLICATE KEY UPDATE heartbeat_at = VALUES(heartbeat_at)`,
};

/**
 * The lease tables on one connection (PostgreSQL or MySQL/MariaDB). Throws StoreError
 * `db_url_invalid` for a SQLite connection: one file on one machine cannot be the nodes' shared clock. Its statements reject
 * with the driver's error.
 */
export class SqlLeaseTable implements LeaseStore {
  readonly #db: SqlConnection;
  readonly #sql: DialectSql;
  readonly #lease: string;
  readonly #node: string;

  /** `names` are checked plain SQL identifiers (the config refuses anything else). */
  constructor(db: SqlConnection, names: LeaseTableNames) {
    if (db.dialect === "sqlite") throw new StoreError("db_url_invalid", "db_url: cluster leases need a database server the nodes share (postgres:// or mysql://), not sqlite");
    this.#db = db;
    this.#sql = db.dialect === "postgres" ? POSTGRES : MYSQL;
    this.#lease = names.leaseTable;
    this.#node = names.nodeTable;
  }

  async ensureTables(): Promise<void> {
    const { timestamp, bigint } = this.#sql;
    await createIfMissing(this.#db, [
      `CREATE TABLE IF NOT EXISTS ${this.#lease} (tag VARCHAR(128) NOT NULL PRIMARY KEY, owner VARCHAR(64) NULL, epoch ${bigint} NOT NULL DEFAULT 0, ` +
        `expires_at ${timestamp} NULL, acquired_at ${timestamp} NULL, wanted_by VARCHAR(64) NULL)`,
      `CREATE TABLE IF NOT EXISTS ${this.#node} (node VARCHAR(64) NOT NULL PRIMARY KEY, heartbeat_at ${timestamp} NOT NULL)`,
    ]);
  }

  async addTags(tags: readonly string[]): Promise<void> {
    for (const tag of tags) await this.#db.execute(this.#sql.insertIgnore(this.#lease, "tag, epoch", "?, 0", "tag"), [tag]);
  }

  async heartbeat(node: string): Promise<void> {
    await this.#db.execute(this.#sql.upsertHeartbeat(this.#node), [node]);
  }

  async snapshot(leaseTtlMs: number): Promise<LeaseSnapshot> {
    const { now, msSince, nowMinusMs } = this.#sql;
    const leases = await this.#db.query(
      `SELECT tag, owner, epoch, CASE WHEN expires_at IS NOT NULL AND expires_at > ${now} THEN 1 ELSE 0 END, wanted_by, ` +
        `CASE WHEN owner IS NULL OR acquired_at IS NULL THEN NULL ELSE ${msSince("acquired_at")} END FROM ${this.#lease} ORDER BY tag`,
    );
    const nodes = await this.#db.query(
      `SELECT node, CASE WHEN heartbeat_at > ${nowMinusMs} THEN 1 ELSE 0 END, ${msSince("heartbeat_at")} FROM ${this.#node} ORDER BY node`,
      [leaseTtlMs],
    );
    return {
      leases: leases.map((row) => ({
        tag: text(row, 0),
        owner: textOrNull(row, 1),
        epoch: Number(row[2]),
        live: Number(row[3]) === 1,
        wantedBy: textOrNull(row, 4),
        ageMs: row[5] === null ? null : Math.max(0, Math.round(Number(row[5]))),
      })),
      nodes: nodes.map((row) => ({ node: text(row, 0), live: Number(row[1]) === 1, heartbeatAgeMs: Math.max(0, Math.round(Number(row[2]))) })),
    };
  }

  async acquire(tag: string, node: string, seenEpoch: number, leaseTtlMs: number): Promise<boolean> {
    const { now, nowPlusMs } = this.#sql;
    return this.#one(
      `UPDATE ${this.#lease} SET owner = ?, epoch = epoch + 1, expires_at = ${nowPlusMs}, acquired_at = ${now} ` +
        `WHERE tag = ? AND epoch = ? AND (owner IS NULL OR expires_at IS NULL OR expires_at <= ${now})`,
      [node, leaseTtlMs, tag, seenEpoch],
    );
  }

  async renew(tag: string, node: string, epoch: number, leaseTtlMs: number): Promise<boolean> {
    const { now, nowPlusMs } = this.#sql;
    return this.#one(`UPDATE ${this.#lease} SET expires_at = ${nowPlusMs} WHERE tag = ? AND owner = ? AND epoch = ? AND expires_at > ${now}`, [
      leaseTtlMs,
      tag,
      node,
      epoch,
    ]);
  }

  async release(tag: string, node: string, epoch: number): Promise<boolean> {
    return this.#one(`UPDATE ${this.#lease} SET owner = NULL, expires_at = NULL, acquired_at = NULL WHERE tag = ? AND owner = ? AND epoch = ?`, [tag, node, epoch]);
  }

  async want(tag: string, node: string): Promise<void> {
    await this.addTags([tag]);
    await this.#db.execute(`UPDATE ${this.#lease} SET wanted_by = ? WHERE tag = ?`, [node, tag]);
  }

  async leave(node: string): Promise<void> {
    await this.#db.execute(`DELETE FROM ${this.#node} WHERE node = ?`, [node]);
  }

  async forgetNodes(olderThanMs: number): Promise<number> {
    // A node that heartbeats meanwhile keeps its row: the row lock re-checks the condition on the newest value.
    return this.#db.execute(`DELETE FROM ${this.#node} WHERE heartbeat_at < ${this.#sql.nowMinusMs}`, [olderThanMs]);
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  async #one(sql: string, params: readonly SqlValue[]): Promise<boolean> {
    return (await this.#db.execute(sql, params)) === 1;
  }
}

function text(row: SqlRow, index: number): string {
  return String(row[index]);
}

function textOrNull(row: SqlRow, index: number): string | null {
  const value = row[index];
  return value === null || value === undefined ? null : String(value);
}
