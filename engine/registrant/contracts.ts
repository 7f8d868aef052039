/**
 * What the registrant needs from the outside world (ARCHITECTURE.md: layer 6 owns these
 * interfaces; engine/store and engine/cluster implement them, engine/index.ts wires them).
 */
import type { RecordId, RegistrantRow } from "./policy/record.js";

/** The registrant table (spec §13), behind whichever driver `db_url` chose. */
export interface RegistrantStore {
  /** Every row, in table order (buckets keep this order, §3.1). Rejects when the store fails. */
  loadAll(): Promise<RegistrantRow[]>;
  /**
   * Every row, in table order, handed on in chunks as they are read; resolves once all were.
   * Optional: with it a load takes each chunk as it comes and never holds every row at once.
   */
  readAll?(onRows: (rows: RegistrantRow[]) => void): Promise<void>;
  /** The row of this triple (reload-one, §9.2), or null when there is none. */
  loadOne(id: RecordId): Promise<RegistrantRow | null>;
  /** §8: `state` := 0 (enabled) or 1 (disabled) for the triple; the only write there is. */
  writeState(id: RecordId, enabled: boolean): Promise<void>;
}

/** A sharing tag: its name and cluster (spec §12). */
export interface Shtag {
  readonly name: string;
  readonly clusterId: number;
}

export interface ShtagChange extends Shtag {
  readonly active: boolean;
}

/** Which sharing tags are active on this node (spec §12). */
export interface ShtagSource {
  /** An unknown tag is a backup tag (the clusterer creates it in BACKUP). */
  isActive(tag: Shtag): boolean;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (change: ShtagChange) => void): () => void;
  /**
   * The fencing epoch under which this node holds the tag now, or null when it does not hold it.
   * Sources without leases (MemoryShtags) leave it out. A state write made under an epoch lower
   * than the row's must be refused: its writer lost the tag since.
   */
  epochOf?(tag: Shtag): number | null;
}

/**
 * One record's registration dialog as the dialog-state table keeps it (spec §17 N11, N12), so
 * that a restarted node, or the node that takes a sharing tag over, continues it. Never the
 * record's credentials.
 */
export interface DialogState extends RecordId {
  readonly callId: string;
  readonly fromTag: string;
  /** The CSeq of the last request sent in the dialog (0 before the first). */
  readonly cseq: number;
  /** E: the last granted (or configured) expiry, in seconds. */
  readonly expiresSec: number;
  /** When the binding at the registrar runs out, in Unix epoch ms of the engine's Clock; null when there is none. */
  readonly bindingExpiresMs: number | null;
  /** The record's sharing tag as `name/cluster_id`, or null without one. */
  readonly shtag: string | null;
  /** The fencing epoch the writing node held the tag under (ShtagSource.epochOf); 0 without a tag. */
  readonly epoch: number;
}

/** A saved dialog to delete: the record's triple, and the epoch its deleter holds the record's tag under (0 without a tag). */
export interface DialogStateRemoval extends RecordId {
  readonly epoch: number;
}

/** A dialog-state row as read back, each field as the driver gave it: checked (and named when bad) before use. */
export type DialogStateRow = { readonly [K in keyof DialogState]: unknown };

/** The dialog-state table (N11, N12), in the database of the registrant table or in memory. */
export interface DialogStateStore {
  /** Creates the table when it is missing. */
  prepare(): Promise<void>;
  /** Every saved row. */
  loadAll(): Promise<DialogStateRow[]>;
  /** The saved rows written for the sharing tag `name/cluster_id`. */
  loadShtag(shtag: string): Promise<DialogStateRow[]>;
  /**
   * Inserts or replaces the row of each state's triple, except a row written under a higher
   * epoch than the state's, which stays (the fence: a node that lost the tag cannot undo the
   * newer owner's writes). Rejects when the store fails.
   */
  save(states: readonly DialogState[]): Promise<void>;
  /**
   * Deletes the row of each removal's triple (a record that left the registrant table), except a
   * row written under a higher epoch than the removal's (the same fence as `save`). Rejects when
   * the store fails.
   */
  remove(removals: readonly DialogStateRemoval[]): Promise<void>;
}

/**
 * §12: is a record active on this node? Without a tag (or with cluster id <= 0 or an empty
 * name) always; otherwise only with clustering on and the tag ACTIVE.
 */
export function isRecordActive(
  record: { readonly shtagName: string | null; readonly clusterId: number },
  clusteringEnabled: boolean,
  shtags: ShtagSource | null,
): boolean {
  if (record.shtagName === null || record.shtagName === "" || record.clusterId <= 0) return true;
  if (!clusteringEnabled || shtags === null) return false;
  return shtags.isActive({ name: record.shtagName, clusterId: record.clusterId });
}

/** Who a run-log entry is about: the record's identity triple (never its credentials, D16). */
export interface RunLogSubject {
  readonly aor: string;
  readonly contact: string;
  readonly registrar: string;
}

/**
 * One line of the run log, the material timelines are drawn from: a state change, an event, or
 * a summary of a SIP exchange (never its credentials). `detached` marks the D26 unREGISTER of a
 * record that is gone.
 */
export type RunLogEntry = RunLogSubject & { readonly atMs: number } & (
    | { readonly kind: "state"; readonly from: string; readonly to: string; readonly rule: string }
    | { readonly kind: "event"; readonly name: string }
    | {
        readonly kind: "sip-out";
        readonly request: "register" | "unregister" | "wildcard";
        readonly callId: string;
        readonly cseq: number;
        readonly credentials: boolean;
        readonly destination: string;
        readonly detached: boolean;
      }
    | {
        readonly kind: "sip-in";
        readonly callId: string;
        readonly cseq: number;
        readonly outcome: "response" | "timeout" | "transport-error";
        readonly status: number | null;
        readonly detached: boolean;
      }
  );

/**
 * The `rule` of a run-log state change that no transition-table row decides: the record that took
 * a triple's place starts NOT_REGISTERED (D26a), and the run log says so as Status/Report does.
 */
export const REPLACEMENT_RULE = "replaced";

/**
 * The `rule` of the run-log state change of a record that continued its saved dialog as
 * REGISTERED (N11, N12): no transition-table row decides it either.
 */
export const RESUME_RULE = "resumed";

/** Where the engine writes its run log (engine/events implements it); off unless one is given. */
export interface RunLogSink {
  write(entry: RunLogEntry): void;
}

/** Hears which transition-table row decided each step of a record (no row for a stale outcome, G1). */
export type RuleTrace = (record: RunLogSubject, rowId: string) => void;

/** One REGISTER or unREGISTER exchange as an observer hears of it: no identity, only what it came to. */
export interface ExchangeSummary {
  readonly request: "register" | "unregister" | "wildcard";
  readonly outcome: "response" | "timeout" | "transport-error";
  /** The final response's code, with outcome "response". */
  readonly status: number | null;
  /** From handing the request to the transaction layer to its outcome (0 when it could not be sent). */
  readonly rttMs: number;
  /** The D26 unREGISTER of a record that is gone. */
  readonly detached: boolean;
}

/** A start-up load or a full reload of the table, as an observer hears of it. */
export interface LoadSummary {
  readonly kind: "start" | "reload";
  /** The store could not be read: nothing was loaded and the records in memory stay. */
  readonly failed: boolean;
  readonly loaded: number;
  readonly rejected: number;
  /** How long reading the store took. */
  readonly durationMs: number;
}

/**
 * Hears what the engine does, for metrics (engine/metrics implements it). Called synchronously
 * from the engine's steps: each method must be cheap; one that throws is logged and ignored.
 */
export interface RegistrantObserver {
  exchangeEnded(exchange: ExchangeSummary): void;
  loadFinished(load: LoadSummary): void;
}
