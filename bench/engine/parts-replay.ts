/**
 * The operating side's own CPU per registration, measured apart from the engine (for
 * bench/management-overhead.ts). A run's calls into the parts — run-log entries, exchange
 * summaries, events — are recorded with their times, then handed to fresh parts at the same pace
 * with nothing else running, and the CPU of that replay is compared with the CPU of the same
 * paced loop handing them to nobody. What this leaves out: what the parts do to the engine's own
 * work (its heap, its caches), which only the paired runs see, through the machine's noise.
 */
import type { RegistrantEvent, RegistrantEventSink, RegistrantObserver, RunLogEntry, RunLogSink } from "../../engine/index.js";

type Exchange = Parameters<RegistrantObserver["exchangeEnded"]>[0];
type Call = { readonly atMs: number } & ({ readonly part: "ring"; readonly entry: RunLogEntry } | { readonly part: "metrics"; readonly exchange: Exchange } | { readonly part: "webhook"; readonly event: RegistrantEvent });

/** The parts of one "on" run, each null when off; `drained` resolves when the webhook has delivered what it was given. */
export interface Parts {
  readonly ring: RunLogSink | null;
  readonly metrics: RegistrantObserver | null;
  readonly webhook: RegistrantEventSink | null;
  drained(): Promise<void>;
}

/** Wraps `parts` so that every call is also recorded, with its time from the first call. */
export function recording(parts: Parts): { parts: Parts; calls: Call[] } {
  const calls: Call[] = [];
  let startMs: number | null = null;
  const at = (): number => performance.now() - (startMs ??= performance.now());
  const ring = parts.ring;
  const metrics = parts.metrics;
  const webhook = parts.webhook;
  return {
    calls,
    parts: {
      ring: ring && { write: (entry) => void (calls.push({ atMs: at(), part: "ring", entry }), ring.write(entry)) },
      metrics: metrics && {
        exchangeEnded: (exchange) => void (calls.push({ atMs: at(), part: "metrics", exchange }), metrics.exchangeEnded(exchange)),
        loadFinished: (load) => metrics.loadFinished(load),
      },
      webhook: webhook && { emit: (event) => void (calls.push({ atMs: at(), part: "webhook", event }), webhook.emit(event)) },
      drained: () => parts.drained(),
    },
  };
}

/** The replay's step: each wake-up of the process costs CPU of its own, so few of them (the calls of 10 ms go together). */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

/** CPU ms of handing `calls` to `parts` at their recorded pace (parts null: to nobody), until the webhook drained. */
export async function replayCpuMs(calls: readonly Call[], parts: Parts | null): Promise<number> {
  const before = process.cpuUsage();
  const startMs = performance.now();
  let next = 0;
  while (next < calls.length) {
    const nowMs = performance.now() - startMs;
    for (; next < calls.length && calls[next]!.atMs <= nowMs; next++) {
      const call = calls[next]!;
      if (parts === null) continue;
      if (call.part === "ring") parts.ring?.write(call.entry);
      else if (call.part === "metrics") parts.metrics?.exchangeEnded(call.exchange);
      else parts.webhook?.emit(call.event);
    }
    await tick();
  }
  await parts?.drained();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000;
}
