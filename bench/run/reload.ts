/**
 * Time to load and to reload the registrant table: `rows` rows in a store, an engine started on
 * it (a bucket timer slow enough that nothing is sent meanwhile), then `reload()` timed as
 * reg_reload and SIGHUP run it: the full read from the database plus validation and the new table.
 */
import { systemClock } from "../../engine/clock.js";
import { createEngine } from "../../engine/index.js";
import { cryptoRandom } from "../../engine/random.js";
import type { SqlRegistrantStore } from "../../engine/store/index.js";
import { createUdpTransport, StaticResolver } from "../../engine/transport/index.js";
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
