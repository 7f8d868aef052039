/**
 * Engine benchmark (npm run bench:engine; not part of npm test):
 * a) CPU per registration over real UDP on loopback, this process against a responder process;
 * b) memory per record at 100,000 and 1,000,000 records, each size in its own process
 *    (bench/engine/memory.ts) so that each starts from a clean heap.
 * Prints a markdown table, writes it to reports/bench-engine.md, and ends with the two lines
 * `cpu per registration: <ms> ms` and `memory per record: <bytes> bytes`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { runCpuBenchmark, type CpuResult } from "./engine/cpu.js";
import type { MemoryResult } from "./engine/memory.js";

const REPORT = new URL("../reports/bench-engine.md", import.meta.url);
const MEMORY_SCRIPT = new URL("./engine/memory.ts", import.meta.url).pathname;
const MEMORY_SIZES = [100_000, 1_000_000] as const;
/** Wall budget of one memory run; the child reports what registered by then. */
const MEMORY_BUDGET_SEC = 1_200;
/** After the budget, time to drain, GC and print before the child is killed. */
const MEMORY_GRACE_SEC = 180;
const CPU_TARGET_MS = 0.3;
const MEMORY_TARGET_BYTES = 1_024;

/** Runs one memory size in a fresh node; null (with the reason printed) if it produced no result. */
function runMemory(records: number): Promise<MemoryResult | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", MEMORY_SCRIPT, String(records), String(MEMORY_BUDGET_SEC)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const kill = (): void => void child.kill();
    process.once("exit", kill);
    const limit = setTimeout(kill, (MEMORY_BUDGET_SEC + MEMORY_GRACE_SEC) * 1000);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("close", (code, signal) => {
      clearTimeout(limit);
      process.off("exit", kill);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line === undefined) {
        console.error(`memory run with ${records} records ended (code ${code}, signal ${signal}) without a result`);
        resolve(null);
        return;
      }
      resolve(JSON.parse(line) as MemoryResult);
    });
  });
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const verdict = (ok: boolean): string => (ok ? "met" : "missed");

function cpuPerRegistrationMs(r: CpuResult): number {
  return r.registered === 0 ? Number.NaN : (r.cpuUserMs + r.cpuSystemMs) / r.registered;
}

function cpuRow(r: CpuResult): string {
  const perReg = cpuPerRegistrationMs(r);
  const lost = r.sent - (r.responder.layer.serverTransactionsStarted + r.responder.layer.requestsAbsorbed + r.responder.layer.responsesResent);
  const detail = [
    `${int(r.registered)}/${int(r.records)} REGISTERED in ${r.wallSec.toFixed(1)} s wall`,
    `engine CPU ${int(r.cpuUserMs)} ms user + ${int(r.cpuSystemMs)} ms system`,
    `${int(r.sent)} datagrams sent, ${int(r.received)} received`,
    `${int(r.retransmissions)} retransmissions (responder saw ${int(r.responder.layer.requestsAbsorbed + r.responder.layer.responsesResent)})`,
    `requests lost on the way: ${int(lost)}`,
    `kernel UDP buffer errors: ${r.kernelBufferErrors === null ? "n/a" : int(r.kernelBufferErrors)}`,
    `responder CPU ${int(r.responder.cpuUs / 1000)} ms (not counted)`,
  ].join("; ");
  return `| a) CPU per registration, real UDP loopback | ${int(r.records)} | ${perReg.toFixed(3)} ms | ≤ ${CPU_TARGET_MS} ms: ${verdict(perReg <= CPU_TARGET_MS)} | ${detail} |`;
}

function memoryRow(records: number, r: MemoryResult | null): string {
  if (r === null) return `| b) memory per record | ${int(records)} | n/a | ≤ ${int(MEMORY_TARGET_BYTES)} B | run failed |`;
  const perRecord = r.engineHeapBytes / r.records;
  const detail = [
    `${int(r.registered)}/${int(r.records)} REGISTERED${r.complete ? "" : " (partial: wall budget ran out)"} in ${int(r.simulatedSec)} simulated s, ${r.wallSec.toFixed(0)} s wall`,
    `engine heap ${mib(r.engineHeapBytes)}`,
    `with the store's rows ${int(r.withStoreHeapBytes / r.records)} B/record`,
    `RSS ${mib(r.rssBytes)} (baseline ${mib(r.baselineRssBytes)})`,
  ].join("; ");
  return `| b) memory per record, memory network | ${int(records)} | ${int(perRecord)} B | ≤ ${int(MEMORY_TARGET_BYTES)} B at 1,000,000: ${verdict(perRecord <= MEMORY_TARGET_BYTES)} | ${detail} |`;
}

const cpu = await runCpuBenchmark();
console.log(cpuRow(cpu));
const memory: Array<MemoryResult | null> = [];
for (const records of MEMORY_SIZES) {
  const result = await runMemory(records);
  memory.push(result);
  console.log(memoryRow(records, result));
}

const cpus = os.cpus();
const lines = [
  "# Engine benchmark",
  "",
  `${new Date().toISOString()}: Node ${process.version}, ${cpus.length} x ${cpus[0]?.model.trim() ?? "unknown CPU"}.`,
  "a) 10,000 records, hash_size 3, timer_interval 10, expiry 3600; REGISTER, 401, REGISTER with Authorization, 200 against a responder process; CPU (user + system) of the engine process from start() until all REGISTERED.",
  "b) hash_size 10, timer_interval 1024, expiry 3600; fake clock and memory network; heap after GC, registrar dropped and store emptied, minus a baseline taken before anything was built.",
  "",
  "| measure | records | result | target | detail |",
  "| --- | ---: | ---: | --- | --- |",
  cpuRow(cpu),
  ...MEMORY_SIZES.map((records, i) => memoryRow(records, memory[i] ?? null)),
];
mkdirSync(new URL(".", REPORT), { recursive: true });
const largest = memory[memory.length - 1] ?? null;
const tail = [
  `cpu per registration: ${cpuPerRegistrationMs(cpu).toFixed(3)} ms`,
  `memory per record: ${largest === null ? "n/a" : int(largest.engineHeapBytes / largest.records).replace(/,/g, "")} bytes`,
];
writeFileSync(REPORT, [...lines, "", ...tail, ""].join("\n"));
console.log("");
console.log(lines.join("\n"));
console.log("");
console.log(tail.join("\n"));
