/**
 * The operating side of a running service, built from its configuration (ARCHITECTURE.md layer
 * 11 wires layers 9 and 10 here): event sinks, metrics, the run-log ring of the status page, and
 * the HTTP server carrying the management interface, `/metrics` and `/`. The service calls
 * `prepareManagement` before `createEngine` (the engine takes the observer, the sinks and the
 * run log), then `serve(engine)`, and `close()` on shutdown.
 */
import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import { createEventSinks, RUN_LOG_RING_DEFAULT, RunLogRing, teeRunLog, type EventsOptions } from "../events/index.js";
import type { Logger } from "../log.js";
import { RegistrantMetrics, type MetricsOptions } from "../metrics/index.js";
import { createCatalog, MiDispatcher, startMiServer, statusPage, type HttpPage, type MiCommand, type MiServer, type MiServerOptions, type StatusPageOptions } from "../mi/index.js";
import type { Random } from "../random.js";
import type { RegistrantEngine, RegistrantEventSink, RegistrantObserver, RunLogSink } from "../registrant/index.js";

/** The `mi` section: the server's options, and whether to run it at all (default yes). */
export interface MiSectionOptions extends MiServerOptions {
  readonly enabled?: boolean;
}

/** The configuration sections this part reads. */
export interface ManagementOptions {
  readonly mi?: MiSectionOptions;
  readonly events?: EventsOptions;
  readonly metrics?: MetricsOptions;
  readonly statusPage?: StatusPageOptions;
}

export interface ManagementDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** A run log the service writes anyway (a file); the status page's ring is added beside it. */
  readonly runLog?: RunLogSink | null;
}

/** What to give `createEngine` in its deps. */
export interface ManagementEngineDeps {
  readonly observer: RegistrantObserver | null;
  readonly eventSinks: readonly RegistrantEventSink[];
  readonly runLog: RunLogSink | null;
}

export interface Management {
  readonly engineDeps: ManagementEngineDeps;
  readonly metrics: RegistrantMetrics | null;
  /** Starts the HTTP server for this engine (null when `mi.enabled` is false); `commands`: the cluster's, when it runs. */
  serve(engine: RegistrantEngine, commands?: readonly MiCommand[]): Promise<MiServer | null>;
  /** Stops the server and the sinks (a file sink is flushed). */
  close(): Promise<void>;
}

/**
 * Builds the sinks, metrics and status-page ring from the configuration sections, each as
 * createEventSinks, RegistrantMetrics and statusPage default it; every part is on unless its
 * `enabled` is false, the node name defaults to the host name and the ring to
 * RUN_LOG_RING_DEFAULT entries. Throws SinkConfigError for a bad sink and RangeError for a bad
 * ring size; `serve` rejects as startMiServer does (MiConfigError, or the socket's error).
 */
export function prepareManagement(options: ManagementOptions, deps: ManagementDeps): Management {
  const node = options.events?.node ?? hostname();
  const sinks = createEventSinks({ ...options.events, node }, deps);
  const metrics = options.metrics?.enabled === false ? null : new RegistrantMetrics(options.metrics);
  metrics?.watchSinks(sinks.counted);
  const pageOn = options.statusPage?.enabled !== false;
  const ring = pageOn ? new RunLogRing(options.statusPage?.ringEntries ?? RUN_LOG_RING_DEFAULT) : null;
  const other = deps.runLog ?? null;
  const runLog = ring === null ? other : other === null ? ring : teeRunLog(other, ring);
  let server: MiServer | null = null;
  return {
    engineDeps: { observer: metrics, eventSinks: sinks.sinks, runLog },
    metrics,
    serve: async (engine, commands = []) => {
      metrics?.watchEngine(engine);
      if (options.mi?.enabled === false) return null;
      const pages: Record<string, HttpPage> = {};
      if (metrics !== null) pages["/metrics"] = async () => ({ status: 200, ...(await metrics.render()) });
      if (ring !== null) pages["/"] = statusPage({ engine, ring, clock: deps.clock, node }, options.statusPage);
      const dispatcher = new MiDispatcher({ engine, logger: deps.logger, observer: metrics, catalog: createCatalog(commands) });
      server = await startMiServer(options.mi ?? {}, { dispatcher, pages, logger: deps.logger });
      return server;
    },
    close: async () => {
      await server?.close();
      server = null;
      metrics?.close();
      await sinks.close();
    },
  };
}
