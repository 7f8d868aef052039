/**
 * Simulator benchmark: SIPp registers with digest (REGISTER, 401, REGISTER with Authorization,
 * 200) against `uacreg simulate` in its own process on loopback UDP, transcript and printing
 * off, 10,000 distinct users. Phases: a warm-up of 5 s at 1,000/s (reported, not the figure), then
 * 1,000 and 2,000 registrations per second for 10 s each. The warm-up is part of the design: a
 * registrar in service has long had its hot paths compiled by V8's optimizing compiler, which takes
 * a few thousand requests; measured from a cold start, the 1,000/s figure mostly shows JIT work. The figure is the simulator process's CPU
 * time (user + system, every thread, from /proc) per completed registration at 1,000/s; a
 * Kamailio registrar uses 0.17-0.26 ms there (shared/research/peers.md). Run: npm run bench:simulator.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts, runSipp, sippVersion, type SippStats } from "../cli/sipp-support.js";
import { benchUsers, usersCsvText, usersFileText } from "./simulator/bench-users.js";
import { startSimulatorProcess, udpReceiveBufferErrors } from "./simulator/simulator-process.js";

const REPORT = new URL("../reports/bench-simulator.md", import.meta.url);
const USERS = 10_000;
const TARGET_MS = 0.2;
const PHASES = [
  { name: "warm-up", rate: 1000, seconds: 5 },
  { name: "1,000/s", rate: 1000, seconds: 10 },
  { name: "2,000/s", rate: 2000, seconds: 10 },
] as const;
/** SIPp gets this long past the phase's nominal duration before it gives up. */
const SLACK_SEC = 20;

interface PhaseResult {
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
const usersFile = join(workDir, "users.txt");
const usersCsv = join(workDir, "users.csv");
await writeFile(usersFile, usersFileText(users));
await writeFile(usersCsv, usersCsvText(users));
const [port] = await freePorts(1);
const target = { protocol: "udp", host: "127.0.0.1", port: port ?? 0 } as const;
const simulator = await startSimulatorProcess(["--listen", `udp:127.0.0.1:${target.port}`, "--users", usersFile]);

const results: PhaseResult[] = [];
let totals: { messagesIn: number; messagesOut: number };
try {
  for (const phase of PHASES) {
    const calls = phase.rate * phase.seconds;
    const rcvbufBefore = await udpReceiveBufferErrors();
    const cpuBefore = await simulator.cpu();
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
    const cpuAfter = await simulator.cpu();
    const userMs = cpuAfter.userMs - cpuBefore.userMs;
    const systemMs = cpuAfter.systemMs - cpuBefore.systemMs;
    const rcvbufAfter = await udpReceiveBufferErrors();
    if (sipp.exitCode !== 0 && sipp.exitCode !== 1) console.error(`sipp exited with ${sipp.exitCode}: ${sipp.stderr.trim()}`);
    const result: PhaseResult = {
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
    results.push(result);
    const note = phase.name === "warm-up" ? " (JIT compilation and heap growth: not the figure)" : "";
    console.log(`${phase.name}: ${sipp.stats.successful}/${calls} registrations, ${sipp.stats.retransmissions} retransmissions, ${perRegistration(result)} ms CPU each${note}`);
  }
} finally {
  totals = await simulator.stop();
  await rm(workDir, { recursive: true, force: true });
}

function perRegistration(result: PhaseResult): string {
  return result.stats.successful === 0 ? "n/a" : (result.cpuMs / result.stats.successful).toFixed(3);
}

const attempted = results.reduce((sum, r) => sum + r.stats.created, 0);
const table = [
  "| phase | rate /s | registrations ok | failed | SIPp retransmissions | UDP rcvbuf drops | wall s | simulator CPU ms (user + system) | CPU ms per registration |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...results.map((r) =>
    `| ${r.name} | ${r.rate} | ${r.stats.successful} | ${r.stats.failed} | ${r.stats.retransmissions} | ${r.rcvbufErrors ?? "n/a"} | ${r.wallSec.toFixed(1)} | ${r.cpuMs.toFixed(0)} (${r.userMs.toFixed(0)} + ${r.systemMs.toFixed(0)}) | ${perRegistration(r)} |`),
].join("\n");
// Two requests per registration; anything beyond that reached the simulator as a retransmission
// (or belonged to a registration that did not complete).
const extraIn = totals.messagesIn - 2 * attempted;
const wire = `simulator wire counters over all phases: ${totals.messagesIn} messages in, ${totals.messagesOut} out; ${extraIn} requests beyond 2 per registration attempted (${attempted})`;
const main = results.find((r) => r.name === "1,000/s");
const figure = main === undefined ? "n/a" : perRegistration(main);
const verdict = main === undefined || main.stats.successful === 0 ? "" : main.cpuMs / main.stats.successful <= TARGET_MS ? `within the ${TARGET_MS} ms target` : `above the ${TARGET_MS} ms target`;

console.log("");
console.log(table);
console.log("");
console.log(wire);
mkdirSync(new URL(".", REPORT), { recursive: true });
writeFileSync(
  REPORT,
  [
    "# Simulator benchmark",
    "",
    `SIPp ${version} registers with MD5 digest against \`uacreg simulate --quiet --transcript 0\` (separate process) over UDP on 127.0.0.1, ${USERS.toLocaleString("en")} users.`,
    `CPU is the simulator process only (user + system of every thread, /proc); the warm-up phase (JIT compilation, heap growth) is reported but is not the figure. ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString()}.`,
    "",
    table,
    "",
    wire,
    "",
    `simulator cpu per registration: ${figure} ms (at 1,000/s; ${verdict}; a Kamailio registrar: 0.17-0.26 ms)`,
    "",
  ].join("\n"),
);
console.log(`simulator cpu per registration: ${figure} ms`);
