/**
 * The registrant engine: the bucket table on the bucket timer, the records' state machines fed
 * by visits, outcomes and operations, and the operations of the management interface (§8, §9),
 * over the interfaces this layer owns (RegistrantStore, ShtagSource, event and run-log sinks).
 * engine/index.ts builds it from configuration and dependencies.
 */
import type { Clock } from "../../clock.js";
import { nowSeconds } from "../../clock.js";
import type { Logger } from "../../log.js";
import type { Random } from "../../random.js";
import type { TransactionLayer, TransactionLayerStats } from "../../transaction/index.js";
import type { Resolver, SocketName, Transport } from "../../transport/index.js";
import { formatSocketName, normalizeHost } from "../../transport/index.js";
import type { BucketTimer } from "./bucket-timer.js";
import { startBucketTimer } from "./bucket-timer.js";
import { BucketTable } from "./bucket-table.js";
import { ActionRunner } from "./action-runner.js";
import type { CircuitListener } from "./circuit-board.js";
import { RecordError, RegistrantOperationError } from "../policy/errors.js";
import { EventBus, type RegistrantEventListener } from "./event-bus.js";
import type { RegistrantEventSink } from "../policy/events.js";
import type { FsmInput } from "../policy/fsm.js";
import { bucketOf } from "../policy/hash.js";
import { listedRecord, type ListedRecord } from "../views/list-view.js";
import type { ModuleParams } from "../policy/module-params.js";
import type { DialogState, DialogStateRow, DialogStateStore, LoadSummary, RegistrantObserver, RegistrantStore, RuleTrace, RunLogSink, Shtag, ShtagChange, ShtagSource } from "../contracts.js";
import { isRecordActive } from "../contracts.js";
import type { RecordId, RecordValidation, RegistrantConfig, RegistrantRow } from "../policy/record.js";
import { createRuntime, inheritRegistration, tripleKey, validateRow } from "../policy/record.js";
import { visitChangesNothing } from "../policy/quiet-visit.js";
import { createTableEntry, type TableEntry } from "./table-entry.js";
import { TripleMap } from "./triple-map.js";
import { isRejected, rejection, RowsRead, type RejectedRow } from "./rows-read.js";
import { DialogStateWriter, type DialogStateWriterLimits } from "./dialog-state-writer.js";
import { spreadFeed } from "./spread-feed.js";
import { readDialogState, resumeRuntime } from "../policy/dialog-resume.js";
import type { RegistrantStateName } from "../policy/states.js";
import { createStatusLog, renderReports, srIdentifier, srStatus, statusState, type StatusReport } from "../views/status-report.js";
import { errorMessage } from "../../errors.js";

export interface EngineDeps {
  readonly clock: Clock;
  /** The listening sockets; a record's forced socket names one of them (D19). */
  readonly transports: readonly Transport[];
  readonly resolver: Resolver;
  readonly store: RegistrantStore;
  /** Needed only with enable_clustering (§12). */
  readonly shtags?: ShtagSource | null;
  readonly random: Random;
  /** D30: where back-off jitter is drawn from; `random` when absent (a test may script it). */
  readonly jitter?: Random;
  readonly logger?: Logger;
  readonly eventSinks?: readonly RegistrantEventSink[];
  /** The run log (engine/events/run-log.ts); off when absent. */
  readonly runLog?: RunLogSink | null;
  /**
   * Told the transition-table row (its id) of every step that matched one, "unchanged" rows
   * included; the conformance suite checks with it that a scenario fires the rows it claims.
   */
  readonly onRule?: RuleTrace | null;
  /** Hears exchanges and loads (engine/metrics); off when absent. */
  readonly observer?: RegistrantObserver | null;
  /**
   * N11, N12: the dialog-state table. With it (persist_state), records continue their saved
   * dialogs at start and when their sharing tag becomes ACTIVE, and changed dialogs are saved in
   * batches; without it every record starts NOT_REGISTERED with a new Call-ID (§13).
   */
  readonly dialogStates?: DialogStateStore | null;
  /** How fast changed dialogs are saved; DIALOG_STATE_WRITE_LIMITS when absent. */
  readonly dialogStateWriteLimits?: DialogStateWriterLimits;
  /**
   * How long a REGISTER of a record whose sharing tag is held as a lease waits for its row at
   * most while the writes fail (the lease TTL: a node cut off from the database loses the tag by
   * then); UNSAVED_SEND_HOLD_MS when absent.
   */
  readonly unsavedSendHoldMs?: number;
}

/** The default lease TTL (engine/cluster/cluster-options.ts): see EngineDeps.unsavedSendHoldMs. */
const UNSAVED_SEND_HOLD_MS = 10_000;
/** N12: a taken tag's due refreshes are spread over one visit period, this long at most. */
const DUE_SPREAD_LIMIT_MS = 1000;

export type { RejectedRow } from "./rows-read.js";

export interface LoadReport {
  readonly loaded: number;
  readonly rejected: readonly RejectedRow[];
}

/** Status/Report of one identifier (§11). */
export interface StatusReportView {
  readonly identifier: string;
  readonly status: 1 | -1;
  readonly text: RegistrantStateName;
  readonly reports: readonly StatusReport[];
}

/** Records in one state, split by enabled flag (for metrics: counts only, no identities). */
export interface StateCount {
  readonly state: RegistrantStateName;
  readonly enabled: number;
  readonly disabled: number;
}

export interface EngineParts {
  readonly params: ModuleParams;
  readonly layer: TransactionLayer;
}

/**
 * One registrant engine; build it with createEngine. The constructor does not throw; the
 * operations (start, reload, enable, list, statusReport, …) throw or reject with
 * RegistrantOperationError, whose `code` says why (not_found, invalid_params, store_failed, not_running).
 */
export class RegistrantEngine {
  readonly params: ModuleParams;
  readonly #deps: EngineDeps;
  readonly #logger: Logger;
  readonly #layer: TransactionLayer;
  readonly #random: Random;
  readonly #bus: EventBus;
  readonly #dispatch: ActionRunner;
  readonly #validation: RecordValidation;
  #table: BucketTable;
  #timer: BucketTimer | null = null;
  #unsubscribeShtags: (() => void) | null = null;
  #phase: "new" | "running" | "stopped" = "new";
  /** N11, N12: saves changed dialogs; null without persist_state. */
  readonly #writer: DialogStateWriter | null;
  /** Sharing tags (`name/cluster_id`) that became ACTIVE and whose saved dialogs are being read: their records send nothing yet. */
  readonly #resuming = new Map<string, symbol>();
  /** N12: the spreads of due records of taken tags still going (cancelled by stop). */
  readonly #dueSpreads = new Set<{ cancel: () => void }>();
  /**
   * N12: the due records of taken tags that a spread has not reached yet. Their bucket visits pass
   * them by: a visit would send one as a first REGISTER, held back by startup_spread (D33).
   */
  readonly #awaitingSpread = new Set<TableEntry>();
  /** The waits of `requestsEnded`: the records whose requests each still waits for. */
  readonly #drains = new Set<{ readonly pending: Set<TableEntry>; readonly resolve: () => void }>();

  constructor(parts: EngineParts, deps: EngineDeps, logger: Logger) {
    this.params = parts.params;
    this.#deps = deps;
    this.#logger = logger;
    this.#layer = parts.layer;
    this.#random = deps.random.child();
    this.#bus = new EventBus(logger);
    for (const sink of deps.eventSinks ?? []) this.#bus.subscribe((event) => sink.emit(event));
    this.#table = new BucketTable(this.params.bucketCount);
    const dialogStates = deps.dialogStates ?? null;
    const writer = dialogStates === null ? null : new DialogStateWriter(dialogStates, deps.clock, logger, deps.dialogStateWriteLimits);
    this.#writer = writer;
    this.#dispatch = new ActionRunner({
      clock: deps.clock,
      params: this.params,
      random: this.#random,
      layer: this.#layer,
      resolver: deps.resolver,
      transports: deps.transports,
      store: deps.store,
      logger,
      bus: this.#bus,
      runLog: deps.runLog ?? null,
      onRule: deps.onRule ?? null,
      jitter: deps.jitter ?? null,
      observer: deps.observer ?? null,
      isActive: (config) => this.#isActive(config),
      dialogChanged: writer === null ? null : (slot) => this.#saveDialog(slot),
      dialogSaved: writer === null ? null : (slot) => this.#dialogSaved(writer, slot),
      requestEnded: (slot) => this.#requestEnded(slot),
    });
    this.#watchFlows(deps.transports);
    const listening = new Set(deps.transports.map((t) => formatSocketName(t.local)));
    this.#validation = {
      params: this.params,
      socketExists: (name: SocketName) => listening.has(formatSocketName({ ...name, host: normalizeHost(name.host) })),
    };
  }

  /** D26 unREGISTERs of removed records still running. */
  get detachedUnregisters(): number {
    return this.#dispatch.detachedInFlight;
  }

  /** D28: replies dropped because they did not belong to the REGISTER they answered. */
  get foreignReplies(): number {
    return this.#dispatch.foreignReplies;
  }

  /** D34: subscribes to circuits opening and closing (none without registrar_circuit); returns the unsubscribe function. */
  onCircuit(listener: CircuitListener): () => void {
    return this.#dispatch.circuits?.subscribe(listener) ?? (() => {});
  }

  /** D34: the next hops whose circuit is open now. */
  get openCircuits(): string[] {
    return this.#dispatch.circuits?.open ?? [];
  }

  /** The transaction layer's counters (retransmissions, timeouts, ...), for metrics. */
  get transactionStats(): TransactionLayerStats {
    return this.#layer.stats;
  }

  /** How many records are in each state they are in, enabled and disabled. */
  census(): StateCount[] {
    const counts = new Map<RegistrantStateName, { enabled: number; disabled: number }>();
    for (const slot of this.#table.all()) {
      const { state, enabled } = slot.runtime;
      let count = counts.get(state);
      if (count === undefined) counts.set(state, (count = { enabled: 0, disabled: 0 }));
      if (enabled) count.enabled += 1;
      else count.disabled += 1;
    }
    return Array.from(counts, ([state, count]) => ({ state, ...count }));
  }

  /** Subscribes to the nine E_REGISTRANT_* events (§10); returns the unsubscribe function. */
  onEvent(listener: RegistrantEventListener): () => void {
    return this.#bus.subscribe(listener);
  }

  /**
   * Loads every row from the store (rejected rows reported with their reason, D22), then starts
   * the bucket timer: the first visit one period after now (§3.2).
   */
  async start(): Promise<LoadReport> {
    if (this.#phase !== "new") throw new RegistrantOperationError("not_running", "engine", `cannot start a ${this.#phase} engine`);
    const read = await this.#read("start");
    this.#phase = "running";
    const report = this.#reportLoad("start", this.#install(read.rows), read.durationMs);
    // N11: before the first visit can send anything, the records active here continue their saved dialogs.
    if (this.#writer !== null) await this.#resume(null);
    this.#timer = startBucketTimer(this.#deps.clock, this.params, (bucket) => this.#visit(bucket));
    const shtags = this.#deps.shtags ?? null;
    if (this.params.clusteringEnabled && shtags !== null) {
      this.#unsubscribeShtags = shtags.subscribe((change) => this.#shtagChanged(change));
    }
    this.#logger.info({ loaded: report.loaded, rejected: report.rejected.length, buckets: this.params.bucketCount }, "registrant started");
    return report;
  }

  /**
   * The first step of a graceful stop: the bucket timer ends, so no visit sends a REGISTER any
   * more, while replies to requests in flight are still handled. `stop()` ends the rest.
   */
  pause(): void {
    this.#timer?.stop();
    this.#timer = null;
  }

  /** Requests awaiting their outcome: records' own and detached unREGISTERs (D26). */
  get requestsInFlight(): number {
    let count = this.#dispatch.detachedInFlight;
    for (const slot of this.#table.all()) if (slot.runtime.inFlight !== null) count++;
    return count;
  }

  /** The sharing tags the records name, each once (§12: a non-empty name with a cluster id from 1). */
  shtagsInUse(): Shtag[] {
    // By name, then cluster id: no string built per record (a lease round asks every renew_interval).
    const tags = new Map<string, Set<number>>();
    for (const { config } of this.#table.all()) {
      if (config.shtagName === null || config.shtagName === "" || config.clusterId <= 0) continue;
      let ids = tags.get(config.shtagName);
      if (ids === undefined) tags.set(config.shtagName, (ids = new Set()));
      ids.add(config.clusterId);
    }
    return Array.from(tags, ([name, ids]) => Array.from(ids, (clusterId) => ({ name, clusterId }))).flat();
  }

  /**
   * Resolves once every record of these sharing tags that has a request in flight now has none
   * (a tag's hand-over waits for it; the tags are no longer active here, so their records start
   * nothing new). Told by each request's end, never polled; `stop()` resolves every wait.
   */
  requestsEnded(tags: readonly Shtag[]): Promise<void> {
    const keys = new Set(tags.map(shtagKey));
    const pending = new Set<TableEntry>();
    for (const slot of this.#table.all()) {
      const tag = recordShtag(slot.config);
      if (slot.runtime.inFlight !== null && tag !== null && keys.has(shtagKey(tag))) pending.add(slot);
    }
    if (pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drains.add({ pending, resolve }));
  }

  /**
   * N10 (unREGISTER on shutdown): a record registered here leaves the table and its binding is
   * removed by a detached unREGISTER (D26: one authenticated retry, no event). False, and nothing
   * sent, for a record that is not registered here.
   */
  unregister(id: RecordId): boolean {
    this.#checkRunning();
    const slot = this.#mustFind(id);
    if (!this.#registeredHere(slot)) return false;
    this.#table.remove(slot);
    this.#retire(slot);
    return true;
  }

  /**
   * N11, N12: saves every changed dialog not saved yet, now (the hand-over of a sharing tag calls
   * it before releasing the tag); `stop()` does it too. A store failure is logged, never thrown.
   */
  async flushState(): Promise<void> {
    await this.#writer?.flush();
  }

  /** Ends the timer and every transaction, saves changed dialogs and closes the transports; sends no unREGISTER (§1.2). */
  async stop(): Promise<void> {
    if (this.#phase === "stopped") return;
    this.#phase = "stopped";
    this.#timer?.stop();
    this.#timer = null;
    this.#unsubscribeShtags?.();
    this.#unsubscribeShtags = null;
    for (const spread of this.#dueSpreads) spread.cancel();
    this.#dueSpreads.clear();
    this.#awaitingSpread.clear();
    for (const drain of this.#drains) drain.resolve();
    this.#drains.clear();
    this.#dispatch.stop();
    await this.flushState();
    this.#layer.close();
    await Promise.all(this.#deps.transports.map((t) => t.close()));
  }

  /** §9.2 reg_list: every record (buckets 0..N-1, list order), or the one of a triple. */
  list(): { Records: ListedRecord[] };
  list(id: RecordId): { Registrant: ListedRecord };
  list(id?: RecordId): { Records: ListedRecord[] } | { Registrant: ListedRecord } {
    if (id === undefined) return { Records: Array.from(this.#table.all(), listedRecord) };
    return { Registrant: listedRecord(this.#mustFind(id)) };
  }

  /** §8 enable. */
  enable(id: RecordId): Promise<void> {
    return this.#operate(id, "enable");
  }

  /** §8 disable. */
  disable(id: RecordId): Promise<void> {
    return this.#operate(id, "disable");
  }

  /** §9.2 force_register: TO := 0 when enabled; the next visit acts. */
  forceRegister(id: RecordId): Promise<void> {
    return this.#operate(id, "force-register");
  }

  /** §9.2 upsert, §9.3 replace one; no store access. */
  async upsert(row: RegistrantRow): Promise<void> {
    this.#checkRunning();
    this.#replaceOne(this.#validate(row));
  }

  /** §9.2 delete, D13 (memory only, SR identifier removed), D26 (detached unREGISTER). */
  async delete(id: RecordId): Promise<void> {
    this.#checkRunning();
    const slot = this.#mustFind(id);
    this.#table.remove(slot);
    this.#retire(slot);
    this.#forgetDialog(slot.config, recordShtag(slot.config));
  }

  /**
   * §9.2 reload: all rows (D3 inheritance, removed records unREGISTERed, D26) or the row of one
   * triple (§9.3; a row that fails validation is an error, D12).
   */
  async reload(id?: RecordId): Promise<LoadReport> {
    this.#checkRunning();
    if (id === undefined) {
      const read = await this.#read("reload");
      return this.#reportLoad("reload", this.#install(read.rows), read.durationMs);
    }
    checkTriple(id);
    let row: RegistrantRow | null;
    try {
      row = await this.#deps.store.loadOne(id);
    } catch (error) {
      throw new RegistrantOperationError("store_failed", "store", errorMessage(error), { cause: error });
    }
    if (row === null) throw new RegistrantOperationError("not_found", "aor", "No such registrant in database");
    this.#replaceOne(this.#validate(row));
    return { loaded: 1, rejected: [] };
  }

  /** §11 Status/Report of a record's identifier. */
  statusReport(id: RecordId): StatusReportView {
    const slot = this.#mustFind(id);
    const text = statusState(slot.log);
    return { identifier: srIdentifier(slot.config), status: srStatus(text), text, reports: renderReports(slot.log) };
  }

  /** §11 every identifier, in table order. */
  statusReports(): StatusReportView[] {
    return Array.from(this.#table.all(), (slot) => this.statusReport(slot.config));
  }

  #visit(bucket: number): void {
    const nowSec = nowSeconds(this.#deps.clock);
    const input: FsmInput = { kind: "visit", nowSec };
    // A rule trace (the conformance suite) hears of every row taken, the quiet ones too.
    const everyStep = this.#deps.onRule != null;
    const awaiting = this.#awaitingSpread;
    for (const slot of this.#table.bucket(bucket)) {
      if (awaiting.size > 0 && awaiting.has(slot)) continue;
      if (everyStep || !visitChangesNothing(slot.runtime, nowSec)) this.#feedSafely(slot, input);
    }
  }

  /** A request of `slot` ended: a record that sent no next one (an authenticated retry) is off every drain's list. */
  #requestEnded(slot: TableEntry): void {
    if (this.#drains.size === 0 || (slot.removal === null && slot.runtime.inFlight !== null)) return;
    for (const drain of this.#drains) {
      if (drain.pending.delete(slot) && drain.pending.size === 0) {
        this.#drains.delete(drain);
        drain.resolve();
      }
    }
  }

  /** D37: with keepalive_interval, the TCP/TLS transports ping their connections and say when one is lost. */
  #watchFlows(transports: readonly Transport[]): void {
    const { keepaliveIntervalSec, keepaliveTimeoutSec } = this.params.trouble;
    if (keepaliveIntervalSec === 0) return;
    const settings = { intervalMs: keepaliveIntervalSec * 1000, timeoutMs: keepaliveTimeoutSec * 1000 };
    for (const transport of transports) {
      transport.enableKeepAlive?.(settings);
      transport.onConnectionLost?.((remote) => this.#flowLost(remote));
    }
  }

  /** D37: every record whose last request went over the lost connection hears of it. */
  #flowLost(remote: SocketName): void {
    if (this.#phase !== "running") return;
    const nowSec = nowSeconds(this.#deps.clock);
    const prefix = `${remote.protocol}:`;
    for (const slot of this.#table.all()) {
      if (slot.dstHost === remote.host && slot.dstPort === remote.port && slot.socket?.startsWith(prefix) === true) {
        this.#feedSafely(slot, { kind: "flow-lost", nowSec });
      }
    }
  }

  #shtagChanged(change: ShtagChange): void {
    const nowSec = nowSeconds(this.#deps.clock);
    const kind = change.active ? "shtag-active" : "shtag-backup";
    const key = shtagKey(change);
    if (this.#writer !== null) {
      // N12: the tag's records send nothing until their saved dialogs are read (#isActive says BACKUP meanwhile).
      if (change.active) {
        // A token per activation: the read of an earlier one that ends late must not open the gate of this one.
        const token = Symbol(key);
        this.#resuming.set(key, token);
        void this.#resume(key, token).finally(() => {
          if (this.#resuming.get(key) === token) this.#resuming.delete(key);
        });
      } else this.#resuming.delete(key);
    }
    for (const slot of this.#table.all()) {
      if (slot.config.shtagName === change.name && slot.config.clusterId === change.clusterId) {
        this.#feedSafely(slot, { kind, nowSec });
      }
    }
  }

  #feedSafely(slot: TableEntry, input: FsmInput, continued = false): void {
    try {
      void this.#dispatch.feed(slot, input, continued);
    } catch (error) {
      this.#logger.error({ aor: slot.config.aor, input: input.kind, err: errorMessage(error) }, "registrant step failed");
    }
  }

  async #operate(id: RecordId, kind: "enable" | "disable" | "force-register"): Promise<void> {
    this.#checkRunning();
    const slot = this.#mustFind(id);
    await this.#dispatch.feed(slot, { kind, nowSec: nowSeconds(this.#deps.clock) });
  }

  /**
   * Every row from the store, each made its configuration (or rejected) as it arrives: through
   * the store's chunked read when it has one, so the rows are never all held at once.
   */
  async #read(kind: LoadSummary["kind"]): Promise<{ rows: RowsRead; durationMs: number }> {
    const startMs = this.#deps.clock.now();
    const rows = new RowsRead(this.#table, this.#validation);
    const { store } = this.#deps;
    try {
      if (store.readAll !== undefined) await store.readAll((chunk) => rows.take(chunk));
      else rows.take(await store.loadAll());
      return { rows, durationMs: this.#deps.clock.now() - startMs };
    } catch (error) {
      this.#observeLoad({ kind, failed: true, loaded: 0, rejected: 0, durationMs: this.#deps.clock.now() - startMs });
      throw new RegistrantOperationError("store_failed", "store", errorMessage(error), { cause: error });
    }
  }

  #reportLoad(kind: LoadSummary["kind"], report: LoadReport, durationMs: number): LoadReport {
    this.#observeLoad({ kind, failed: false, loaded: report.loaded, rejected: report.rejected.length, durationMs });
    return report;
  }

  #observeLoad(load: LoadSummary): void {
    try {
      this.#deps.observer?.loadFinished(load);
    } catch (error) {
      this.#logger.error({ err: errorMessage(error) }, "registrant observer failed");
    }
  }

  /**
   * A full load into a new table: rows in store order, each inheriting from the record of its
   * triple in the old table (D3); old records left over are retired (D26). Called once every row
   * was read, so a failing store leaves the old table in place. A row whose triple an earlier row
   * of the load took is rejected.
   */
  #install(read: RowsRead): LoadReport {
    const rejected: RejectedRow[] = [];
    const next = new BucketTable(this.params.bucketCount);
    const nowSec = nowSeconds(this.#deps.clock);
    // The old records as the read found them, unless the table changed meanwhile (an upsert, a delete, another load).
    let current: TripleMap<TableEntry> | null = null;
    if (read.table !== this.#table || read.tableChanges !== this.#table.changes) {
      current = new TripleMap<TableEntry>();
      for (const slot of this.#table.all()) current.set(slot.config, slot);
    }
    // An old record a row took has left the table (#successor sets its removal); new triples are noted here.
    const added = new TripleMap<true>();
    for (let index = 0; index < read.items.length; index++) {
      const item = read.items[index]!;
      if (isRejected(item)) {
        this.#reject(rejected, item);
        continue;
      }
      const old = (current === null ? read.olds[index] : current.get(item)) ?? null;
      if (old === null ? added.get(item) === true : old.removal !== null) {
        this.#reject(rejected, rejection(index, item, new RecordError("aor", "the triple (aor, contact, registrar) repeats an earlier row")));
        continue;
      }
      if (old === null) added.set(item, true);
      next.append(this.#successor(old, item, nowSec));
    }
    for (const slot of this.#table.all()) {
      if (slot.removal !== null) continue;
      this.#retire(slot);
      this.#forgetDialog(slot.config, recordShtag(slot.config));
    }
    this.#table = next;
    return { loaded: next.size, rejected };
  }

  #reject(rejected: RejectedRow[], row: RejectedRow): void {
    rejected.push(row);
    this.#logger.warn(row, `registrant row ${row.index} rejected: ${row.param}: ${row.reason}`);
  }

  /** §9.3 replace one (upsert, reload-one): same position, or appended when new. */
  #replaceOne(config: RegistrantConfig): void {
    const old = this.#table.find(config, config.bucket);
    const next = this.#successor(old, config, nowSeconds(this.#deps.clock));
    if (old === null) this.#table.append(next);
    else this.#table.replace(old, next);
  }

  /**
   * The record that takes `old`'s place (§9.3, D3): a REGISTERED one's dialog and schedule when
   * the new record is enabled and active here, else a fresh start. A disabled one first has the
   * old binding removed by a detached unREGISTER (D26); one whose new sharing tag is BACKUP here
   * leaves the binding to the ACTIVE node and sends nothing, as when its tag goes BACKUP (§12,
   * D14). The SR identifier stays with the triple (D23) and shows a fresh start (D26a).
   */
  #successor(old: TableEntry | null, config: RegistrantConfig, nowSec: number): TableEntry {
    if (old === null) return createTableEntry(config, createRuntime(config, this.#random, nowSec), createStatusLog(nowSec));
    if (!config.enabled) this.#retire(old);
    else {
      old.removal = "replaced";
      if (this.#registeredHere(old) && this.#isActive(config)) {
        const inherited = createTableEntry(config, inheritRegistration(config, old.runtime), old.log);
        inherited.bindingExpiresMs = old.bindingExpiresMs;
        return inherited;
      }
    }
    const fresh = createTableEntry(config, createRuntime(config, this.#random, nowSec), old.log);
    this.#dispatch.replaced(fresh);
    return fresh;
  }

  /**
   * A record's binding must go (D3, D26): it leaves the table for good (its identifier is dropped,
   * D23) or a disabled record takes its place. A request in flight is finished by the action runner.
   */
  #retire(slot: TableEntry): void {
    slot.removal = "retired";
    if (this.#registeredHere(slot)) this.#dispatch.unregisterDetached(slot.config, slot.runtime);
  }

  /** §9.2/§9.3 "enabled and REGISTERED", on a node where the record may send (D14). */
  #registeredHere(slot: TableEntry): boolean {
    return slot.runtime.state === "REGISTERED_STATE" && slot.runtime.enabled && this.#isActive(slot.config);
  }

  #isActive(config: RegistrantConfig): boolean {
    if (this.#resuming.size > 0) {
      const tag = recordShtag(config);
      if (tag !== null && this.#resuming.has(shtagKey(tag))) return false;
    }
    return isRecordActive(config, this.params.clusteringEnabled, this.#deps.shtags ?? null);
  }

  /**
   * N11 (`shtag` null: at start, every record active here) and N12 (the records of the sharing
   * tag `shtag` that just became ACTIVE): reads the saved dialogs and continues each enabled
   * record that has one and has sent nothing yet. A row with a bad field is named in a warning
   * and its record starts fresh; a store that cannot be read leaves every record fresh. For a
   * tag, `token` is its activation: if it is still the current one, the tag's records may send
   * from here on, the due ones at once.
   */
  async #resume(shtag: string | null, token: symbol | null = null): Promise<void> {
    const store = this.#deps.dialogStates;
    if (store == null) return;
    let rows: DialogStateRow[];
    try {
      rows = await (shtag === null ? store.loadAll() : store.loadShtag(shtag));
    } catch (error) {
      this.#logger.error({ shtag, err: errorMessage(error) }, "saved dialogs could not be read: the records start with new dialogs");
      return;
    }
    if (this.#phase === "stopped") return;
    const saved = this.#readSaved(rows);
    const nowSec = nowSeconds(this.#deps.clock);
    let registered = 0;
    const due: TableEntry[] = [];
    const orphans = new Map(saved);
    // Per record only comparisons of strings it already has: a takeover walks the whole table once per tag.
    const savedAors = new Set(Array.from(saved.values(), (state) => state.aor));
    const taken = shtag === null ? null : parseShtagKey(shtag);
    for (const slot of this.#table.all()) {
      const { config } = slot;
      if (!savedAors.has(config.aor)) continue;
      const key = tripleKey(config);
      orphans.delete(key);
      if (taken === null ? !this.#isActive(config) : config.shtagName !== taken.name || config.clusterId !== taken.clusterId || !this.#isActiveTag(taken)) continue;
      const state = saved.get(key);
      const { runtime } = slot;
      if (state === undefined || !runtime.enabled || runtime.state !== "NOT_REGISTERED_STATE" || runtime.inFlight !== null) continue;
      const resumed = resumeRuntime(runtime, state, nowSec, this.params);
      slot.runtime = resumed.runtime;
      slot.bindingExpiresMs = state.bindingExpiresMs;
      if (resumed.outcome === "registered") {
        registered++;
        this.#dispatch.resumed(slot, runtime.state);
      } else due.push(slot);
      // Saved again under this node's epoch: a node that lost the tag can no longer write over it.
      this.#saveDialog(slot);
    }
    const pruned = this.#pruneOrphans(shtag, orphans.values());
    // N12: the gate opens, and a taken tag's due refreshes go now, not at their buckets' next visits (at start-up the visits and startup_spread pace them).
    if (shtag !== null && this.#resuming.get(shtag) === token) {
      this.#resuming.delete(shtag);
      this.#continueDue(due);
    }
    this.#logger.info(
      { shtag, saved: saved.size, registered, registering: due.length, pruned },
      `saved dialogs continued${shtag === null ? "" : ` for sharing tag ${shtag}`}: ${registered} registered (refreshed when due), ${due.length} registering now in the same dialog` +
        (pruned === 0 ? "" : `; ${pruned} of records no longer in the table deleted`),
    );
  }

  /**
   * N12: the records of a taken tag whose saved refresh is due (or whose binding is gone) are
   * visited right away, spread over one visit period (a second at most), each sending as a
   * refresh (no startup_spread; register_rate_limit still applies). Until the spread reaches a
   * record, its bucket's visit passes it by. Only they are visited: the others wait for their
   * refresh point as on any node, so a takeover sends no more than is due.
   */
  #continueDue(slots: readonly TableEntry[]): void {
    const clock = this.#deps.clock;
    const spanMs = Math.min(DUE_SPREAD_LIMIT_MS, this.params.visitPeriodSec * 1000);
    const spread = { cancel: (): void => {} };
    this.#dueSpreads.add(spread);
    for (const slot of slots) this.#awaitingSpread.add(slot);
    spread.cancel = spreadFeed(
      clock,
      slots,
      spanMs,
      (slot) => {
        this.#awaitingSpread.delete(slot);
        if (this.#phase === "running" && slot.removal === null) this.#feedSafely(slot, { kind: "visit", nowSec: nowSeconds(clock) }, true);
      },
      () => this.#dueSpreads.delete(spread),
    );
  }

  /**
   * Saved dialogs whose record is not in the table (deleted while no node that held it ran)
   * are deleted by their owner: at start (`shtag` null) those without a tag, on a takeover the
   * taken tag's, under this node's epoch. Returns how many were queued.
   */
  #pruneOrphans(shtag: string | null, orphans: Iterable<DialogState>): number {
    let count = 0;
    for (const state of orphans) {
      if (state.shtag !== shtag) continue;
      if (this.#forgetDialog(state, shtag === null ? null : parseShtagKey(shtag))) count++;
    }
    return count;
  }

  /**
   * A record left the table (delete, or a full reload without its row): its saved dialog is
   * deleted too, by the node that owns it (no tag, or the tag held here), under the epoch it holds
   * the tag with, so a node that lost the tag cannot delete what the new owner saved. False when
   * this node is not the owner.
   */
  #forgetDialog(id: RecordId, tag: Shtag | null): boolean {
    if (this.#writer === null) return false;
    const shtags = this.#deps.shtags ?? null;
    let epoch: number | null = 0;
    if (tag !== null) epoch = shtags?.epochOf === undefined ? (this.#isActiveTag(tag) ? 0 : null) : shtags.epochOf(tag);
    if (epoch === null) return false;
    this.#writer.remove({ aor: id.aor, contact: id.contact, registrar: id.registrar, epoch });
    return true;
  }

  /** The valid saved dialogs by triple; each bad row is named in a warning and skipped. */
  #readSaved(rows: readonly DialogStateRow[]): Map<string, DialogState> {
    const saved = new Map<string, DialogState>();
    rows.forEach((row, index) => {
      try {
        const state = readDialogState(row);
        saved.set(tripleKey(state), state);
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        const aor = typeof row.aor === "string" ? row.aor : null;
        this.#logger.warn(
          { index, aor, field: error.field, reason: error.reason },
          `saved dialog ${index}${aor === null ? "" : ` (${aor})`} skipped, the record starts with a new dialog: ${error.message}`,
        );
      }
    });
    return saved;
  }

  /** Is the tag ACTIVE here now (it may have gone BACKUP while its saved dialogs were read)? */
  #isActiveTag(tag: Shtag): boolean {
    return this.#deps.shtags?.isActive(tag) === true;
  }

  /**
   * Write-ahead (docs/saved-dialogs.md): resolves when the record's row, with the CSeq about to be
   * sent, is saved. When the write fails, a record without a leased tag sends anyway (a database
   * outage never stops registrations). One whose tag is held as a lease keeps waiting, batch after
   * batch, while the tag is ACTIVE here (unsavedSendHoldMs at most): a node that cannot write
   * cannot renew either and loses the tag within the lease TTL, and then the node that takes over
   * must find every CSeq sent in the table. A tag gone BACKUP meanwhile: the runner sends nothing.
   */
  async #dialogSaved(writer: DialogStateWriter, slot: TableEntry): Promise<void> {
    const key = tripleKey(slot.config);
    const tag = recordShtag(slot.config);
    const leased = tag !== null && this.#deps.shtags?.epochOf !== undefined;
    const clock = this.#deps.clock;
    const deadline = clock.now() + (this.#deps.unsavedSendHoldMs ?? UNSAVED_SEND_HOLD_MS);
    // Each round waits for a batch (at least aheadMs), so the count bound is never the one reached first in practice.
    for (let round = 0; round < 10_000; round++) {
      if ((await writer.saved(key)) || !leased || !this.#isActiveTag(tag) || clock.now() >= deadline) return;
    }
  }

  /** N11, N12: queues the record's dialog for the dialog-state table, under this node's epoch for its tag. */
  #saveDialog(slot: TableEntry): void {
    const { config, runtime } = slot;
    const tag = recordShtag(config);
    const shtags = this.#deps.shtags ?? null;
    const epoch = tag === null || shtags?.epochOf === undefined ? 0 : shtags.epochOf(tag);
    // Not held here (any more): the node that holds the tag saves the dialog.
    if (epoch === null) return;
    this.#writer?.note({
      aor: config.aor,
      contact: config.contact,
      registrar: config.registrar,
      callId: runtime.callId,
      fromTag: runtime.fromTag,
      cseq: runtime.cseq,
      expiresSec: runtime.expiresSec,
      bindingExpiresMs: slot.bindingExpiresMs,
      shtag: tag === null ? null : shtagKey(tag),
      epoch,
    });
  }

  #validate(row: RegistrantRow): RegistrantConfig {
    try {
      return validateRow(row, this.#validation);
    } catch (error) {
      if (error instanceof RecordError) throw new RegistrantOperationError("invalid_params", error.field, error.reason, { cause: error });
      throw error;
    }
  }

  #mustFind(id: RecordId): TableEntry {
    checkTriple(id);
    const slot = this.#table.find(id, bucketOf(id.aor, this.params.bucketCount));
    if (slot === null) throw new RegistrantOperationError("not_found", "aor", "No such registrant");
    return slot;
  }

  #checkRunning(): void {
    if (this.#phase !== "running") throw new RegistrantOperationError("not_running", "engine", `the engine is ${this.#phase === "new" ? "not started" : "stopped"}`);
  }
}

/** The record's sharing tag, or null when it has none that counts (§12: an empty name or a cluster id <= 0). */
function recordShtag(config: RegistrantConfig): Shtag | null {
  if (config.shtagName === null || config.shtagName === "" || config.clusterId <= 0) return null;
  return { name: config.shtagName, clusterId: config.clusterId };
}

/** The tag of a `name/cluster_id` key (shtagKey's inverse). */
function parseShtagKey(key: string): Shtag {
  const slash = key.lastIndexOf("/");
  return { name: key.slice(0, slash), clusterId: Number(key.slice(slash + 1)) };
}

/** `name/cluster_id`, as the cluster_shtag column writes a tag. */
function shtagKey(tag: Shtag): string {
  return `${tag.name}/${tag.clusterId}`;
}

function checkTriple(id: RecordId): void {
  for (const param of ["aor", "contact", "registrar"] as const) {
    if (typeof id[param] !== "string" || id[param] === "") {
      throw new RegistrantOperationError("invalid_params", param, "is mandatory");
    }
  }
}

