/**
 * Status/Report of the records (spec §11): the group `uac_registrant`, one identifier per
 * record, its status (1 when REGISTERED, else -1) with the state name as text, and the last 20
 * reports with their Unix time.
 *
 * Stored compactly because every record carries one: each report is a single number,
 * `atSec * 16 + code` (code 0..9 = "state changed to <state>", 14 = "replaced with state
 * NOT_REGISTERED_STATE" (D26a), 15 = "created"), in a ring of 20 numbers allocated once (a double
 * array: 8 bytes a report; letting it grow by `push` would over-allocate to 41 slots), followed by
 * the count of reports ever added: one array per record and no object around it (40 bytes less a
 * record). Text is rendered only when asked for.
 */
import type { RecordId } from "../policy/record.js";
import { REGISTRANT_STATES, stateCode, stateFromCode, type RegistrantStateName } from "../policy/states.js";

export const SR_GROUP = "uac_registrant";
export const SR_REPORTS_MAX = 20;

const REPLACED = 14;
const CREATED = 15;
const CODE_SPAN = 16;

/**
 * The reports of one identifier; treat as opaque and change only through this module. Slots 0 to
 * SR_REPORTS_MAX - 1 hold packed reports (report n, 0-based, at n % SR_REPORTS_MAX); slot
 * SR_REPORTS_MAX (WRITTEN) holds how many reports were ever added.
 */
export type StatusLog = number[];

const WRITTEN = SR_REPORTS_MAX;

export interface StatusReport {
  readonly atSec: number;
  readonly text: string;
}

/** §11: `aor=<AOR>;contact=<binding URI>;registrar=<registrar URI>`, no escaping. */
export function srIdentifier(id: RecordId): string {
  return `aor=${id.aor};contact=${id.contact};registrar=${id.registrar}`;
}

/** §11: identifiers compare case-insensitively. */
export function sameSrIdentifier(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** §11: 1 (ready) only when REGISTERED; -1 otherwise (loading data and not ready share it). */
export function srStatus(state: RegistrantStateName): 1 | -1 {
  return state === "REGISTERED_STATE" ? 1 : -1;
}

/** A new identifier's log: `created with state NOT_REGISTERED_STATE` (§11, D23). */
export function createStatusLog(atSec: number): StatusLog {
  const log = new Array<number>(SR_REPORTS_MAX + 1).fill(0);
  log[0] = pack(atSec, CREATED);
  log[WRITTEN] = 1;
  return log;
}

/** Appends `state changed to <state>`, dropping the oldest report beyond 20. */
export function addStateReport(log: StatusLog, state: RegistrantStateName, atSec: number): void {
  append(log, pack(atSec, stateCode(state)));
}

/**
 * D26a: the record that now holds the identifier's triple replaced another and starts
 * NOT_REGISTERED. Unless the identifier reads NOT_REGISTERED_STATE already, adds `replaced with
 * state NOT_REGISTERED_STATE` and returns the state it read before; else adds nothing and
 * returns null (so a disabled row reloaded again and again adds nothing).
 */
export function reportReplacement(log: StatusLog, atSec: number): RegistrantStateName | null {
  const before = statusState(log);
  if (before === REGISTRANT_STATES[0]) return null;
  append(log, pack(atSec, REPLACED));
  return before;
}

/** The state the status shows: the last report's (created and replaced show NOT_REGISTERED_STATE). */
export function statusState(log: StatusLog): RegistrantStateName {
  const last = log[(written(log) - 1) % SR_REPORTS_MAX];
  const code = last === undefined ? CREATED : last % CODE_SPAN;
  return code === CREATED || code === REPLACED ? REGISTRANT_STATES[0] : stateFromCode(code);
}

/** The reports, oldest first, with their text (trailing newline included, as OpenSIPS writes it). */
export function renderReports(log: StatusLog): StatusReport[] {
  const count = Math.min(written(log), SR_REPORTS_MAX);
  const start = written(log) - count;
  const reports: StatusReport[] = [];
  for (let i = 0; i < count; i++) {
    const entry = log[(start + i) % SR_REPORTS_MAX]!;
    const code = entry % CODE_SPAN;
    const atSec = (entry - code) / CODE_SPAN;
    reports.push({ atSec, text: reportText(code) });
  }
  return reports;
}

function reportText(code: number): string {
  if (code === CREATED) return `created with state ${REGISTRANT_STATES[0]}\n`;
  if (code === REPLACED) return `replaced with state ${REGISTRANT_STATES[0]}\n`;
  return `state changed to ${stateFromCode(code)}\n`;
}

function written(log: StatusLog): number {
  return log[WRITTEN]!;
}

function append(log: StatusLog, packed: number): void {
  const count = written(log);
  log[count % SR_REPORTS_MAX] = packed;
  log[WRITTEN] = count + 1;
}

function pack(atSec: number, code: number): number {
  if (!Number.isSafeInteger(atSec) || atSec < 0) throw new RangeError(`report time must be whole seconds, got ${atSec}`);
  return atSec * CODE_SPAN + code;
}
