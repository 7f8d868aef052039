/**
 * Simulator benchmark: SIPp registers with digest (REGISTER, 401, REGISTER with Authorization,
 * 200) against `uacreg simulate` in its own process on loopback UDP, transcript and printing
 * off, 10,000 distinct users. Phases: a warm-up of 5 s at 1,000/s (reported, not the figure), then
 * 1,000 and 2,000 registrations per second for 10 s each. The warm-up is part of the design: a
 * registrar in service has long had its hot paths compiled by V8's optimizing compiler, which
 * takes a few thousand requests; measured from a cold start, the 1,000/s figure mostly shows JIT
 * work. The figure is the simulator process's CPU time (user + system, every thread, from /proc)
 * per completed registration at 1,000/s.
 *
 * The same phases then run against a Kamailio registrar (when `npm run peers:install` has put
 * it here), because CPU per registration depends on the machine as much as on the code: the
 * same VM class gave our simulator 0.18-0.26 ms on one day and 0.09-0.14 ms on another, so the
 * reference measured beside it in the same run is what makes the figure comparable.
 * shared/research/peers.md measured Kamailio at 0.17-0.26 ms.
 *
 * The same phases then run against the simulator with its AORs shared out to WORKERS worker
 * threads (`--workers`), the way it uses both cores; the CPU figure is printed for both.
 *
 * Then the step test (simulator/step-test.ts) against the simulator with WORKERS workers and
 * against Kamailio: 1,000, 2,000, 4,000 and 8,000
 * registrations per second, 10 s each, up to the first rate with a retransmission or a 99th
 * percentile answer time of 100 ms or more; the last line is the ratio of the highest clean rates.
 * Run: npm run bench:simulator.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { kamailioVersion, startKamailioRegistrar } from "../interop/harness/kamailio.js";
import { freePorts, runSipp, sippVersion, type SippStats } from "../interop/harness/sipp.js";
import { udpCounters } from "./proc.js";
import { BENCH_REALM } from "./realm.js";
import { benchUsers, usersCsvText, usersFileText } from "./simulator/bench-users.js";
import { processTreeCpu } from "./simulator/process-cpu.js";
import { startSimulatorProcess } from "../interop/harness/simulator-process.js";
import { cleanRate, runStepTest, stepTable, type StepResult } from "./simulator/step-test.js";

const REPORT = new URL("../reports/bench-simulator.md", import.meta.url);
const USERS = 10_000;
/** Worker threads of the simulator's second run and of its step test: one per core of the 2-core machine. */
const WORKERS = 2;
const TARGET_MS = 0.2;
const PHASES = [
  { name: "warm-up", rate: 1000, seconds: 5 },
  { name: "1,000/s", rate: 1000, seconds: 10 },
  { name: "2,000/s", rate: 2000, seconds: 10 },
] as const;
/** SIPp gets this long past the phase's nominal duration before it gives up. */
const SLACK_SEC = 20;

interface PhaseResult {
  /** Which registrar SIPp registered against. */
  readonly registrar: string;
  readonly name: string;
  readonly rate: number;
  readonly wallSec: number;
  readonly cpuMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  readonly stats: SippStats;
  readonly exitCode: number | null;
  readonly rcvbufErrors: number | null;
}

const version = sippVersion();
if (version === null) {
  console.error("sipp is not on PATH: run `npm run peers:install` first");
  process.exit(1);
}

const workDir = await mkdtemp(join(tmpdir(), "uacreg-bench-sim-"));
const users = benchUsers(USERS);
const usersCsv = join(workDir, "users.csv");
let results: PhaseResult[];
let totals: { messagesIn: number; messagesOut: number };
let sharded: PhaseResult[];
let shardedTotals: { messagesIn: number; messagesOut: number };
const kamailio = kamailioVersion();
let reference: PhaseResult[] = [];
let simulatorSteps: StepResult[] = [];
let kamailioSteps: StepResult[] = [];
try {
  const usersFile = join(workDir, "users.txt");
  await writeFile(usersFile, usersFileText(users));
  await writeFile(usersCsv, usersCsvText(users));
  // Each port is picked right before its registrar binds it, so that nothing takes it meanwhile.
  const [simulatorPort = 0] = await freePorts(1);
  const simulator = await startSimulatorProcess(["--listen", `udp:127.0.0.1:${simulatorPort}`, "--users", usersFile]);
  try {
    results = await runPhases("uacreg simulate", simulatorPort, simulator.pid);
  } finally {
    totals = await simulator.stop();
  }
  const shardedName = `uacreg simulate --workers ${WORKERS}`;
  const [shardedPort = 0] = await freePorts(1);
  const shardedSimulator = await startSimulatorProcess(["--listen", `udp:127.0.0.1:${shardedPort}`, "--users", usersFile, "--workers", String(WORKERS)]);
  try {
    sharded = await runPhases(shardedName, shardedPort, shardedSimulator.pid);
    simulatorSteps = await runStepTest(shardedName, shardedPort, shardedSimulator.pid, usersCsv, workDir);
  } finally {
    shardedTotals = await shardedSimulator.stop();
  }

  if (kamailio === null) {
    console.log("Kamailio reference: kamailio is not installed (npm run peers:install), so it is not measured");
  } else {
    const [kamailioPort = 0] = await freePorts(1);
    const registrar = await startKamailioRegistrar({ workDir, port: kamailioPort, realm: BENCH_REALM, users });
    try {
      reference = await runPhases(`Kamailio ${kamailio}`, kamailioPort, registrar.pid);
      kamailioSteps = await runStepTest(`Kamailio ${kamailio}`, kamailioPort, registrar.pid, usersCsv, workDir);
    } finally {
      await registrar.stop();
    }
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}

/** `pid`: the registrar's process, measured with its descendants (Kamailio's workers). */
async function runPhases(registrar: string, port: number, pid: number): Promise<PhaseResult[]> {
  const target = { protocol: "udp", host: "127.0.0.1", port } as const;
  const measured: PhaseResult[] = [];
  for (const phase of PHASES) {
    const calls = phase.rate * phase.seconds;
    const rcvbufBefore = udpCounters(["RcvbufErrors"]);
    const cpuBefore = await processTreeCpu(pid);
    const startedMs = performance.now();
    const sipp = await runSipp({
      scenario: "register-digest.xml",
      target,
      usersCsv,
      calls,
      rate: phase.rate,
      timeoutSec: phase.seconds + SLACK_SEC,
      workDir,
      keys: { expires: "3600" },
    });
    const wallSec = (performance.now() - startedMs) / 1000;
    const cpuAfter = await processTreeCpu(pid);
    const userMs = cpuAfter.userMs - cpuBefore.userMs;
    const systemMs = cpuAfter.systemMs - cpuBefore.systemMs;
    const rcvbufAfter = udpCounters(["RcvbufErrors"]);
    if (sipp.exitCode !== 0 && sipp.exitCode !== 1) console.error(`sipp exited with ${sipp.exitCode}: ${sipp.stderr.trim()}`);
    const result: PhaseResult = {
      registrar,
      name: phase.name,
      rate: phase.rate,
      wallSec,
      cpuMs: userMs + systemMs,
      userMs,
      systemMs,
      stats: sipp.stats,
      exitCode: sipp.exitCode,
      rcvbufErrors: rcvbufBefore === null || rcvbufAfter === null ? null : rcvbufAfter - rcvbufBefore,
    };
    measured.push(result);
    const note = phase.name === "warm-up" ? " (JIT compilation and heap growth: not the figure)" : "";
    console.log(`${registrar}, ${phase.name}: ${sipp.stats.successful}/${calls} registrations, ${sipp.stats.retransmissions} retransmissions, ${perRegistration(result)} ms CPU each${note}`);
  }
  return measured;
}

function perRegistration(result: PhaseResult): string {
  return result.stats.successful === 0 ? "n/a" : (result.cpuMs / result.stats.successful).toFixed(3);
}

/** Registrations SIPp started in the phases of one run. */
const attemptedIn = (phases: readonly PhaseResult[]): number => phases.reduce((sum, r) => sum + r.stats.created, 0);
const table = [
  "| registrar | phase | rate /s | registrations ok | failed | SIPp retransmissions | UDP rcvbuf drops | wall s | registrar CPU ms (user + system) | CPU ms per registration |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...[...results, ...sharded, ...reference].map((r) =>
    `| ${r.registrar} | ${r.name} | ${r.rate} | ${r.stats.successful} | ${r.stats.failed} | ${r.stats.retransmissions} | ${r.rcvbufErrors ?? "n/a"} | ${r.wallSec.toFixed(1)} | ${r.cpuMs.toFixed(0)} (${r.userMs.toFixed(0)} + ${r.systemMs.toFixed(0)}) | ${perRegistration(r)} |`),
].join("\n");
// Two requests per registration; anything beyond that reached the simulator as a retransmission
// (or belonged to a registration that did not complete).
const wireLine = (name: string, counted: { messagesIn: number; messagesOut: number }, attempted: number): string =>
  `${name} wire counters over all its phases: ${counted.messagesIn} messages in, ${counted.messagesOut} out; ${counted.messagesIn - 2 * attempted} requests beyond 2 per registration attempted (${attempted})`;
const wire = [
  wireLine("uacreg simulate", totals, attemptedIn(results)),
  wireLine(`uacreg simulate --workers ${WORKERS} (step test included)`, shardedTotals, attemptedIn(sharded) + simulatorSteps.reduce((sum, step) => sum + step.calls, 0)),
].join("\n");
const main = results.find((r) => r.name === "1,000/s");
const figure = main === undefined ? "n/a" : perRegistration(main);
const verdict = main === undefined || main.stats.successful === 0 ? "" : main.cpuMs / main.stats.successful <= TARGET_MS ? `within the ${TARGET_MS} ms target` : `above the ${TARGET_MS} ms target`;
const kamailioMain = reference.find((r) => r.name === "1,000/s");
const comparison = kamailioMain === undefined
  ? "Kamailio not measured in this run (shared/research/peers.md: 0.17-0.26 ms on this machine class)"
  : `Kamailio ${kamailio} in this run, same load: ${perRegistration(kamailioMain)} ms`;

const steps = stepTable([...simulatorSteps, ...kamailioSteps]);
const simulatorClean = cleanRate(simulatorSteps);
const kamailioClean = cleanRate(kamailioSteps);
const rateRatio = kamailioSteps.length === 0 || kamailioClean === 0 ? "n/a" : `${(simulatorClean / kamailioClean).toFixed(2)}x`;
const ratioToKamailio = (phase: PhaseResult | undefined): string =>
  kamailioMain === undefined || phase === undefined || kamailioMain.stats.successful === 0 || phase.stats.successful === 0
    ? "n/a"
    : `${(phase.cpuMs / phase.stats.successful / (kamailioMain.cpuMs / kamailioMain.stats.successful)).toFixed(2)}x`;
const cpuRatio = ratioToKamailio(main);
const shardedMain = sharded.find((r) => r.name === "1,000/s");
const shardedFigure = shardedMain === undefined ? "n/a" : perRegistration(shardedMain);
const shardedLine = `simulator --workers ${WORKERS} cpu per registration: ${shardedFigure} ms (at 1,000/s; ratio to Kamailio's: ${ratioToKamailio(shardedMain)})`;
const cleanLine = `highest clean rate (no retransmission, p99 answer under 100 ms): simulator with ${WORKERS} workers ${simulatorClean}/s, Kamailio ${kamailioSteps.length === 0 ? "not measured" : `${kamailioClean}/s`}`;

console.log("");
console.log(table);
console.log("");
console.log(wire);
console.log("");
console.log(steps);
mkdirSync(new URL(".", REPORT), { recursive: true });
writeFileSync(
  REPORT,
  [
    "# Simulator benchmark",
    "",
    `SIPp ${version} registers with MD5 digest against \`uacreg simulate --quiet --transcript 0\` (separate process; then again with \`--workers ${WORKERS}\`, which also runs the step test) over UDP on 127.0.0.1, ${USERS.toLocaleString("en")} users;`,
    "then, as the reference, the same SIPp load against a Kamailio registrar (fixtures/kamailio/registrar-digest.cfg: two UDP workers, usrloc in memory, users in an htable).",
    `CPU is the registrar's only (user + system of every thread; for Kamailio, of all its processes; /proc); the warm-up phase (JIT compilation, heap growth) is reported but is not the figure. ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString()}.`,
    "",
    table,
    "",
    wire,
    "",
    `simulator cpu per registration: ${figure} ms (at 1,000/s; ${verdict}; ${comparison}); ratio to Kamailio: ${cpuRatio}`,
    "",
    shardedLine,
    "",
    "## Step test",
    "",
    steps,
    "",
    cleanLine,
    "",
    `simulator clean rate vs kamailio registrar: ${rateRatio}`,
    "",
  ].join("\n"),
);
if (kamailioMain !== undefined) console.log(`kamailio registrar cpu per registration: ${perRegistration(kamailioMain)} ms (the reference, same load)`);
console.log(`simulator cpu per registration: ${figure} ms (ratio to Kamailio's: ${cpuRatio})`);
console.log(shardedLine);
console.log(cleanLine);
console.log(`simulator clean rate vs kamailio registrar: ${rateRatio}`);
