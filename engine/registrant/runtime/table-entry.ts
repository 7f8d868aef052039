/**
 * A record as the engine holds it in its bucket table: configuration, runtime, the SR log of
 * its identifier, and what `reg_list` shows about the last send (D18). One flat object per
 * record, no closures or maps (memory target: about 1 KiB per record).
 */
import type { RegistrantConfig, RegistrantRuntime } from "../policy/record.js";
import type { StatusLog } from "../views/status-report.js";
import type { SocketName } from "../../transport/index.js";

export interface TableEntry {
  readonly config: RegistrantConfig;
  /** Replaced by each state machine step (never edited in place). */
  runtime: RegistrantRuntime;
  /** The SR log of the record's identifier; it moves to a record that replaces this one (D23). */
  readonly log: StatusLog;
  /** IP of the destination last used (D18: `dst_IP`/`ip` in reg_list), or null before any send. */
  dstHost: string | null;
  /** Port of that destination: with `dstHost` and the socket's protocol, the flow a lost connection ends (D37). */
  dstPort: number | null;
  /**
   * D36 (dns_failover): the resolved target the record's next request tries first; it moves only
   * when a target fails. Absent until the first request with failover on: records without it pay nothing.
   */
  pin?: SocketName;
  /** `proto:ip:port` of the socket last sent from (or the forced one), or null. */
  socket: string | null;
  /**
   * Why the record left the table, or null while it is in it. Outcomes of its requests no longer
   * reach the state machine (within a record, the generation id drops stale ones: D15).
   * "retired": deleted, dropped by a reload or replaced by a disabled record, so its binding must
   * go and a request still in flight is finished detached (D26). "replaced": the record that took
   * its place owns the binding.
   */
  removal: "retired" | "replaced" | null;
  /** When the registrar's binding runs out (epoch ms), or null: what the dialog-state table keeps (N11, N12). */
  bindingExpiresMs: number | null;
  /** D28: when a dropped reply of this record was last logged; absent until the first (rare, so optional). */
  foreignReplyLoggedMs?: number;
}

export function createTableEntry(config: RegistrantConfig, runtime: RegistrantRuntime, log: StatusLog): TableEntry {
  return { config, runtime, log, dstHost: null, dstPort: null, socket: config.forcedSocket, removal: null, bindingExpiresMs: null };
}
