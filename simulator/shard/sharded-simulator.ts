/**
 * `uacreg simulate --workers N`: one registrar spread over N worker threads, so that it can use
 * more than one core. The main thread keeps the UDP sockets, so answers leave from the registrar's
 * port (RFC 3261 §18.2.2: clients and NATs expect them from where they sent), and hands each
 * datagram to the worker that owns its To AOR (shard-of.ts). Each worker holds the binding table,
 * nonces and transactions of its AORs only, so a retransmission, a query or an unREGISTER reaches
 * the state it needs, and the bindings stay one consistent table split by AOR. Bindings, the
 * summary and the metrics are gathered from every worker when asked for.
 *
 * A script's rules keep a place per AOR, so each worker plays them for its own AORs and an AOR
 * meets the same steps as with one registrar. What cannot be split by AOR honestly is refused:
 * a script's carrier habits (a seeded fraction draws from one sequence for every AOR, and rate
 * limits, silent windows and restarts belong to the registrar as a whole), and TCP or TLS (a
 * connection carries many AORs).
 */
import { Worker } from "node:worker_threads";
import { systemClock } from "../../engine/clock.js";
import { silentLogger } from "../../engine/log.js";
import { createUdpTransport, formatSocketName, type Transport, type WireCounters } from "../../engine/transport/index.js";
import { aorFromText, DEFAULT_AOR_MATCHING } from "../aor.js";
import { configError } from "../errors.js";
import { startHttpView } from "../http-view.js";
import type { BindingView } from "../registrar.js";
import { RequestTally } from "../request-tally.js";
import { formatRunSummary } from "../run-summary.js";
import { scriptWarnings } from "../script/script-warnings.js";
import type { PendingStep } from "../script/script-runner.js";
import type { SimulatorHandle, SimulatorOptions } from "../server.js";
import { DEFAULT_TRANSCRIPT_CAPACITY } from "../transcript.js";
import { TranscriptFile } from "../transcript-file.js";
import { WireWatch } from "../wire-watch.js";
import type { Datagram, FromShard, ShardSettings, ToShard } from "./shard-messages.js";
import { shardOf } from "./shard-of.js";

/** A simulator over worker threads: as SimulatorHandle, with the bindings gathered from every worker. */
export interface ShardedSimulatorHandle extends Omit<SimulatorHandle, "registrar" | "summary"> {
  /** Live bindings of one AOR (written as a URI) or of all; rejects with RangeError for an AOR that does not parse. */
  bindings(aor?: string): Promise<BindingView[]>;
  summary(verbose: boolean): Promise<string>;
  readonly workers: number;
}

/** More threads than this only share the same cores. */
export const WORKERS_MAX = 64;

const UDP_BUFFER_BYTES = 4 * 1024 * 1024;
const WORKER_START_LIMIT_MS = 60_000;
/** A live worker answers a gather within milliseconds; one that does not is stuck, and waiting on would hang the summary and `/bindings`. */
const GATHER_LIMIT_MS = 10_000;
/** Compiled (dist/), this module is JavaScript and so is the worker beside it; from the sources, both are TypeScript. */
const COMPILED = import.meta.url.endsWith(".js");
const WORKER_URL = new URL(COMPILED ? "./shard-worker.js" : "./shard-worker.ts", import.meta.url).href;
/** Workers run as the command does: compiled JavaScript as it is, TypeScript through tsx. */
const WORKER_BOOT = COMPILED
  ? `import(${JSON.stringify(WORKER_URL)});`
  : `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`;

/**
 * Throws SimulatorError `registrar_config_invalid` when `options` ask for something a registrar
 * split over `workers` threads cannot do as one would: fewer than 2 or more than WORKERS_MAX
 * workers, a script with carrier habits, a TCP or TLS socket, or an injected clock or random
 * (workers use the system's).
 */
export function checkShardable(options: SimulatorOptions, workers: number): void {
  if (!Number.isInteger(workers) || workers < 2 || workers > WORKERS_MAX) configError("workers", `must be a whole number from 2 to ${WORKERS_MAX} (1 runs without worker threads), got ${workers}`);
  if ((options.script?.carrier ?? null) !== null) {
    configError(
      "workers",
      `the carrier habits of script ${options.script?.source ?? ""} cannot be split over workers (a seeded fraction draws from one sequence for every AOR; rate limits, silent windows and restarts belong to the registrar as a whole): run it with 1 worker`,
    );
  }
  const stream = options.listen.find((socket) => socket.protocol !== "udp");
  if (stream !== undefined) configError("workers", `${formatSocketName(stream)}: only UDP sockets can be shared out to workers (a connection carries many AORs)`);
  if (options.clock !== undefined || options.random !== undefined) configError("workers", "workers run on the system clock and random source; an injected one cannot reach them");
}

/**
 * Starts a simulated registrar whose AORs are shared out to `workers` worker threads (see the
 * module comment), on UDP sockets only. Same defaults and errors as startSimulator, plus those of
 * `checkShardable`; rejects with an Error when a worker fails to start. The handle's
 * `bindings(aor)` rejects with RangeError for an AOR that does not parse.
 */
export async function startShardedSimulator(options: SimulatorOptions, workers: number): Promise<ShardedSimulatorHandle> {
  checkShardable(options, workers);
  const clock = systemClock;
  const logger = options.logger ?? silentLogger;
  const matching = options.script?.settings.aorMatching ?? options.aorMatching ?? DEFAULT_AOR_MATCHING;
  const file = options.transcriptFile === undefined ? null : new TranscriptFile(options.transcriptFile.path, options.transcriptFile.maxBytes, (error) => logger.warn({ error: error.message }, "transcript file not written"));
  const watch = new WireWatch({ clock, matching, print: options.print, file, http: options.http !== undefined });
  const counters: WireCounters = { messagesIn: 0, messagesOut: 0 };
  const transports: Transport[] = [];
  const threads: Worker[] = [];
  const gathers = new Map<number, (reply: Extract<FromShard, { kind: "gathered" }>) => void>();
  /** Workers that ended (a bug of ours, or stop): a gather fails at once instead of waiting for them. */
  const exited = new Set<number>();
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([...threads.map((thread) => thread.terminate()), ...transports.map((transport) => transport.close()), watch.view?.close(), file?.close()]);
  };
  try {
    await file?.opened();
    for (const socket of options.listen) {
      const bound = await createUdpTransport({ bind: { host: socket.host, port: socket.port }, logger, recvBufferBytes: UDP_BUFFER_BYTES });
      transports.push(watch.tap(bound, counters));
    }
    const base: Omit<ShardSettings, "shard"> = {
      realm: options.realm,
      users: options.users?.toEntries() ?? null,
      defaultExpiresSec: options.defaultExpiresSec ?? null,
      minExpiresSec: options.minExpiresSec ?? null,
      maxExpiresSec: options.maxExpiresSec ?? null,
      aorMatching: options.aorMatching ?? null,
      script: options.script ?? null,
      warmUpRegistrations: options.warmUpRegistrations ?? 0,
      sockets: transports.map((transport) => transport.local),
      tell: watch.watching,
    };
    const ready: Array<Promise<void>> = [];
    for (let shard = 0; shard < workers; shard++) {
      const thread = new Worker(WORKER_BOOT, { eval: true, workerData: { ...base, shard } satisfies ShardSettings });
      threads.push(thread);
      ready.push(
        new Promise((resolve, reject) => {
          const guard = clock.setTimeout(() => reject(new Error(`worker ${shard} did not start within ${WORKER_START_LIMIT_MS} ms`)), WORKER_START_LIMIT_MS);
          thread.once("error", (error) => {
            clock.clearTimeout(guard);
            reject(error);
          });
          thread.on("message", (message: FromShard) => {
            switch (message.kind) {
              case "ready":
                clock.clearTimeout(guard);
                resolve();
                return;
              case "send":
                for (const out of message.out) {
                  const transport = transports[out.socket];
                  if (transport?.sendUnconfirmed !== undefined) transport.sendUnconfirmed({ host: out.host, port: out.port }, out.data);
                  else void transport?.send({ host: out.host, port: out.port }, out.data).catch(() => {});
                }
                return;
              case "handled":
                watch.handled(message.handled);
                return;
              case "gathered":
                gathers.get(message.id)?.(message);
            }
          });
        }),
      );
    }
    await Promise.all(ready);
    threads.forEach((thread, shard) => {
      // After start a worker only fails through a bug of ours: its AORs then go unanswered, which the log says.
      thread.on("error", (error) => logger.error({ shard, error: error.message }, "simulator worker failed; its AORs go unanswered"));
      thread.once("exit", () => exited.add(shard));
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  let nextGather = 0;
  const gather = (): Promise<Array<Extract<FromShard, { kind: "gathered" }>>> =>
    Promise.all(
      threads.map(
        (thread, shard) =>
          new Promise<Extract<FromShard, { kind: "gathered" }>>((resolve, reject) => {
            if (exited.has(shard)) {
              reject(new Error(`simulator worker ${shard} has stopped: the bindings and counts of its AORs cannot be read`));
              return;
            }
            const id = nextGather++;
            const guard = clock.setTimeout(() => {
              gathers.delete(id);
              reject(new Error(`simulator worker ${shard} did not answer within ${GATHER_LIMIT_MS} ms`));
            }, GATHER_LIMIT_MS);
            gathers.set(id, (reply) => {
              clock.clearTimeout(guard);
              gathers.delete(id);
              resolve(reply);
            });
            thread.postMessage({ kind: "gather", id } satisfies ToShard);
          }),
      ),
    );
  const bindings = async (aor?: string): Promise<BindingView[]> => {
    let key: string | undefined;
    if (aor !== undefined) {
      const reading = aorFromText(aor, matching);
      if (!reading.ok) throw new RangeError(reading.reason);
      key = reading.aor;
    }
    const all = (await gather()).flatMap((reply) => reply.bindings);
    return key === undefined ? all : all.filter((binding) => binding.aor === key);
  };

  // The datagrams of one turn of the event loop (libuv reads several per wake-up under load) go to
  // each worker as one message: a message between threads costs far more than its bytes.
  const inboxes: Datagram[][] = threads.map(() => []);
  let queued = false;
  const dispatch = (): void => {
    queued = false;
    inboxes.forEach((items, shard) => {
      if (items.length === 0) return;
      threads[shard]!.postMessage({ kind: "datagrams", items } satisfies ToShard);
      inboxes[shard] = [];
    });
  };
  transports.forEach((transport, socket) => {
    transport.onMessage((message) => {
      inboxes[shardOf(message.data, workers, matching)]!.push({ socket, source: message.source, data: message.data });
      if (!queued) {
        queued = true;
        setImmediate(dispatch);
      }
    });
  });
  if (options.http !== undefined) {
    try {
      watch.view = await startHttpView({ ...options.http, bindings, counters, capacity: Math.max(1, options.transcriptCapacity ?? DEFAULT_TRANSCRIPT_CAPACITY) });
    } catch (error) {
      await stopAll();
      throw error;
    }
  }
  let stopping: Promise<void> | null = null;
  return {
    workers,
    sockets: transports.map((transport) => transport.local),
    counters,
    warnings: options.script === undefined ? [] : scriptWarnings(options.script, options.users),
    http: watch.view === null ? null : { host: watch.view.host, port: watch.view.port },
    bindings,
    async summary(verbose) {
      const replies = await gather();
      const tally = new RequestTally();
      for (const reply of replies) for (const [key, count] of reply.tally) tally.add(key, count);
      const pending = options.script === undefined ? null : pendingEverywhere(replies.map((reply) => reply.pending));
      return formatRunSummary({ bindings: replies.flatMap((reply) => reply.bindings), tally, pending, verbose });
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}

/**
 * The steps no AOR finished on any worker: a step one worker's AOR ran to the end is not pending
 * (as with one registrar, where it would be finished for that AOR), and uses add up.
 */
function pendingEverywhere(perShard: ReadonlyArray<readonly PendingStep[]>): PendingStep[] {
  const [first = [], ...rest] = perShard;
  const merged: PendingStep[] = [];
  for (const step of first) {
    let uses = step.uses;
    let everywhere = true;
    for (const other of rest) {
      const same = other.find((candidate) => candidate.ruleIndex === step.ruleIndex && candidate.stepIndex === step.stepIndex);
      if (same === undefined) everywhere = false;
      else uses += same.uses;
    }
    if (everywhere) merged.push({ ...step, uses });
  }
  return merged;
}
