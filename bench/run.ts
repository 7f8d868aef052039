/**
 * `npm run bench:run` (not part of npm test): what the service costs on top of the engine it
 * wraps, on the same load as bench:engine (10,000 records, hash_size 3, timer_interval 10,
 * digest over UDP against the bench responder in its own process):
 *   a) the library engine, compiled, in a process of its own (bench/engine/engine-process.ts), the
 *      same-run reference;
 *   b) `uacreg run` as its own process on the same 10,000 records in SQLite;
 *   c) the time to load 10,000 rows from SQLite, and to reload 100,000 from SQLite and from
 *      PostgreSQL (127.0.0.1:5432, database test, a schema of its own; n/a when it does not answer);
 *   d) what metrics and events cost `uacreg run`: BENCH_PAIRS (default 3) pairs of runs as b),
 *      without and with metrics, the status page's ring and a webhook sink (defaults) to a
 *      receiver process, in alternating order (bench/engine/paired-runs.ts); the median of the
 *      pairs' overheads in CPU per registration, and where that CPU goes (user and system, the
 *      main thread and the others). The receiver runs at nice 19 (webhook-receiver-process.ts says why).
 * Prints a markdown table, writes it to reports/bench-run.md, and ends with
 * `run overhead vs library engine: <pct>%` and `metrics and events overhead: <pct>%`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { kamailioVersion } from "../interop/harness/kamailio.js";
import { runKamailioUac } from "./engine/kamailio-uac-run.js";
import { cpuPerRegistrationMs, type RegistrationRun, type RunPlan } from "./engine/registration-run.js";
import { alternatingPairs, median, pairOverheadsPct } from "./engine/paired-runs.js";
import { runEngineProcess } from "./engine/engine-process.js";
import { startResponder } from "./engine/responder-process.js";
import { RECEIVER_NICENESS, startWebhookReceiver } from "./engine/webhook-receiver-process.js";
import { reloadOnPostgres, reloadOnSqlite } from "./run/reload.js";
import { runServiceCpu, type ServiceCpuResult } from "./run/service-cpu.js";

const REPORT = new URL("../reports/bench-run.md", import.meta.url);
const RECORDS = 10_000;
const RELOAD_ROWS = 100_000;
const RELOAD_TARGET_SEC = 1;
const OVERHEAD_TARGET_PCT = 10;
const MANAGEMENT_TARGET_PCT = 10;
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);

const ms = (n: number): string => `${n.toFixed(3)} ms`;
const sec = (n: number): string => `${n.toFixed(2)} s`;
const int = (n: number): string => Math.round(n).toLocaleString("en-US");

console.log(`bench:run on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
// The library engine and Kamailio's uac module on bench:engine's load, against one responder process.
const PLAN: RunPlan = { records: RECORDS, rate: 1_250, idleSec: 0 };
const responder = await startResponder();
const workDir = await mkdtemp(join(os.tmpdir(), "uacreg-bench-run-"));
let library: RegistrationRun;
let uac: RegistrationRun | null = null;
try {
  library = await runEngineProcess(responder, PLAN);
  if (kamailioVersion() !== null) uac = await runKamailioUac(responder, PLAN, workDir).catch((error: unknown) => (console.error(`kamailio uac run failed: ${String(error)}`), null));
} finally {
  responder.stop();
}
const service = await runServiceCpu(RECORDS);
const receiver = await startWebhookReceiver();
let management: { off: ServiceCpuResult[]; on: ServiceCpuResult[] };
try {
  management = await alternatingPairs(PAIRS, () => runServiceCpu(RECORDS), () => runServiceCpu(RECORDS, receiver));
} finally {
  receiver.stop();
}
const load10k = await reloadOnSqlite(RECORDS);
const sqliteReload = await reloadOnSqlite(RELOAD_ROWS);
const postgresReload = await reloadOnPostgres(RELOAD_ROWS);

const libraryPerReg = cpuPerRegistrationMs(library);
const uacPerReg = uac === null || uac.registered === 0 ? null : cpuPerRegistrationMs(uac);
const servicePerReg = service.cpuMs / service.registered;
const overheadPct = ((servicePerReg - libraryPerReg) / libraryPerReg) * 100;
const libraryRetransmissions = library.retransmissions;
const pgReload = typeof postgresReload === "string" ? null : postgresReload;
// A run that did not register every record (or, with the webhook, deliver every event) in its limit
// ran on an overloaded machine: its pair is left out.
const expectedEvents = 3 * RECORDS;
const costOf = (r: ServiceCpuResult): number | null => (r.registered === r.records && (r.eventsReceived === null || r.eventsReceived >= expectedEvents) ? r.cpuMs / r.registered : null);
const managementPcts = pairOverheadsPct(management.off.map(costOf), management.on.map(costOf));
const managementPct = median(managementPcts);
// Retransmissions beside each figure: on a loaded machine they, not the parts, can make a run dear.
const managementRuns = (runs: readonly ServiceCpuResult[]): string =>
  runs.map((r) => (costOf(r) === null ? `(${int(r.registered)} registered, ${int(r.eventsReceived ?? 0)} events)` : `${ms(costOf(r)!)} (${int(r.retransmissions)} retransmissions)`)).join(", ");

const us = (n: number): string => `${(n * 1000).toFixed(1)} µs`;
/** Medians over the complete runs of `runs`: user, system and main-thread CPU per registration, and POSTs per run. */
function split(runs: readonly ServiceCpuResult[]): string {
  const done = runs.filter((r) => costOf(r) !== null);
  const per = (f: (r: ServiceCpuResult) => number): string => us(median(done.map((r) => f(r) / r.registered)));
  const posts = done.every((r) => r.postsReceived === null) ? "" : `, ${median(done.map((r) => r.postsReceived ?? 0))} POSTs`;
  return `user ${per((r) => r.userMs)} + system ${per((r) => r.systemMs)} (main thread ${per((r) => r.mainThreadMs)}, V8's and libuv's threads ${per((r) => r.cpuMs - r.mainThreadMs)})${posts}`;
}

const table = [
  "| measure | value | target | detail |",
  "| --- | --- | --- | --- |",
  `| library engine (reference, same run): CPU per registration | ${ms(libraryPerReg)} | | ${int(library.registered)}/${int(library.records)} registered in ${library.wallSec.toFixed(1)} s; ${int(libraryRetransmissions)} retransmissions seen by the responder |`,
  `| \`uacreg run\` (own process, SQLite): CPU per registration | ${ms(servicePerReg)} | | ${int(service.registered)}/${int(service.records)} registered in ${service.wallSec.toFixed(1)} s; CPU ${int(service.cpuMs)} ms from /proc (10 ms ticks); ${int(service.retransmissions)} retransmissions seen by the responder |`,
  `| Kamailio \`uac\` module (same run, same responder): CPU per registration | ${uacPerReg === null ? "not measured" : ms(uacPerReg)} | | ${uac === null ? "kamailio is not installed (npm run peers:install) or did not start" : `${int(uac.registered)}/${int(uac.records)} registered in ${uac.wallSec.toFixed(1)} s; ${int(uac.retransmissions)} retransmissions seen by the responder; fixtures/kamailio/uac-registrant.cfg`} |`,
  `| load of ${int(RECORDS)} rows (SQLite, engine start) | ${sec(load10k.startSec)} | | ${int(load10k.loaded)} records |`,
  `| reload of ${int(RELOAD_ROWS)} rows, SQLite | ${sec(sqliteReload.reloadSec)} | < ${RELOAD_TARGET_SEC} s: ${sqliteReload.reloadSec < RELOAD_TARGET_SEC ? "met" : "missed"} | first load ${sec(sqliteReload.startSec)}; reload CPU ${sec(sqliteReload.reloadCpuSec)} |`,
  `| reload of ${int(RELOAD_ROWS)} rows, PostgreSQL | ${pgReload === null ? "n/a" : sec(pgReload.reloadSec)} | < ${RELOAD_TARGET_SEC} s${pgReload === null ? "" : `: ${pgReload.reloadSec < RELOAD_TARGET_SEC ? "met" : "missed"}`} | ${pgReload === null ? String(postgresReload) : `first load ${sec(pgReload.startSec)}; reload CPU (uacreg only) ${sec(pgReload.reloadCpuSec)}`} |`,
  `| run overhead vs library engine | ${overheadPct.toFixed(1)}% | ≤ ${OVERHEAD_TARGET_PCT}%: ${overheadPct <= OVERHEAD_TARGET_PCT ? "met" : "missed"} | (run − library) / library, CPU per registration |`,
  `| metrics and events overhead | ${managementPct.toFixed(1)}% | ≤ ${MANAGEMENT_TARGET_PCT}%: ${managementPct <= MANAGEMENT_TARGET_PCT ? "met" : "missed"} | median of ${managementPcts.length} of ${PAIRS} pairs of \`uacreg run\` without and with metrics, the status page's ring and a webhook sink (defaults) to a receiver process, alternating order: ${managementPcts.map((pct) => `${pct.toFixed(1)}%`).join(", ")}; CPU per registration without ${managementRuns(management.off)}, with ${managementRuns(management.on)} |`,
  `| metrics and events: where the CPU goes | | | per registration, medians of the complete runs: without ${split(management.off)}; with ${split(management.on)}; the receiver at nice ${RECEIVER_NICENESS} |`,
].join("\n");

console.log(table);
mkdirSync(new URL("../reports/", import.meta.url), { recursive: true });
writeFileSync(REPORT, `# bench:run\n\n${table}\n`);
console.log(`retransmissions seen: library ${int(libraryRetransmissions)}, run ${int(service.retransmissions)}`);
console.log(`time to load ${int(RECORDS)} rows: ${sec(load10k.startSec)}`);
console.log(`reload of ${int(RELOAD_ROWS)} rows: ${sqliteReload.reloadSec.toFixed(2)} s (SQLite; CPU ${sqliteReload.reloadCpuSec.toFixed(2)} s)`);
console.log(`reload of ${int(RELOAD_ROWS)} rows: ${pgReload === null ? "n/a" : `${pgReload.reloadSec.toFixed(2)} s (PostgreSQL; CPU ${pgReload.reloadCpuSec.toFixed(2)} s)`}`);
console.log(`run cpu per registration vs kamailio uac: ${uacPerReg === null ? "n/a (not measured)" : `${(servicePerReg / uacPerReg).toFixed(2)}x`}`);
console.log(`run overhead vs library engine: ${overheadPct.toFixed(1)}%`);
console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log(`metrics and events overhead: ${managementPct.toFixed(1)}%`);
process.exit(0);
