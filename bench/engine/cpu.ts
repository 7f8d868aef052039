/**
 * The engine's run of the CPU benchmark: `plan.records` records (expiry 3600) registering with
 * digest over real UDP on loopback against the responder process. The bucket timer visits one
 * bucket a second (period floor(timer_interval / 2^hash_size) = 1 s), so with 2^hash_size =
 * records / rate buckets the first wave leaves as `rate` REGISTERs a second: 10,000 records with
 * hash_size 3 (timer_interval 10) are 1,250 a second over 8 s. The CPU time (user + system) of
 * this process from start() until every record is REGISTERED (or the limit) is the figure; then,
 * if asked, the process rests `plan.restSec`, stays idle for `plan.idleSec` more, and its CPU
 * over each is measured too.
 *
 * Retransmissions are counted where they arrive, at the responder, as for Kamailio's run.
 */
import {
  createEngine,
  createUdpTransport,
  cryptoRandom,
  MemoryRegistrantStore,
  StaticResolver,
  systemClock,
  type EngineDeps,
} from "../../engine/index.js";
import { udpCounters } from "../proc.js";
import { benchRows, BENCH_UDP_SOCKET } from "./registrar.js";
import { BUFFER_ERRORS, RUN_LIMIT_MS, type RegistrationRun, type RunPlan } from "./registration-run.js";
import { retransmissionsSeen, waitUntilQuiet, type ResponderProcess } from "./responder-process.js";

/** hash_size and timer_interval for one bucket visit a second of records / 2^hash_size records. */
export function engineTimerParams(plan: Pick<RunPlan, "records" | "rate">): { hash_size: number; timer_interval: number } {
  const buckets = plan.records / plan.rate;
  const hashSize = Math.log2(buckets);
  if (!Number.isInteger(hashSize) || hashSize < 1) throw new Error(`records / rate must be 2, 4, 8, ... buckets, got ${buckets}`);
  // floor(T / 2^h) = 1 s for T from 2^h to 2^(h+1) - 1; 10 for the 8 buckets of the classic figure.
  return { hash_size: hashSize, timer_interval: hashSize === 3 ? 10 : buckets };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a run adds to the engine (bench/management-overhead.ts): more deps, and work to finish before the CPU is read. */
export interface EngineRunExtras {
  readonly deps?: Pick<EngineDeps, "observer" | "eventSinks" | "runLog">;
  /** Resolves when what the extras started is done (a webhook queue drained); counted in the CPU. */
  readonly finished?: () => Promise<void>;
}

export async function runEngine(responder: ResponderProcess, plan: RunPlan, extras: EngineRunExtras = {}): Promise<RegistrationRun> {
  const socket = await createUdpTransport(BENCH_UDP_SOCKET);
  const rows = benchRows(plan.records, `127.0.0.1:${socket.local.port}`, `sip:127.0.0.1:${responder.port}`);
  const engine = createEngine(engineTimerParams(plan), {
    clock: systemClock,
    transports: [socket],
    resolver: new StaticResolver(),
    store: new MemoryRegistrantStore(rows),
    random: cryptoRandom(),
    runLog: null,
    ...extras.deps,
  });
  let registered = 0;
  let allRegistered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allRegistered = resolve;
  });
  engine.onEvent((event) => {
    if (event.name !== "E_REGISTRANT_REGISTERED") return;
    registered += 1;
    if (registered === plan.records) allRegistered();
  });
  let limit: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    limit = setTimeout(resolve, RUN_LIMIT_MS);
  });

  await waitUntilQuiet(responder);
  responder.resetAccepted();
  const statsBefore = await responder.stats();
  const bufferErrorsBefore = udpCounters(BUFFER_ERRORS);
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await engine.start();
  await Promise.race([done.then(() => extras.finished?.()), timedOut]);
  const cpu = process.cpuUsage(cpuBefore);
  const wallSec = (performance.now() - wallBefore) / 1000;
  const bufferErrorsAfter = udpCounters(BUFFER_ERRORS);
  clearTimeout(limit);
  let idle: RegistrationRun["idle"] = null;
  if (plan.idleSec > 0 && registered === plan.records) {
    // Idle means idle: the wave's stray retransmissions and their answers are over first.
    await waitUntilQuiet(responder);
    const restSec = plan.restSec ?? 0;
    const restBefore = process.cpuUsage();
    await sleep(restSec * 1000);
    const restCpu = process.cpuUsage(restBefore);
    const idleBefore = process.cpuUsage();
    await sleep(plan.idleSec * 1000);
    const idleCpu = process.cpuUsage(idleBefore);
    idle = { sec: plan.idleSec, cpuMs: (idleCpu.user + idleCpu.system) / 1000, restSec, restCpuMs: (restCpu.user + restCpu.system) / 1000 };
  }
  await engine.stop();
  const statsAfter = await responder.stats();
  return {
    registrant: "engine",
    records: plan.records,
    rate: plan.rate,
    registered,
    wallSec,
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
    retransmissions: retransmissionsSeen(statsBefore, statsAfter),
    kernelBufferErrors: bufferErrorsBefore === null || bufferErrorsAfter === null ? null : bufferErrorsAfter - bufferErrorsBefore,
    idle,
  };
}
