/**
 * The composition root of `uacreg run` (ARCHITECTURE.md layer 11): from a resolved lab
 * configuration, the listeners, the store (retried while the database does not answer), the run
 * log, the logger and the engine (with the dialog-state table under persist_state), started;
 * then reload (SIGHUP, as reg_reload) and a graceful stop: no new REGISTER, requests in flight
 * finish or time out, optionally an unREGISTER for every registered record first at a bounded
 * rate (N10), the changed dialogs saved, the store closed last.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { systemClock, TIMED_OUT, withinMs, type Clock } from "../clock.js";
import type { ResolvedConfig } from "../config/index.js";
import { jsonLinesRunLog } from "../events/run-log.js";
import type { Logger } from "../log.js";
import { createEngine } from "../create-engine.js";
import { cryptoRandom, type Random } from "../random.js";
import type { LoadReport, RegistrantEngine, RejectedRow } from "../registrant/index.js";
import { dbUrlPassword, maskDbUrl, openSqlConnection, reconnectingConnection, SqlDialogStateStore, type SqlConnection, type SqlRegistrantStore } from "../store/index.js";
import { DnsResolver, formatSocketName, serverDns, type Resolver, type SocketName, type Transport } from "../transport/index.js";
import { createClusterNode, type ClusterNode } from "./cluster-node.js";
import { connectStore } from "./connect-store.js";
import { prepareManagement, type Management } from "./management.js";
import { openListeners } from "./listeners.js";
import { createServiceLogger, type ServiceLogger } from "./logger.js";
import { formatProgress, RegistrationProgress, type ProgressCounts } from "./progress.js";

export interface ServiceOptions {
  readonly config: ResolvedConfig;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly resolver?: Resolver;
  /** Default: pino from the config's `log` section, on stdout. */
  readonly logger?: ServiceLogger;
  /** Where the start-up summary and the progress line go (stdout for `uacreg run`). */
  readonly print?: (line: string) => void;
  /** Refresh a progress line (at most once a second) while the initial wave is pending: only in a terminal. */
  readonly progressLine?: ((line: string) => void) | null;
  /**
   * Saves the records' registration state: called on a graceful stop once no request is in flight,
   * and before a sharing tag's lease is released, so that the next holder continues each record's
   * dialog. Default: the engine's `flushState` (the saved dialogs of persist_state); a test may wrap it.
   */
  readonly flushState?: () => Promise<void>;
}

export interface StopOptions {
  /** N10: unREGISTER every registered record before stopping. */
  readonly unregister: boolean;
  /** unREGISTERs sent per second at most. */
  readonly unregisterPerSecond: number;
}

export interface StopSummary {
  readonly unregistered: number;
  /** Sharing-tag leases released for the other nodes (hand-over; 0 without a cluster). */
  readonly released: number;
  /** Requests still without an outcome when the wait ended (they were abandoned). */
  readonly abandoned: number;
}

export interface ServiceHandle {
  readonly engine: RegistrantEngine;
  /** What the start-up load did. */
  readonly report: LoadReport;
  /** The sockets bound, in `listen` order. */
  readonly sockets: readonly SocketName[];
  readonly progress: () => ProgressCounts;
  /** The management interface's JSON-RPC URL (`mi` section), or null when it does not run. */
  readonly miUrl: string | null;
  /** reg_reload: the whole table again; on failure the table in memory is kept and the error thrown. */
  reload(): Promise<LoadReport>;
  /**
   * N11, N12: saves the changed dialogs not saved yet, now (nothing to do without persist_state).
   * The hand-over of sharing tags calls it before releasing them; `stop` does it too. Never rejects.
   */
  flushState(): Promise<void>;
  stop(options?: StopOptions): Promise<StopSummary>;
}

const PROGRESS_REFRESH_MS = 1000;
const DRAIN_POLL_MS = 50;
/** As long as one attempt of the store's own connection (openStore's default). */
const DIALOG_CONNECT_TIMEOUT_MS = 5000;
/**
 * A dialog-state statement (an upsert of 100 rows, the rows of one tag) takes milliseconds on a
 * working database. One unanswered for this long counts its connection as dead and replaces it,
 * sooner than the 10 s a REGISTER waits for its row at most with the default lease TTL.
 */
const DIALOG_STATEMENT_LIMIT_MS = 5000;
/** How long a stop waits for the database to answer the goodbye of a connection before resetting it. */
const CLOSE_LIMIT_MS = 5000;

/**
 * Starts `uacreg run` from a resolved configuration, everything or nothing: on failure what was
 * opened is closed before the error is rethrown. Defaults: systemClock, cryptoRandom, a DnsResolver,
 * the pino logger of the config's `log` section on stdout, no printing, no progress line. Rejects
 * with ServiceError (`listen_failed`, `tls_files_unreadable`, `db_unreachable` after the configured
 * attempts), StoreError for a bad `db_url` or schema, RegistrantOperationError when the first load
 * fails, or as prepareManagement and startMiServer do.
 */
export async function startService(options: ServiceOptions): Promise<ServiceHandle> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const password = dbUrlPassword(config.dbUrl);
  const logger = options.logger ?? createServiceLogger({ log: config.log, clock, secrets: [...(password === null ? [] : [password]), ...managementSecrets(config)] });
  const print = options.print ?? (() => {});
  const transports = await openListeners(config.listen, clock, logger);
  let store: SqlRegistrantStore | null = null;
  let runLogFile: WriteStream | null = null;
  let management: Management | null = null;
  let cluster: ClusterNode | null = null;
  let dialogConnection: SqlConnection | null = null;
  try {
    store = await connectStore(config.dbUrl, config.tableNames, config.dbConnect, clock, logger);
    // A connection of its own on a database server: REGISTERs wait for these writes (write-ahead), never behind a reload's read of the whole table.
    dialogConnection = !config.persistState ? null : store.connection.dialect === "sqlite" ? store.connection : await openDialogConnection(config.dbUrl, clock, logger);
    const dialogStates = dialogConnection === null ? null : new SqlDialogStateStore(dialogConnection, config.dialogStateTable);
    await dialogStates?.prepare();
    runLogFile = config.runLog === null ? null : await openAppend(config.runLog);
    const file = runLogFile;
    const random = options.random ?? cryptoRandom();
    const fileRunLog = file === null ? null : jsonLinesRunLog((line) => void file.write(line + "\n"));
    const { mi, events, metrics, statusPage } = config.management;
    // Without an `mi` section there is no server, so neither the metrics nor the status page's ring are built.
    management = prepareManagement(
      mi === null ? { mi: { enabled: false }, events, metrics: { enabled: false }, statusPage: { enabled: false } } : { mi, events, metrics, statusPage },
      { clock, random: random.child(), logger, runLog: fileRunLog },
    );
    cluster =
      config.cluster === null || config.engine.enable_clustering !== 1
        ? null
        : createClusterNode({
            options: config.cluster,
            dbUrl: config.dbUrl,
            clock,
            // The safety deadlines need a clock that never jumps; a test's fake Clock is one already.
            monotonicNow: options.clock === undefined ? () => performance.now() : null,
            logger,
            registry: management.metrics?.registry ?? null,
            drainLimitMs: (config.engine.transaction_timeout + 1) * 1000,
            flushState: options.flushState ?? null,
          });
    const engine = createEngine(config.engine, {
      clock,
      transports,
      resolver: options.resolver ?? new DnsResolver(config.dnsServers === null ? {} : { dns: serverDns(config.dnsServers) }),
      store,
      dialogStates,
      shtags: cluster?.shtags ?? null,
      ...(config.cluster === null ? {} : { unsavedSendHoldMs: config.cluster.leaseTtlMs }),
      random,
      logger,
      ...management.engineDeps,
    });
    cluster?.attach(engine);
    const progress = new RegistrationProgress(0);
    engine.onEvent((event) => progress.hear(event));
    const report = await engine.start();
    await cluster?.shtags.start();
    const server = await management.serve(engine, cluster?.commands ?? []);
    progress.total = enabledCount(engine);
    print(summaryLine(config, transports, report, engine, server?.url ?? null));
    for (const row of report.rejected) print(rejectedLine(row));
    const stopProgress = options.progressLine == null ? () => {} : showProgress(options.progressLine, progress, clock);
    return handle({ engine, report, transports, store, dialogConnection, runLogFile, management, cluster, flushState: options.flushState ?? (() => engine.flushState()), miUrl: server?.url ?? null, progress, stopProgress, logger, clock, config });
  } catch (error) {
    await cluster?.shtags.close().catch(() => {});
    await management?.close().catch(() => {});
    await Promise.allSettled(transports.map((t) => t.close()));
    if (dialogConnection !== store?.connection) await dialogConnection?.close().catch(() => {});
    await store?.close().catch(() => {});
    runLogFile?.end();
    await logger.flush();
    throw error;
  }
}

interface Parts {
  readonly engine: RegistrantEngine;
  readonly report: LoadReport;
  readonly transports: readonly Transport[];
  readonly store: SqlRegistrantStore;
  /** The dialog-state table's connection (the store's own on SQLite); null without persist_state. */
  readonly dialogConnection: SqlConnection | null;
  readonly runLogFile: WriteStream | null;
  readonly management: Management;
  readonly cluster: ClusterNode | null;
  readonly flushState: () => Promise<void>;
  readonly miUrl: string | null;
  readonly progress: RegistrationProgress;
  readonly stopProgress: () => void;
  readonly logger: ServiceLogger;
  readonly clock: Clock;
  readonly config: ResolvedConfig;
}

function handle(parts: Parts): ServiceHandle {
  const { engine, logger, clock } = parts;
  let stopping: Promise<StopSummary> | null = null;
  return {
    engine,
    report: parts.report,
    sockets: parts.transports.map((t) => t.local),
    progress: () => parts.progress.counts,
    miUrl: parts.miUrl,
    async reload() {
      try {
        const report = await engine.reload();
        parts.progress.total = enabledCount(engine);
        logger.info({ loaded: report.loaded, rejected: report.rejected.length }, `reload: ${report.loaded} records loaded, ${report.rejected.length} rejected`);
        return report;
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, "reload failed; the table in memory is unchanged");
        throw error;
      }
    },
    flushState: () => engine.flushState(),
    stop(options = { unregister: false, unregisterPerSecond: 50 }) {
      stopping ??= (async () => {
        parts.stopProgress();
        engine.pause();
        const unregistered = options.unregister ? await unregisterAll(engine, options.unregisterPerSecond, clock) : 0;
        // Requests in flight finish or time out: the transaction layer ends every one within transaction_timeout.
        const abandoned = await drain(engine, (parts.config.engine.transaction_timeout + 1) * 1000, clock);
        // Hand-over: the state saved, then the leases freed so that another node takes the tags at once (no unREGISTER).
        await parts.flushState().catch((error: unknown) => logger.warn({ err: String(error) }, "saving the registration state failed"));
        const released = (await parts.cluster?.shtags.releaseAll()) ?? 0;
        await engine.stop();
        await parts.cluster?.shtags.close();
        await parts.management.close().catch((error: unknown) => logger.warn({ err: String(error) }, "closing the management server failed"));
        if (parts.dialogConnection !== parts.store.connection && parts.dialogConnection !== null) await closeWithin(parts.dialogConnection, "the dialog-state connection", clock, logger);
        await closeWithin(parts.store.connection, "the database", clock, logger);
        logger.info({ unregistered, abandoned, released }, `stopped${options.unregister ? `: ${unregistered} unREGISTERs sent` : ""}${parts.cluster === null ? "" : `; ${released} leases released`}`);
        await logger.flush();
        if (parts.runLogFile !== null) await new Promise<void>((resolve) => parts.runLogFile?.end(resolve));
        return { unregistered, abandoned, released };
      })();
      return stopping;
    },
  };
}

/**
 * Closes `connection`, or resets it when the database does not answer within CLOSE_LIMIT_MS (a
 * black-holed socket never answers the goodbye): a stop never hangs on the database.
 */
async function closeWithin(connection: SqlConnection, what: string, clock: Clock, logger: Logger): Promise<void> {
  const closing = connection.close().catch((error: unknown) => logger.warn({ err: String(error) }, `closing ${what} failed`));
  if ((await withinMs(clock, closing, CLOSE_LIMIT_MS)) === TIMED_OUT) {
    logger.warn({ afterMs: CLOSE_LIMIT_MS }, `closing ${what}: no answer within ${CLOSE_LIMIT_MS} ms; the connection was reset`);
    connection.abort();
  }
}

/** N10: one unREGISTER per registered record, spaced so that at most `perSecond` go out each second. */
async function unregisterAll(engine: RegistrantEngine, perSecond: number, clock: Clock): Promise<number> {
  const spacingMs = 1000 / Math.max(1, perSecond);
  let sent = 0;
  for (const record of engine.list().Records) {
    if (record.state !== "REGISTERED_STATE") continue;
    if (sent > 0) await sleep(clock, spacingMs);
    if (engine.unregister({ aor: record.AOR, contact: record.binding, registrar: record.registrar })) sent++;
  }
  return sent;
}

/** Waits until no request is in flight, or `limitMs`; returns how many were still in flight. */
async function drain(engine: RegistrantEngine, limitMs: number, clock: Clock): Promise<number> {
  const deadline = clock.now() + limitMs;
  while (engine.requestsInFlight > 0 && clock.now() < deadline) await sleep(clock, DRAIN_POLL_MS);
  return engine.requestsInFlight;
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** D16 for the operating side: the MI token and the webhooks' header values are masked in every log line. */
function managementSecrets(config: ResolvedConfig): string[] {
  const { mi, events } = config.management;
  const headers = (events.sinks ?? []).flatMap((sink) => (sink.type === "webhook" ? Object.values(sink.headers ?? {}) : []));
  return [...(mi?.token == null ? [] : [mi.token]), ...headers].filter((secret) => secret !== "");
}

function enabledCount(engine: RegistrantEngine): number {
  return engine.list().Records.filter((r) => r.enabled === "yes").length;
}

function summaryLine(config: ResolvedConfig, transports: readonly Transport[], report: LoadReport, engine: RegistrantEngine, miUrl: string | null): string {
  const { bucketCount, visitPeriodSec } = engine.params;
  const sockets = transports.map((t) => formatSocketName(t.local)).join(", ");
  return (
    `uacreg run: listening on ${sockets}; ${report.loaded} records loaded, ${report.rejected.length} rejected ` +
    `from ${maskDbUrl(config.dbUrl)} table ${config.tableNames.table_name}; ${bucketCount} buckets, one visited every ${visitPeriodSec} s` +
    (miUrl === null ? "" : `; management interface at ${miUrl}`) +
    (config.cluster === null || config.engine.enable_clustering !== 1 ? "" : `; cluster node ${config.cluster.node}, leases in ${config.cluster.leaseTable}`)
  );
}

function rejectedLine(row: RejectedRow): string {
  const who = row.aor === null ? "" : ` (${row.aor})`;
  return `uacreg run: row ${row.index + 1}${who} rejected: ${row.param}: ${row.reason}`;
}

function showProgress(write: (line: string) => void, progress: RegistrationProgress, clock: Clock): () => void {
  let last = "";
  let timer: unknown = null;
  const tick = (): void => {
    const counts = progress.counts;
    const line = formatProgress(counts);
    if (line !== last) write(line);
    last = line;
    timer = counts.pending === 0 ? null : clock.setTimeout(tick, PROGRESS_REFRESH_MS);
  };
  tick();
  return () => {
    if (timer !== null) clock.clearTimeout(timer as ReturnType<Clock["setTimeout"]>);
    timer = null;
  };
}

async function openAppend(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path, { flags: "a" });
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  return stream;
}

/**
 * The dialog-state table's own connection on a database server, replaced when a statement fails or
 * hangs (reconnecting-connection.ts): REGISTERs wait for its writes.
 */
async function openDialogConnection(dbUrl: string, clock: Clock, logger: Logger): Promise<SqlConnection> {
  const open = (): Promise<SqlConnection> => openSqlConnection(dbUrl, DIALOG_CONNECT_TIMEOUT_MS);
  return reconnectingConnection(await open(), open, { clock, logger, statementLimitMs: DIALOG_STATEMENT_LIMIT_MS, purpose: "dialog state" });
}
