/**
 * The engine's run of the CPU benchmark (as bench/engine/cpu.ts describes it) in a child process
 * (bench/engine/engine-child.mjs) running the compiled engine in dist/: the figure is then the
 * engine's as users run it, without this bench's tsx loader thread or keepNames transform. With
 * `source: true` the child runs engine/index.ts under tsx instead, for the comparison.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { freePorts } from "../../interop/harness/sipp.js";
import { compiled } from "../compiled.js";
import { udpCounters } from "../proc.js";
import { engineTimerParams } from "./cpu.js";
import { benchRows, BENCH_UDP_SOCKET } from "./registrar.js";
import { BUFFER_ERRORS, RUN_LIMIT_MS, type RegistrationRun, type RunPlan } from "./registration-run.js";
import { retransmissionsSeen, waitUntilQuiet, type ResponderProcess } from "./responder-process.js";

const CHILD = fileURLToPath(new URL("./engine-child.mjs", import.meta.url));
const SOURCE_ENGINE = fileURLToPath(new URL("../../engine/index.ts", import.meta.url));
/** Beyond the run's own limit (and an idle period), how long a step may take to answer. */
const STEP_LIMIT_MS = 30_000;

export interface EngineProcessOptions {
  /** Run engine/index.ts under tsx rather than the compiled engine. */
  readonly source?: boolean;
}

export async function runEngineProcess(responder: ResponderProcess, plan: RunPlan, options: EngineProcessOptions = {}): Promise<RegistrationRun> {
  const args = options.source === true ? ["--import", "tsx", CHILD, SOURCE_ENGINE] : [CHILD, compiled("engine/index.js")];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  const kill = (): void => void child.kill();
  process.once("exit", kill);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const step = async <T>(message: object, limitMs: number): Promise<T> => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`engine process: no answer to ${JSON.stringify(message).slice(0, 40)} within ${limitMs} ms`)), limitMs);
    });
    try {
      const next = await Promise.race([lines.next(), late]);
      if (next.done === true) throw new Error("engine process ended before answering");
      return JSON.parse(next.value) as T;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const [port = 0] = await freePorts(1);
    const rows = benchRows(plan.records, `127.0.0.1:${port}`, `sip:127.0.0.1:${responder.port}`);
    await step({ op: "setup", params: engineTimerParams(plan), socket: { ...BENCH_UDP_SOCKET, bind: { host: "127.0.0.1", port } }, rows }, STEP_LIMIT_MS);
    await waitUntilQuiet(responder);
    responder.resetAccepted();
    const statsBefore = await responder.stats();
    const bufferErrorsBefore = udpCounters(BUFFER_ERRORS);
    const wave = await step<{ registered: number; userMs: number; systemMs: number; wallSec: number }>({ op: "run", limitMs: RUN_LIMIT_MS }, RUN_LIMIT_MS + STEP_LIMIT_MS);
    const bufferErrorsAfter = udpCounters(BUFFER_ERRORS);
    let idle: RegistrationRun["idle"] = null;
    if (plan.idleSec > 0 && wave.registered === plan.records) {
      // Idle means idle: the wave's stray retransmissions and their answers are over first.
      await waitUntilQuiet(responder);
      const restSec = plan.restSec ?? 0;
      const { cpuMs, restCpuMs } = await step<{ cpuMs: number; restCpuMs: number }>({ op: "idle", sec: plan.idleSec, restSec }, (restSec + plan.idleSec) * 1000 + STEP_LIMIT_MS);
      idle = { sec: plan.idleSec, cpuMs, restSec, restCpuMs };
    }
    await step({ op: "stop" }, STEP_LIMIT_MS);
    const statsAfter = await responder.stats();
    return {
      registrant: "engine",
      records: plan.records,
      rate: plan.rate,
      ...wave,
      retransmissions: retransmissionsSeen(statsBefore, statsAfter),
      kernelBufferErrors: bufferErrorsBefore === null || bufferErrorsAfter === null ? null : bufferErrorsAfter - bufferErrorsBefore,
      idle,
    };
  } finally {
    process.off("exit", kill);
    child.kill();
  }
}
