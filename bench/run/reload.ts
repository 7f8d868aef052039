/**
 * Time to load and to reload the registrant table: `rows` rows in a store, an engine started on
 * it (a bucket timer slow enough that nothing is sent meanwhile), then `reload()` timed as
 * reg_reload and SIGHUP run it: the full read from the database plus validation and the new table.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  createEngine,
  DEFAULT_TABLE_NAMES,
  openStore,
  createUdpTransport,
  cryptoRandom,
  StaticResolver,
  systemClock,
  type SqlRegistrantStore,
} from "../../engine/index.js";
import { benchRows } from "../engine/registrar.js";

export interface ReloadResult {
  /** engine.start(): the first full load. */
  readonly startSec: number;
  readonly reloadSec: number;
  /** CPU of this process during the reload (the database server's is not counted). */
  readonly reloadCpuSec: number;
  readonly loaded: number;
}

export async function timeReload(store: SqlRegistrantStore, rows: number): Promise<ReloadResult> {
  await store.init();
  const BATCH = 10_000;
  const all = benchRows(rows, "127.0.0.1:9", "sip:127.0.0.1:9");
  for (let at = 0; at < rows; at += BATCH) await store.insertRows(all.slice(at, at + BATCH));
  const transport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
  // One bucket visit every 25 minutes (the rows' expiry, 3600 s, must stay above T, D2): the measurement sends nothing.
  const engine = createEngine({ hash_size: 1, timer_interval: 3000 }, { clock: systemClock, transports: [transport], resolver: new StaticResolver(), store, random: cryptoRandom(), runLog: null });
  const t0 = performance.now();
  await engine.start();
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const report = await engine.reload();
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  await engine.stop();
  if (report.loaded !== rows) throw new Error(`reload loaded ${report.loaded} of ${rows} rows; rejected: ${report.rejected[0]?.reason ?? "none"}`);
  return { startSec: (t1 - t0) / 1000, reloadSec: (t2 - t1) / 1000, reloadCpuSec: (used.user + used.system) / 1e6, loaded: report.loaded };
}

const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";

/** `timeReload` on a SQLite file in a temp folder of its own (removed afterwards). */
export async function reloadOnSqlite(rows: number): Promise<ReloadResult> {
  const folder = await mkdtemp(join(os.tmpdir(), "uacreg-bench-reload-"));
  const store = await openStore(`sqlite:${join(folder, "reload.db")}`, DEFAULT_TABLE_NAMES);
  try {
    return await timeReload(store, rows);
  } finally {
    await store.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * `timeReload` on PostgreSQL (127.0.0.1:5432, database test) in a schema of its own, dropped
 * afterwards; a string saying why when the server does not answer.
 */
export async function reloadOnPostgres(rows: number): Promise<ReloadResult | string> {
  const schema = `uacreg_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return `PostgreSQL not reachable: ${(error as Error).message}`;
  }
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = await openStore(`${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`, DEFAULT_TABLE_NAMES);
    try {
      return await timeReload(store, rows);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
