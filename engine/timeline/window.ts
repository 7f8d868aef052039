/**
 * Part of a long lab run, for `uacreg timeline --aor ... --from ... --to ...`: some records, some
 * stretch of time. A run of hours with many records is too wide and too tall to read whole (the
 * axis gives every message its own step), and an engineer chasing one trunk's problem wants that
 * trunk around that moment.
 *
 * What happened before the window still counts: the state a record was in when the window opens
 * is carried in, so its lane starts in that state rather than an assumed one.
 */
import type { RunLogEntry, RunLogSubject } from "../registrant/index.js";
import { identifierLabels, type IdentifierReports } from "./from-status-reports.js";

export interface TimelineWindow {
  /** Keep records whose AOR contains one of these (any case); empty keeps every record. */
  readonly aors: readonly string[];
  /** Epoch milliseconds, both ends included; null leaves that side open. */
  readonly fromMs: number | null;
  readonly toMs: number | null;
}

export const WHOLE_RUN: TimelineWindow = { aors: [], fromMs: null, toMs: null };

export interface WindowedRunLog {
  readonly entries: RunLogEntry[];
  /** The state each record was in when the window opened, by `recordKey`. */
  readonly initialStates: ReadonlyMap<string, string>;
  /** Records seen before the window, in order: they get a lane even if quiet inside it. */
  readonly earlierRecords: readonly RunLogSubject[];
}

/** The key `initialStates` uses: the record triple. */
export function recordKey(subject: RunLogSubject): string {
  return `${subject.aor}\n${subject.contact}\n${subject.registrar}`;
}

/**
 * The entries inside `window`, with the state each record was in when it opened and the records
 * seen before it (so that a record quiet inside the window still gets a lane).
 */
export function windowRunLog(entries: readonly RunLogEntry[], window: TimelineWindow): WindowedRunLog {
  const kept: RunLogEntry[] = [];
  const initialStates = new Map<string, string>();
  const earlier = new Map<string, RunLogSubject>();
  for (const entry of entries) {
    if (!selectsAor(window, entry.aor)) continue;
    if (window.fromMs !== null && entry.atMs < window.fromMs) {
      const key = recordKey(entry);
      if (!earlier.has(key)) earlier.set(key, { aor: entry.aor, contact: entry.contact, registrar: entry.registrar });
      if (entry.kind === "state") initialStates.set(key, entry.to);
      continue;
    }
    if (window.toMs !== null && entry.atMs > window.toMs) continue;
    kept.push(entry);
  }
  return { entries: kept, initialStates, earlierRecords: [...earlier.values()] };
}

/**
 * Status/Report histories cut the same way: an identifier's last report before the window becomes
 * its first report, at the window's start.
 */
export function windowStatusReports(identifiers: readonly IdentifierReports[], window: TimelineWindow): IdentifierReports[] {
  const fromSec = window.fromMs === null ? null : Math.floor(window.fromMs / 1000);
  const toSec = window.toMs === null ? null : window.toMs / 1000;
  return identifiers
    .filter((identifier) => selectsAor(window, identifierLabels(identifier.name).label))
    .map((identifier) => {
      const before = fromSec === null ? [] : identifier.reports.filter((report) => report.atSec < fromSec);
      const carried = before.at(-1);
      const inside = identifier.reports.filter((report) => (fromSec === null || report.atSec >= fromSec) && (toSec === null || report.atSec <= toSec));
      const reports = carried === undefined || fromSec === null ? inside : [{ ...carried, atSec: fromSec, carried: true as const }, ...inside];
      return { name: identifier.name, reports };
    })
    .filter((identifier) => identifier.reports.length > 0);
}

function selectsAor(window: TimelineWindow, text: string): boolean {
  if (window.aors.length === 0) return true;
  const lower = text.toLowerCase();
  return window.aors.some((aor) => lower.includes(aor.toLowerCase()));
}
