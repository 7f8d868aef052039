/**
 * `npm run bench:cluster` (not part of npm test): issue 13's failover on a real cluster. Three
 * `uacreg run` nodes on PostgreSQL (127.0.0.1:5432, database test, tables of this run only;
 * `BENCH_DB=mariadb` for MariaDB) share 30,000 records over 30 sharing tags, `uacreg simulate` is
 * the registrar. Once the tags are spread 10/10/10, n3 is killed with `kill -9`. From the
 * registrar's transcript it prints:
 *   - the time until every record n3 held was refreshed by a survivor, and the latest such refresh
 *     against when it fell due (the failover: lease TTL and a bucket cycle at most);
 *   - the REGISTERs the survivors sent in the minute after the kill against the refreshes due in
 *     that minute (the same-run reference; a burst of new dialogs shows as a ratio above 1);
 *   - lapses and duplicate-dialog REGISTERs over the run.
 * Prints a markdown table, writes it to reports/bench-cluster.md, and ends with
 * `failover: <s> s (lease ttl <s> s, timer_interval <s> s)`. `-- --records N` runs another size.
 * With UACREG_NODE_CPU_PROF=DIR the nodes run under `node --cpu-prof` and the survivors are
 * stopped with SIGTERM at the end, so that they write their profiles to DIR.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { systemClock } from "../engine/index.js";
import { ensureMariadb, ensurePostgres, uniqueName } from "../interop/db-servers.js";
import type { ClusterTiming } from "../interop/harness/cluster-config.js";
import { mariadbCluster, postgresCluster } from "../interop/harness/cluster-databases.js";
import { Cluster, sleep } from "../interop/harness/cluster.js";
import { latestTakeover } from "../testkit/cluster-takeover.js";

const REPORT = new URL("../reports/bench-cluster.md", import.meta.url);
const recordsArg = process.argv.indexOf("--records");
const RECORDS = recordsArg === -1 ? 30_000 : Number(process.argv[recordsArg + 1]);
if (!Number.isInteger(RECORDS) || RECORDS < 30) throw new RangeError(`--records: a whole number from 30, got ${process.argv[recordsArg + 1]}`);
const TAGS = 30;
/**
 * The default lease TTL and renewal; 8 buckets visited in 10 s; records asking 120 s refreshed
 * at 50 % (D1: 50 s after the 2xx), so the 30,000 refreshes of a minute are about 600 a second,
 * and the first registrations spread over 30 s.
 */
const TIMING: ClusterTiming = {
  hashSize: 3,
  timerIntervalSec: 10,
  expirySec: 120,
  refreshPercent: 50,
  leaseTtlSec: 10,
  renewIntervalSec: 2,
  safetyMarginMs: 1000,
  startupSpreadSec: 30,
};
const MINUTE_MS = 60_000;
const SETTLE_LIMIT_MS = 180_000;

const sec = (ms: number): string => (ms / 1000).toFixed(1);
const int = (n: number): string => n.toLocaleString("en-US");

const onMariadb = process.env.BENCH_DB === "mariadb";
const database = onMariadb ? mariadbCluster : postgresCluster;
await (onMariadb ? ensureMariadb() : ensurePostgres());
console.log(`bench:cluster on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ${database.label}`);

// 30,000 rows and their saved dialogs load in seconds on a quiet machine, in minutes on a busy one.
const cluster = await Cluster.prepare({ database, prefix: uniqueName("bench"), records: RECORDS, tags: TAGS, timing: TIMING, startLimitMs: 180_000 });
try {
  const startedAt = systemClock.now();
  await cluster.startAll();
  const registeredAt = await cluster.waitFor("every record registered", SETTLE_LIMIT_MS, () =>
    cluster.judge.startCount(cluster.aors, systemClock.now()).never.length === 0 ? systemClock.now() : null,
  );
  await cluster.waitBalanced("start", SETTLE_LIMIT_MS);
  // Every record n3 holds is an orphan at the kill, not only those it sent for since its tags came to it.
  await cluster.waitHolding("n3", cluster.refreshPeriodMs + TIMING.timerIntervalSec * 1000 + MINUTE_MS);
  const spreadBefore = cluster.describeSpread();

  const tags = cluster.tagsOf("n3");
  const killedAt = systemClock.now();
  await cluster.node("n3").kill9();
  const [report, handedOver] = await Promise.all([
    cluster.waitForTakeovers("kill -9", "n3", tags, killedAt, cluster.refreshPeriodMs + (TIMING.leaseTtlSec + 2 * TIMING.timerIntervalSec) * 1000 + MINUTE_MS),
    cluster.watchHandOver(tags, "n3", (TIMING.leaseTtlSec + 2 * TIMING.timerIntervalSec) * 1000 + MINUTE_MS),
  ]);
  const handOverMs = Math.max(...handedOver.values()) - killedAt;
  const minuteEnd = killedAt + MINUTE_MS;
  await sleep(Math.max(0, minuteEnd - systemClock.now() + 2_000));
  await cluster.observe();

  const survivors = new Set(["n1", "n2"]);
  const sent = cluster.judge.sentBetween(killedAt, minuteEnd, survivors);
  const due = cluster.judge.dueBetween(killedAt, minuteEnd, cluster.refresh);
  // The minute's count cannot show a spike at the takeover (records sent early are not sent again within it); this span can.
  const spikeEnd = killedAt + handOverMs + 5_000;
  const spikeSent = cluster.judge.sentBetween(killedAt, spikeEnd, survivors);
  const spikeDue = cluster.judge.dueBetween(killedAt, spikeEnd, cluster.refresh);
  const lapses = cluster.judge.lapses(systemClock.now());
  const duplicates = cluster.judge.duplicateDialogs();
  const failoverMs = report.maxLatenessMs;
  const latest = latestTakeover(cluster.takeovers("n3", tags, killedAt), () => killedAt);
  const latestLine =
    latest === null
      ? "none"
      : `${latest.takeover.aor} (${cluster.tagOfAor.get(latest.takeover.aor)}): due ${sec(latest.takeover.dueAtMs - killedAt)} s after the kill, its tag ACTIVE on ${latest.takeover.after?.node} at ${sec((handedOver.get(cluster.tagOfAor.get(latest.takeover.aor) ?? "") ?? Number.NaN) - killedAt)} s, sent at ${sec((latest.takeover.after?.atMs ?? Number.NaN) - killedAt)} s`;
  const duplicateKinds = (from: number, to: number): string => {
    const inWindow = duplicates.filter((d) => d.atMs >= from && d.atMs < to);
    const newCallId = inWindow.filter((d) => d.kind === "new-call-id").length;
    return `${int(inWindow.length)} (${int(newCallId)} new Call-ID, ${int(inWindow.length - newCallId)} CSeq not above)`;
  };
  const targetMs = (TIMING.leaseTtlSec + TIMING.timerIntervalSec) * 1000;

  const table = [
    `## bench:cluster: kill -9 of one node of three (${int(RECORDS)} records, ${TAGS} tags, ${database.label})`,
    "",
    `Lease TTL ${TIMING.leaseTtlSec} s renewed every ${TIMING.renewIntervalSec} s, hash_size ${TIMING.hashSize}, timer_interval ${TIMING.timerIntervalSec} s, records asking ${TIMING.expirySec} s refreshed at ${TIMING.refreshPercent} %.`,
    `All ${int(RECORDS)} registered ${sec(registeredAt - startedAt)} s after start; spread before the kill: ${spreadBefore}.`,
    "",
    "| measure | value | reference (same run) | ratio |",
    "| --- | --- | --- | --- |",
    `| records n3 held at the kill | ${int(report.orphans)} | | |`,
    `| time until each of n3's tags was ACTIVE on a survivor (MI) | ${sec(handOverMs)} s | lease TTL, ${TIMING.leaseTtlSec} s | ${(handOverMs / (TIMING.leaseTtlSec * 1000)).toFixed(2)} |`,
    `| time until every one was refreshed by a survivor | ${sec(report.allRefreshedAfterMs ?? Number.NaN)} s | one refresh period, ${sec(cluster.refreshPeriodMs)} s | ${((report.allRefreshedAfterMs ?? Number.NaN) / cluster.refreshPeriodMs).toFixed(2)} |`,
    `| failover: latest takeover after its refresh fell due | ${sec(failoverMs)} s | lease TTL + timer_interval, ${sec(targetMs)} s | ${(failoverMs / targetMs).toFixed(2)} |`,
    `| takeovers that did not continue the dialog (Call-ID, next CSeq) | ${int(report.brokenDialog.length)} | 0 | |`,
    `| REGISTERs sent by the survivors from the kill to 5 s after the last tag was taken | ${int(spikeSent)} | refreshes due in that span, ${int(spikeDue)} | ${(spikeSent / spikeDue).toFixed(2)} |`,
    `| REGISTERs sent by the survivors in the minute after | ${int(sent)} | refreshes due in that minute, ${int(due)} | ${(sent / due).toFixed(2)} |`,
    `| lapses over the run | ${int(lapses.length)} | 0 | |`,
    `| duplicate-dialog REGISTERs over the run | ${int(duplicates.length)} | 0 | |`,
    `| of which before the kill / after it | ${duplicateKinds(0, killedAt)} / ${duplicateKinds(killedAt, Number.POSITIVE_INFINITY)} | | |`,
    `| retransmissions seen by the registrar | ${int(cluster.judge.retransmissions)} | | |`,
    "",
    `Latest takeover: ${latestLine}.`,
    "",
    `Target: failover within lease TTL + timer_interval (${failoverMs <= targetMs ? "met" : "NOT met"}); no more REGISTERs in the minute than the due refreshes (${sent <= due ? "met" : "NOT met"}).`,
  ].join("\n");
  console.log(table);
  mkdirSync(new URL(".", REPORT), { recursive: true });
  writeFileSync(REPORT, table + "\n");
  console.log(`failover: ${sec(failoverMs)} s (lease ttl ${TIMING.leaseTtlSec} s, timer_interval ${TIMING.timerIntervalSec} s)`);
} finally {
  if (process.env.UACREG_NODE_CPU_PROF) await Promise.allSettled(["n1", "n2"].map((name) => cluster.node(name).terminate()));
  await cluster.close();
}
