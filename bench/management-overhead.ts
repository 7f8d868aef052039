/**
 * What metrics and events cost the engine (npm run bench:management; not part of npm test): the
 * CPU-per-registration run of bench:engine (10,000 records over real UDP against a responder
 * process), alternately without and with the operating side switched on — Prometheus metrics fed
 * by the observer, the status page's run-log ring, and a webhook sink posting every event to a
 * receiver process — and, with it on, until the webhook has delivered every event. Prints a
 * table (also written to reports/bench-management.md) and ends with
 * `metrics and events overhead: <pct>%`: the median over the pairs (an "off" and an "on" run back
 * to back, in alternating order, after one uncounted warm-up run of each kind) of their overhead, so that
 * drift in the machine's load cancels within a pair.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { cryptoRandom, RegistrantMetrics, RunLogRing, silentLogger, systemClock, WEBHOOK_DEFAULTS, WebhookSink } from "../engine/index.js";
import { runEngine } from "./engine/cpu.js";
import { alternatingPairs, median, pairOverheadsPct } from "./engine/paired-runs.js";
import type { RegistrationRun, RunPlan } from "./engine/registration-run.js";
import { recording, replayCpuMs, type Parts } from "./engine/parts-replay.js";
import { startResponder } from "./engine/responder-process.js";
import { startWebhookReceiver } from "./engine/webhook-receiver-process.js";

const REPORT = new URL("../reports/bench-management.md", import.meta.url);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
/** The webhook's batchSize and lingerMs: the sink's defaults unless asked otherwise. */
const BATCH = Number(process.env.BENCH_WEBHOOK_BATCH ?? WEBHOOK_DEFAULTS.batchSize);
const LINGER_MS = Number(process.env.BENCH_WEBHOOK_LINGER_MS ?? WEBHOOK_DEFAULTS.lingerMs);
const TARGET_PCT = 10;
/** Which parts are on in the "on" runs (comma-separated: metrics, ring, webhook); default all three. */
const PARTS = new Set((process.env.BENCH_PARTS ?? "metrics,ring,webhook").split(",").map((part) => part.trim()));

type CpuResult = RegistrationRun;
/** bench:engine's classic load: 10,000 records, 1,250 REGISTERs a second over 8 s. */
const PLAN: RunPlan = { records: 10_000, rate: 1_250, idleSec: 0 };
const perRegistrationMs = (r: CpuResult): number => (r.userMs + r.systemMs) / r.registered;
const loadAverage = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
const loadAtStart = loadAverage();

const receiver = await startWebhookReceiver();
const responder = await startResponder();

/** Fresh parts for one "on" run: those of PARTS, the others null. */
function makeParts(): Parts & { metricsRender(): Promise<string>; webhookCounters: WebhookSink["counters"]; close(): void } {
  const metrics = new RegistrantMetrics({ processMetrics: false });
  const webhook = new WebhookSink({ type: "webhook", url: receiver.url, batchSize: BATCH, lingerMs: LINGER_MS, queueSize: 100_000 }, { clock: systemClock, random: cryptoRandom(), logger: silentLogger, node: "bench" });
  let emitted = 0;
  return {
    ring: PARTS.has("ring") ? new RunLogRing() : null,
    metrics: PARTS.has("metrics") ? metrics : null,
    webhook: PARTS.has("webhook") ? { emit: (event) => void ((emitted += 1), webhook.emit(event)) } : null,
    drained: async () => {
      while (webhook.counters.delivered + webhook.counters.dropped < emitted) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    metricsRender: async () => (await metrics.render()).body,
    webhookCounters: webhook.counters,
    close: () => webhook.close(),
  };
}

/** One "on" run; `record`: also keep every call into the parts (the warm-up run, for the replay). */
async function withManagement(record = false): Promise<{ result: CpuResult; delivered: number; dropped: number; scrapeBytes: number; calls: Parameters<typeof replayCpuMs>[0] }> {
  const made = makeParts();
  const recorded = record ? recording(made) : { parts: made, calls: [] };
  const { parts } = recorded;
  const result = await runEngine(responder, PLAN, {
    deps: { observer: parts.metrics, eventSinks: parts.webhook === null ? [] : [parts.webhook], runLog: parts.ring },
    finished: () => parts.drained(),
  });
  const scrape = await made.metricsRender();
  made.close();
  return { result, delivered: made.webhookCounters.delivered, dropped: made.webhookCounters.dropped, scrapeBytes: scrape.length, calls: recorded.calls };
}

// A first run of each kind that is not counted: the process's first run pays for compiling and
// for growing its heap, and the first "off" run after an "on" one for the garbage it left. The "on"
// one records what it hands the parts, for the replay.
const { calls, result: warmUp } = await withManagement(true);
await runEngine(responder, PLAN);
const { off, on } = await alternatingPairs(PAIRS, () => runEngine(responder, PLAN), () => withManagement());
// The parts' own CPU: the warm-up run's calls handed again at their pace to fresh parts, and to nobody, in pairs.
const replayUsPerRegistration: number[] = [];
for (let pair = 0; pair < PAIRS; pair++) {
  const idleMs = await replayCpuMs(calls, null);
  const parts = makeParts();
  const partsMs = await replayCpuMs(calls, parts);
  parts.close();
  replayUsPerRegistration.push(((partsMs - idleMs) / warmUp.registered) * 1000);
}
receiver.stop();
responder.stop();

// A run that did not register every record within its limit ran on an overloaded machine: left out of the medians.
const complete = (r: CpuResult): boolean => r.registered === r.records;
const offMs = median(off.filter(complete).map(perRegistrationMs));
const onMs = median(on.filter((r) => complete(r.result)).map((r) => perRegistrationMs(r.result)));
const incomplete = off.filter((r) => !complete(r)).length + on.filter((r) => !complete(r.result)).length;
const costOf = (r: CpuResult): number | null => (complete(r) ? perRegistrationMs(r) : null);
const pairPcts = pairOverheadsPct(off.map(costOf), on.map((r) => costOf(r.result)));
const overheadPct = median(pairPcts);
const mediansPct = ((onMs - offMs) / offMs) * 100;
const completeOff = off.filter(complete);
const completeOn = on.map((r) => r.result).filter(complete);
const splitUs = (runs: readonly CpuResult[], part: "userMs" | "systemMs"): string => `${(median(runs.map((r) => r[part] / r.registered)) * 1000).toFixed(1)} µs`;
const rows = [
  ...off.map((r, i) => `| ${i + 1} | off | ${r.registered}/${r.records} | ${perRegistrationMs(r).toFixed(3)} ms | |`),
  ...on.map((r, i) => `| ${i + 1} | on | ${r.result.registered}/${r.result.records} | ${perRegistrationMs(r.result).toFixed(3)} ms | ${r.delivered} events delivered (batch ${BATCH}, linger ${LINGER_MS} ms), ${r.dropped} dropped; run-log ring kept; scrape ${r.scrapeBytes} bytes |`),
];
const table = [
  `# Metrics and events overhead`,
  ``,
  `${PAIRS} pairs after one uncounted warm-up run of each kind (on, then off), each pair back to back (off first in odd pairs, on first in even ones): 10,000 records registering with digest over real UDP on loopback; CPU (user + system) of the engine's process per registration. "on" = ${[...PARTS].join(", ")} (metrics observer, run-log ring, webhook sink to a receiver process at nice 19 until every event was delivered).`,
  ``,
  `| run | management | registered | CPU per registration | notes |`,
  `| --- | --- | --- | --- | --- |`,
  ...rows,
  ``,
  ...(incomplete > 0 ? [`${incomplete} run(s) did not register every record within the limit (an overloaded machine) and are left out of the medians.`, ``] : []),
  `| median off | median on | their ratio | overhead of each complete pair | median of the pairs | target |`,
  `| --- | --- | --- | --- | --- | --- |`,
  `| ${offMs.toFixed(3)} ms | ${onMs.toFixed(3)} ms | ${mediansPct.toFixed(1)}% | ${pairPcts.map((pct) => `${pct.toFixed(1)}%`).join(", ")} | ${overheadPct.toFixed(1)}% | ≤ ${TARGET_PCT}%: ${overheadPct <= TARGET_PCT ? "met" : "missed"} |`,
  ``,
  `Per registration, medians of the complete runs: without user ${splitUs(completeOff, "userMs")} + system ${splitUs(completeOff, "systemMs")}, with user ${splitUs(completeOn, "userMs")} + system ${splitUs(completeOn, "systemMs")}.`,
  ``,
  `The parts' own CPU, apart from the engine: the warm-up run's ${calls.length} calls into them handed again at their pace to fresh parts, minus the same paced loop handing them to nobody (${PAIRS} pairs; not counted: what the parts do to the engine's heap and caches).`,
  ``,
  `| parts' CPU per registration, each pair | median | as a share of the median "off" run |`,
  `| --- | --- | --- |`,
  `| ${replayUsPerRegistration.map((us) => `${us.toFixed(1)} µs`).join(", ")} | ${median(replayUsPerRegistration).toFixed(1)} µs | ${((median(replayUsPerRegistration) / 1000 / offMs) * 100).toFixed(1)}% |`,
].join("\n");
console.log(table);
mkdirSync(new URL("../reports/", import.meta.url), { recursive: true });
writeFileSync(REPORT, table + "\n");
console.log(`parts' own CPU (replay): ${((median(replayUsPerRegistration) / 1000 / offMs) * 100).toFixed(1)}% of a registration`);
console.log(`load average: ${loadAtStart} at the start, ${loadAverage()} at the end`);
console.log(`metrics and events overhead: ${overheadPct.toFixed(1)}%`);
