/**
 * CPU per registration of `uacreg run` as its own process: 10,000 records in SQLite (hash_size 3,
 * timer_interval 10: about 1,250 REGISTERs every 1.25 s, as bench:engine), digest over UDP
 * against the bench responder in a third process. The run's CPU is read from /proc/<pid>/stat
 * (user + system) between its start-up summary line (rows already loaded) and the moment the
 * responder has answered every record's two REGISTERs; that is divided by the registrations.
 * With a webhook receiver, the run also has the operating side on as a configuration would switch
 * it on (an `mi` section: metrics and the status page's ring; a webhook sink with its defaults to
 * the receiver), and the CPU is read once the receiver has every event of the wave too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { freePorts } from "../../interop/harness/sipp.js";
import { DEFAULT_TABLE_NAMES, openStore, systemClock } from "../../engine/index.js";
import { compiledCli } from "../compiled.js";
import { benchRows } from "../engine/registrar.js";
import type { ResponderReport } from "../engine/responder.js";
import type { WebhookReceiverProcess } from "../engine/webhook-receiver-process.js";

const RESPONDER = new URL("../engine/responder.ts", import.meta.url).pathname;
const LIMIT_MS = 90_000;
/** Linux USER_HZ: /proc/<pid>/stat counts CPU in these ticks. */
const TICKS_PER_SEC = 100;
/** A registration with digest raises REGISTERING, AUTHENTICATING and REGISTERED. */
const EVENTS_PER_REGISTRATION = 3;
/** How long the last events may take to reach the receiver after the last registration. */
const DRAIN_LIMIT_MS = 15_000;

export interface ServiceCpuResult {
  readonly records: number;
  /** Registrations the responder completed (two transactions each) within the limit. */
  readonly registered: number;
  readonly wallSec: number;
  /** userMs + systemMs. */
  readonly cpuMs: number;
  /** CPU in the process's own code (JavaScript, V8, libuv). */
  readonly userMs: number;
  /** CPU in the kernel on the process's behalf (sockets, wake-ups, page faults). */
  readonly systemMs: number;
  /** Of cpuMs, the main thread's (JavaScript); the rest is V8's helper threads (GC) and libuv's pool. */
  readonly mainThreadMs: number;
  /** Request retransmissions that reached the responder. */
  readonly retransmissions: number;
  readonly responderCpuMs: number;
  /** Events the webhook receiver got during the run; null without one. */
  readonly eventsReceived: number | null;
  /** The POSTs that carried them; null without a receiver. */
  readonly postsReceived: number | null;
}

/** utime and stime of a process (or, with `tid`, of one of its threads), in milliseconds. */
export function processCpuMs(pid: number, tid: number | null = null): { userMs: number; systemMs: number } {
  const stat = readFileSync(tid === null ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, "latin1");
  // The command name may hold spaces: fields count from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { userMs: (Number(fields[11]) * 1000) / TICKS_PER_SEC, systemMs: (Number(fields[12]) * 1000) / TICKS_PER_SEC };
}

function lineWhere(lines: Interface, match: (line: string) => boolean, limitMs: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = systemClock.setTimeout(() => {
      lines.off("line", onLine);
      reject(new Error(`no ${what} within ${limitMs} ms`));
    }, limitMs);
    const onLine = (line: string): void => {
      if (!match(line)) return;
      systemClock.clearTimeout(timer);
      lines.off("line", onLine);
      resolve(line);
    };
    lines.on("line", onLine);
  });
}

async function responderStats(child: ChildProcess, lines: Interface): Promise<ResponderReport> {
  const reply = lineWhere(lines, (line) => line.startsWith("{"), 15_000, "responder stats");
  child.stdin?.write("stats\n");
  return JSON.parse(await reply) as ResponderReport;
}

/**
 * One run of `records` records; with `receiver`, metrics, the status page's ring and a webhook sink
 * to it are on. `nodeArgs` go to `uacreg run`'s node (`--cpu-prof` to profile it).
 */
export async function runServiceCpu(records: number, receiver: WebhookReceiverProcess | null = null, nodeArgs: readonly string[] = []): Promise<ServiceCpuResult> {
  const work = await mkdtemp(join(tmpdir(), "uacreg-bench-run-"));
  const responder = spawn(process.execPath, ["--import", "tsx", RESPONDER, "0"], { stdio: ["pipe", "pipe", "inherit"] });
  const responderLines = createInterface({ input: responder.stdout });
  let run: ChildProcess | null = null;
  try {
    const port = Number(await lineWhere(responderLines, (line) => /^\d+$/.test(line), 30_000, "responder port"));
    const [enginePort = 0] = await freePorts(1);
    const dbPath = join(work, "bench.db");
    const store = await openStore(`sqlite:${dbPath}`, DEFAULT_TABLE_NAMES);
    await store.init();
    await store.insertRows(benchRows(records, `127.0.0.1:${enginePort}`, `sip:127.0.0.1:${port}`));
    await store.close();
    const config = join(work, "bench.yaml");
    const management = receiver === null ? "" : `mi: { port: 0 }\nevents: { node: bench, sinks: [{ type: webhook, url: "${receiver.url}" }] }\n`;
    await writeFile(config, `hash_size: 3\ntimer_interval: 10\ndb_url: sqlite:${dbPath}\nlisten: [udp:127.0.0.1:${enginePort}]\nlog: { level: warn, format: json }\n${management}`);
    const receivedBefore = receiver === null ? null : await receiver.stats();
    const child = spawn(process.execPath, [...nodeArgs, compiledCli(), "run", "--config", config], { stdio: ["ignore", "pipe", "inherit"] });
    run = child;
    const runLines = createInterface({ input: child.stdout });
    await lineWhere(runLines, (line) => line.startsWith("uacreg run: listening on"), 60_000, "uacreg run start-up summary");
    const pid = child.pid ?? 0;
    const cpuBefore = processCpuMs(pid);
    const mainBefore = processCpuMs(pid, pid);
    const wallBefore = systemClock.now();
    let stats = await responderStats(responder, responderLines);
    const startedBefore = stats.layer.serverTransactionsStarted;
    while (stats.layer.serverTransactionsStarted - startedBefore < 2 * records && systemClock.now() - wallBefore < LIMIT_MS) {
      await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 100));
      stats = await responderStats(responder, responderLines);
    }
    const received = async (): Promise<{ events: number; requests: number } | null> => {
      if (receiver === null || receivedBefore === null) return null;
      const now = await receiver.stats();
      return { events: now.events - receivedBefore.events, requests: now.requests - receivedBefore.requests };
    };
    let receivedInRun = await received();
    const drainedBy = systemClock.now() + DRAIN_LIMIT_MS;
    while (receivedInRun !== null && receivedInRun.events < EVENTS_PER_REGISTRATION * records && systemClock.now() < drainedBy) {
      await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 20));
      receivedInRun = await received();
    }
    const cpuAfter = processCpuMs(pid);
    const mainAfter = processCpuMs(pid, pid);
    const userMs = cpuAfter.userMs - cpuBefore.userMs;
    const systemMs = cpuAfter.systemMs - cpuBefore.systemMs;
    const wallSec = (systemClock.now() - wallBefore) / 1000;
    return {
      records,
      registered: Math.floor((stats.layer.serverTransactionsStarted - startedBefore) / 2),
      wallSec,
      cpuMs: userMs + systemMs,
      userMs,
      systemMs,
      mainThreadMs: mainAfter.userMs + mainAfter.systemMs - mainBefore.userMs - mainBefore.systemMs,
      retransmissions: stats.layer.requestsAbsorbed + stats.layer.responsesResent,
      responderCpuMs: stats.cpuUs / 1000,
      eventsReceived: receivedInRun?.events ?? null,
      postsReceived: receivedInRun?.requests ?? null,
    };
  } finally {
    run?.kill("SIGTERM");
    responderLines.close();
    responder.stdin.end();
    responder.kill();
  }
}
