/**
 * CPU per registration over real UDP on loopback: 10,000 records (hash_size 3, timer_interval
 * 10, expiry 3600), so the bucket timer sends 1,250 every 1.25 s, against the responder in a
 * separate process. The CPU time (user + system) of this process from start() until every record
 * is REGISTERED (or the time limit) is divided by the registrations completed.
 *
 * createEngine keeps its TransactionLayer private, so retransmissions are counted on the wire:
 * the engine's socket is tapped (engine/transport/wire-tap.ts) to count datagrams out and in, and the
 * responder reports how many request retransmissions reached it. Datagrams lost on the way show up as the difference.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import {
  createEngine,
  createUdpTransport,
  cryptoRandom,
  MemoryRegistrantStore,
  StaticResolver,
  systemClock,
  tapTransport,
  type EngineDeps,
  type WireCounters,
} from "../../engine/index.js";
import { udpCounters } from "../proc.js";
import { benchRows, BENCH_UDP_SOCKET } from "./registrar.js";
import type { ResponderReport } from "./responder.js";

export interface CpuResult {
  readonly records: number;
  readonly registered: number;
  readonly wallSec: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Datagrams the engine sent, and received. */
  readonly sent: number;
  readonly received: number;
  /** Requests sent beyond two per completed registration (REGISTER, REGISTER with credentials). */
  readonly retransmissions: number;
  readonly responder: ResponderReport;
  /** Growth of the kernel's UDP RcvbufErrors/SndbufErrors over the run (Linux), or null. */
  readonly kernelBufferErrors: number | null;
}

const RECORDS = 10_000;
const LIMIT_MS = 60_000;
const READY_LIMIT_MS = 15_000;
const RESPONDER = new URL("./responder.ts", import.meta.url).pathname;
const BUFFER_ERRORS = ["RcvbufErrors", "SndbufErrors"] as const;

/** The next line the child prints, or a rejection after `limitMs`. */
function nextLine(lines: Interface, limitMs: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      lines.off("line", onLine);
      reject(new Error(`responder: no ${what} within ${limitMs} ms`));
    }, limitMs);
    const onLine = (line: string): void => {
      clearTimeout(timer);
      resolve(line);
    };
    lines.once("line", onLine);
  });
}

function spawnResponder(): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ["--import", "tsx", RESPONDER, "0"], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`responder: ${chunk.toString()}`));
  const kill = (): void => void child.kill();
  process.once("exit", kill);
  child.once("exit", () => process.off("exit", kill));
  return child;
}

/** What a run adds to the engine (bench/management-overhead.ts): more deps, and work to finish before the CPU is read. */
export interface CpuRunExtras {
  readonly deps?: Pick<EngineDeps, "observer" | "eventSinks" | "runLog">;
  /** Resolves when what the extras started is done (a webhook queue drained); counted in the CPU. */
  readonly finished?: () => Promise<void>;
}

export async function runCpuBenchmark(extras: CpuRunExtras = {}): Promise<CpuResult> {
  const child = spawnResponder();
  const lines = createInterface({ input: child.stdout });
  try {
    const port = Number(await nextLine(lines, READY_LIMIT_MS, "port"));
    const counters: WireCounters = { messagesIn: 0, messagesOut: 0 };
    const socket = tapTransport(await createUdpTransport(BENCH_UDP_SOCKET), (direction) => {
      if (direction === "in") counters.messagesIn += 1;
      else counters.messagesOut += 1;
    });
    const rows = benchRows(RECORDS, `127.0.0.1:${socket.local.port}`, `sip:127.0.0.1:${port}`);
    const engine = createEngine(
      { hash_size: 3, timer_interval: 10 },
      { clock: systemClock, transports: [socket], resolver: new StaticResolver(), store: new MemoryRegistrantStore(rows), random: cryptoRandom(), runLog: null, ...extras.deps },
    );
    let registered = 0;
    let allRegistered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      allRegistered = resolve;
    });
    engine.onEvent((event) => {
      if (event.name !== "E_REGISTRANT_REGISTERED") return;
      registered += 1;
      if (registered === RECORDS) allRegistered();
    });
    let limit: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      limit = setTimeout(resolve, LIMIT_MS);
    });

    const bufferErrorsBefore = udpCounters(BUFFER_ERRORS);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await engine.start();
    await Promise.race([done.then(() => extras.finished?.()), timedOut]);
    const cpu = process.cpuUsage(cpuBefore);
    const wallSec = (performance.now() - wallBefore) / 1000;
    const bufferErrorsAfter = udpCounters(BUFFER_ERRORS);
    clearTimeout(limit);
    const sent = counters.messagesOut;
    const received = counters.messagesIn;
    await engine.stop();

    child.stdin.write("stats\n");
    const responder = JSON.parse(await nextLine(lines, READY_LIMIT_MS, "stats")) as ResponderReport;
    return {
      records: RECORDS,
      registered,
      wallSec,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      sent,
      received,
      retransmissions: sent - 2 * registered,
      responder,
      kernelBufferErrors: bufferErrorsBefore === null || bufferErrorsAfter === null ? null : bufferErrorsAfter - bufferErrorsBefore,
    };
  } finally {
    lines.close();
    child.stdin.end();
    child.kill();
  }
}
