/**
 * The step test: SIPp registers with digest at 1,000, 2,000, 4,000 and 8,000 registrations per
 * second, 10 s each, against one registrar; a rate is clean when every registration completed,
 * SIPp retransmitted nothing and the 99th percentile answer time (each transaction, REGISTER to
 * 401 and REGISTER with Authorization to 200, timed by SIPp) is under 100 ms. The steps stop at
 * the first rate that is not clean: the ones above it would only overload the machine.
 */
import { runSipp } from "../../interop/harness/sipp.js";
import { processTreeCpu } from "./process-cpu.js";

export const STEP_RATES = [1000, 2000, 4000, 8000] as const;
const STEP_SECONDS = 10;
const P99_LIMIT_MS = 100;
/** SIPp gets this long past the step's nominal duration before it gives up. */
const SLACK_SEC = 20;

export interface StepResult {
  readonly registrar: string;
  readonly rate: number;
  readonly calls: number;
  readonly successful: number;
  readonly retransmissions: number;
  readonly p99Ms: number | null;
  readonly cpuMs: number;
  readonly clean: boolean;
}

export async function runStepTest(registrar: string, port: number, pid: number, usersCsv: string, workDir: string): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const rate of STEP_RATES) {
    const calls = rate * STEP_SECONDS;
    const cpuBefore = await processTreeCpu(pid);
    const sipp = await runSipp({
      scenario: "register-digest-timed.xml",
      target: { protocol: "udp", host: "127.0.0.1", port },
      usersCsv,
      calls,
      rate,
      timeoutSec: STEP_SECONDS + SLACK_SEC,
      workDir,
      keys: { expires: "3600" },
      traceAnswerTimes: true,
    });
    const cpuAfter = await processTreeCpu(pid);
    const p99Ms = percentile(sipp.answerTimesMs, 0.99);
    const clean = sipp.stats.successful === calls && sipp.stats.retransmissions === 0 && p99Ms !== null && p99Ms < P99_LIMIT_MS;
    const result: StepResult = {
      registrar,
      rate,
      calls,
      successful: sipp.stats.successful,
      retransmissions: sipp.stats.retransmissions,
      p99Ms,
      cpuMs: cpuAfter.userMs + cpuAfter.systemMs - cpuBefore.userMs - cpuBefore.systemMs,
      clean,
    };
    results.push(result);
    console.log(`${registrar}, step ${rate}/s: ${result.successful}/${calls} registrations, ${result.retransmissions} retransmissions, p99 answer ${p99Ms ?? "n/a"} ms: ${clean ? "clean" : "not clean"}`);
    if (!clean) break;
  }
  return results;
}

/** The highest rate that was clean, 0 when none was. */
export function cleanRate(results: readonly StepResult[]): number {
  return Math.max(0, ...results.filter((result) => result.clean).map((result) => result.rate));
}

/** The value below which `fraction` of the values lie (nearest rank); null for no values. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? null;
}

export function stepTable(results: readonly StepResult[]): string {
  return [
    "| registrar | rate /s | registrations ok | SIPp retransmissions | p99 answer ms | registrar CPU ms per registration | clean |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...results.map((r) => `| ${r.registrar} | ${r.rate} | ${r.successful}/${r.calls} | ${r.retransmissions} | ${r.p99Ms ?? "n/a"} | ${r.successful === 0 ? "n/a" : (r.cpuMs / r.successful).toFixed(3)} | ${r.clean ? "yes" : "no"} |`),
  ].join("\n");
}
