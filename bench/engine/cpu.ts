/**
 * CPU per registration over real UDP on loopback: 10,000 records (hash_size 3, timer_interval
 * 10, expiry 3600), so the bucket timer sends 1,250 every 1.25 s, against the responder in a
 * separate process. The CPU time (user + system) of this process from start() until every record
 * is REGISTERED (or the time limit) is divided by the registrations completed.
 *
 * createEngine keeps its TransactionLayer private, so retransmissions are counted on the wire:
 * the engine's socket is wrapped to count datagrams out and in, and the responder reports how
 * many request retransmissions reached it. Datagrams lost on the way show up as the difference.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface, type Interface } from "node:readline";
import { systemClock } from "../../engine/clock.js";
import { createEngine } from "../../engine/index.js";
import { cryptoRandom } from "../../engine/random.js";
import type { RegistrantRow } from "../../engine/registrant/index.js";
import { MemoryRegistrantStore } from "../../engine/store/memory-store.js";
import { createUdpTransport, StaticResolver, type InboundMessage, type SocketAddress, type Transport } from "../../engine/transport/index.js";
import { BENCH_PASSWORD, BENCH_UDP_SOCKET } from "./registrar.js";
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
  /** SO_RCVBUF the kernel granted the engine's socket. */
  readonly recvBufferBytes: number;
  /** Growth of the kernel's UDP RcvbufErrors/SndbufErrors over the run (Linux), or null. */
  readonly kernelBufferErrors: number | null;
}

const RECORDS = 10_000;
const LIMIT_MS = 60_000;
const READY_LIMIT_MS = 15_000;
const RESPONDER = new URL("./responder.ts", import.meta.url).pathname;

/** A transport that counts datagrams; everything else is the wrapped socket's. */
class CountingTransport implements Transport {
  sent = 0;
  received = 0;
  readonly protocol: Transport["protocol"];
  readonly reliable: boolean;
  readonly local: Transport["local"];

  constructor(private readonly inner: Transport) {
    this.protocol = inner.protocol;
    this.reliable = inner.reliable;
    this.local = inner.local;
  }

  send(to: SocketAddress, data: Uint8Array): Promise<void> {
    this.sent += 1;
    return this.inner.send(to, data);
  }

  onMessage(handler: (message: InboundMessage) => void): void {
    this.inner.onMessage((message) => {
      this.received += 1;
      handler(message);
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Sum of the UDP buffer-overflow counters of /proc/net/snmp; null where there is none. */
function kernelUdpBufferErrors(): number | null {
  let text: string;
  try {
    text = readFileSync("/proc/net/snmp", "latin1");
  } catch {
    return null;
  }
  const [names, values] = text.split("\n").filter((line) => line.startsWith("Udp:"));
  if (names === undefined || values === undefined) return null;
  const fields = names.split(/\s+/);
  const counts = values.split(/\s+/);
  let total = 0;
  for (const name of ["RcvbufErrors", "SndbufErrors"]) {
    const at = fields.indexOf(name);
    if (at !== -1) total += Number(counts[at] ?? 0);
  }
  return total;
}

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

export async function runCpuBenchmark(): Promise<CpuResult> {
  const child = spawnResponder();
  const lines = createInterface({ input: child.stdout });
  try {
    const port = Number(await nextLine(lines, READY_LIMIT_MS, "port"));
    const udp = await createUdpTransport(BENCH_UDP_SOCKET);
    const socket = new CountingTransport(udp);
    const enginePort = socket.local.port;
    const rows: RegistrantRow[] = Array.from({ length: RECORDS }, (_, i) => ({
      aor: `sip:u${i}@bench.example`,
      contact: `sip:u${i}@127.0.0.1:${enginePort}`,
      registrar: `sip:127.0.0.1:${port}`,
      username: `u${i}`,
      password: BENCH_PASSWORD,
      expiry: 3600,
    }));
    const engine = createEngine(
      { hash_size: 3, timer_interval: 10 },
      { clock: systemClock, transports: [socket], resolver: new StaticResolver(), store: new MemoryRegistrantStore(rows), random: cryptoRandom(), runLog: null },
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

    const bufferErrorsBefore = kernelUdpBufferErrors();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await engine.start();
    await Promise.race([done, timedOut]);
    const cpu = process.cpuUsage(cpuBefore);
    const wallSec = (performance.now() - wallBefore) / 1000;
    const bufferErrorsAfter = kernelUdpBufferErrors();
    clearTimeout(limit);
    const sent = socket.sent;
    const received = socket.received;
    const recvBufferBytes = udp.recvBufferBytes();
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
      recvBufferBytes,
      kernelBufferErrors: bufferErrorsBefore === null || bufferErrorsAfter === null ? null : bufferErrorsAfter - bufferErrorsBefore,
    };
  } finally {
    lines.close();
    child.stdin.end();
    child.kill();
  }
}
