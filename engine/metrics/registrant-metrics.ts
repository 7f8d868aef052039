/**
 * The engine's Prometheus metrics (prom-client), in a registry of their own. Fed three ways: the
 * registrant's observer (exchanges and loads, as they happen), the management interface's
 * observer (each call's command and result), and, at scrape time, the engine's census of record
 * states, its transaction counters and the event sinks' counters. Every label takes values from
 * a fixed set (states, request kinds, status classes, command names, configured sink names):
 * never an AOR or any other per-record value, so the number of series stays bounded.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CountedSink } from "../events/index.js";
import type { TransactionLayerStats } from "../transaction/index.js";
import {
  REGISTRANT_EVENT_NAMES,
  REGISTRANT_STATES,
  type ExchangeSummary,
  type LoadSummary,
  type RegistrantEvent,
  type RegistrantObserver,
  type StateCount,
} from "../registrant/index.js";

/** The `metrics` section of the configuration. */
export interface MetricsOptions {
  /** Serve `/metrics`; default true. */
  readonly enabled?: boolean;
  /** Also Node's process metrics (CPU, memory, event-loop lag) with the `uacreg_` prefix; default true. */
  readonly processMetrics?: boolean;
  /** Upper bounds of the round-trip-time histogram, in seconds. */
  readonly rttBuckets?: readonly number[];
}

export const RTT_BUCKETS_SEC = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** What the metrics read from the engine at scrape time. */
export interface EngineGauges {
  census(): readonly StateCount[];
  readonly transactionStats: TransactionLayerStats;
  onEvent(listener: (event: RegistrantEvent) => void): () => void;
}

/** The values of the `outcome` label, in the order outcomeIndex numbers them. */
const OUTCOME_LABELS = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "timeout", "transport_error", "other"] as const;

/** The position in OUTCOME_LABELS of an exchange's outcome. */
function outcomeIndex(exchange: Pick<ExchangeSummary, "outcome" | "status">): number {
  if (exchange.outcome === "timeout") return 6;
  if (exchange.outcome === "transport-error") return 7;
  const cls = Math.floor((exchange.status ?? 0) / 100);
  return cls >= 1 && cls <= 6 ? cls - 1 : 8;
}

/** `2xx`..`6xx` for a response, `timeout`, `transport_error`: eight values at most. */
export function outcomeLabel(exchange: Pick<ExchangeSummary, "outcome" | "status">): string {
  return OUTCOME_LABELS[outcomeIndex(exchange)]!;
}

/** The values of the `request` label: the wildcard clean-up removes bindings, an unREGISTER. */
const REQUEST_LABELS = ["register", "unregister"] as const;
const requestIndex = (request: ExchangeSummary["request"]): number => (request === "register" ? 0 : 1);

/**
 * The Prometheus metrics of one engine, its event sinks and its MI in its own registry; options
 * default to process metrics on and RTT_BUCKETS_SEC as the round-trip-time buckets.
 */
export class RegistrantMetrics implements RegistrantObserver {
  readonly registry = new Registry();
  #engine: EngineGauges | null = null;
  #sinks: readonly CountedSink[] = [];
  #unsubscribe: (() => void) | null = null;
  readonly #rtt: Histogram<"request">;
  /**
   * Transactions and events are counted in plain numbers and handed to prom-client at scrape time:
   * its labelled paths (children included) validate and hash the labels on every call, and these
   * counts move several times per registration.
   */
  readonly #transactionCounts: number[][] = REQUEST_LABELS.map(() => OUTCOME_LABELS.map(() => 0));
  readonly #eventCounts = new Map<string, number>(REGISTRANT_EVENT_NAMES.map((event) => [event, 0]));
  readonly #rttChildren = REQUEST_LABELS.map((request) => ({ request, child: null as ReturnType<Histogram<"request">["labels"]> | null }));
  readonly #mi: Counter<"command" | "result">;
  readonly #loads: Counter<"kind" | "result">;
  readonly #loadDuration: Gauge<"kind">;
  readonly #rejectedRows: Counter;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    const metrics = this;
    new Gauge({
      name: "uacreg_records",
      help: "Registrant records by state and by enabled (yes/no) flag.",
      labelNames: ["state", "enabled"] as const,
      registers,
      collect() {
        this.reset();
        const census = metrics.#engine?.census() ?? [];
        for (const state of REGISTRANT_STATES) {
          const count = census.find((c) => c.state === state);
          this.set({ state, enabled: "yes" }, count?.enabled ?? 0);
          this.set({ state, enabled: "no" }, count?.disabled ?? 0);
        }
      },
    });
    new Counter({
      name: "uacreg_transactions_total",
      help: "REGISTER and unREGISTER transactions that ended, by outcome: the final response's class, timeout or transport_error.",
      labelNames: ["request", "outcome"] as const,
      registers,
      collect() {
        this.reset();
        metrics.#transactionCounts.forEach((byOutcome, r) =>
          byOutcome.forEach((count, o) => {
            if (count > 0) this.inc({ request: REQUEST_LABELS[r]!, outcome: OUTCOME_LABELS[o]! }, count);
          }),
        );
      },
    });
    this.#rtt = new Histogram({
      name: "uacreg_transaction_duration_seconds",
      help: "Time from sending a REGISTER or unREGISTER to its final response (retransmissions included; timeouts not observed).",
      labelNames: ["request"] as const,
      buckets: [...(options.rttBuckets ?? RTT_BUCKETS_SEC)],
      registers,
    });
    new Counter({
      name: "uacreg_retransmissions_total",
      help: "Requests sent again by Timer E (unreliable transports).",
      registers,
      collect() {
        this.reset();
        this.inc(metrics.#engine?.transactionStats.retransmissionsSent ?? 0);
      },
    });
    new Counter({
      name: "uacreg_events_total",
      help: "E_REGISTRANT_* events raised.",
      labelNames: ["event"] as const,
      registers,
      collect() {
        this.reset();
        for (const [event, count] of metrics.#eventCounts) this.inc({ event }, count);
      },
    });
    new Counter({
      name: "uacreg_event_sink_events_total",
      help: "Events an event sink delivered, sent again (retried) or lost (dropped), by sink name.",
      labelNames: ["sink", "result"] as const,
      registers,
      collect() {
        this.reset();
        for (const sink of metrics.#sinks) {
          for (const result of ["delivered", "retried", "dropped"] as const) this.inc({ sink: sink.name, result }, sink.counters[result]);
        }
      },
    });
    this.#mi = new Counter({
      name: "uacreg_mi_requests_total",
      help: "Management interface calls by command (canonical name, or unknown) and result (ok, or the JSON-RPC error code).",
      labelNames: ["command", "result"] as const,
      registers,
    });
    this.#loads = new Counter({
      name: "uacreg_store_loads_total",
      help: "Loads of the registrant table (start, reload) by result (ok, failed).",
      labelNames: ["kind", "result"] as const,
      registers,
    });
    this.#loadDuration = new Gauge({
      name: "uacreg_store_load_duration_seconds",
      help: "How long the last load of the registrant table took to read, by kind (start, reload).",
      labelNames: ["kind"] as const,
      registers,
    });
    this.#rejectedRows = new Counter({
      name: "uacreg_store_rejected_rows_total",
      help: "Rows of the registrant table rejected by validation, over all loads.",
      registers,
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: "uacreg_" });
  }

  /** Reads the engine's census and counters at scrape time, and counts its events. */
  watchEngine(engine: EngineGauges): void {
    this.#unsubscribe?.();
    this.#engine = engine;
    this.#unsubscribe = engine.onEvent((event) => this.#eventCounts.set(event.name, (this.#eventCounts.get(event.name) ?? 0) + 1));
  }

  watchSinks(sinks: readonly CountedSink[]): void {
    this.#sinks = sinks;
  }

  exchangeEnded(exchange: ExchangeSummary): void {
    const r = requestIndex(exchange.request);
    this.#transactionCounts[r]![outcomeIndex(exchange)]! += 1;
    if (exchange.outcome !== "response") return;
    const rtt = this.#rttChildren[r]!;
    rtt.child ??= this.#rtt.labels({ request: rtt.request });
    rtt.child.observe(exchange.rttMs / 1000);
  }

  loadFinished(load: LoadSummary): void {
    this.#loads.inc({ kind: load.kind, result: load.failed ? "failed" : "ok" });
    if (load.failed) return;
    this.#loadDuration.set({ kind: load.kind }, load.durationMs / 1000);
    this.#rejectedRows.inc(load.rejected);
  }

  /** The management interface's observer (MiObserver). */
  request(command: string, result: string): void {
    this.#mi.inc({ command, result });
  }

  /** The text exposition format, and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
