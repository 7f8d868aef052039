/**
 * Status/Report history (what `sr_list_reports` shows for the uac_registrant group) -> a reduced
 * timeline model: states only, one lane per identifier, no SIP markers and no ladder. The reports
 * carry whole seconds, so changes within one second keep their order but not their spacing.
 */
import { comparePoints, recordSublines, type Lane, type StateSegment, type TimelineModel, type TimePoint } from "./model.js";

export interface StateReport {
  readonly atSec: number;
  readonly state: string;
  /** `created with state ...` rather than `state changed to ...`. */
  readonly created: boolean;
  /** The last report before a window (window.ts), moved to the window's start. */
  readonly carried?: true;
}

export interface IdentifierReports {
  /** The identifier: `aor=<AOR>;contact=<binding>;registrar=<registrar>` for uac_registrant. */
  readonly name: string;
  readonly reports: readonly StateReport[];
}

export function timelineFromStatusReports(identifiers: readonly IdentifierReports[]): TimelineModel {
  let seq = 0;
  const numbered = identifiers.map((identifier) => ({
    identifier,
    points: identifier.reports.map((report) => ({ report, at: { atMs: report.atSec * 1000, seq: seq++ } })),
  }));
  const all = numbered.flatMap(({ points }) => points.map(({ at }) => at)).sort(comparePoints);
  const start: TimePoint = all[0] ?? { atMs: 0, seq: -1 };
  const end: TimePoint = { atMs: all.at(-1)?.atMs ?? 0, seq };
  const lanes = numbered.map(({ identifier, points }): Lane => {
    const segments: StateSegment[] = points.map(({ report, at }, i) => ({ state: report.state, from: at, to: points[i + 1]?.at ?? end, assumed: false }));
    return { id: identifier.name, ...identifierLabels(identifier.name), segments, markers: [] };
  });
  const cut = identifiers.filter((identifier) => identifier.reports[0]?.created === false && identifier.reports[0].carried !== true).map((identifier) => identifierLabels(identifier.name).label);
  const notes = ["Drawn from Status/Report history: states only, at whole seconds; no SIP messages."];
  if (cut.length > 0) notes.push(`OpenSIPS keeps the last 20 reports of an identifier; older ones are gone for ${cut.join(", ")}, so those lanes start at the oldest report kept.`);
  return { axis: "wall", start, end, lanes, slots: [...all, end], ladder: [], notes };
}

/** `aor=...;contact=...;registrar=...` -> the AOR as label; any other identifier as it is. */
export function identifierLabels(name: string): { readonly label: string; readonly sublines: readonly string[] } {
  const match = /^aor=(.*);contact=(.*);registrar=(.*)$/.exec(name);
  if (match === null) return { label: name, sublines: [] };
  return { label: match[1]!, sublines: recordSublines({ contact: match[2]!, registrar: match[3]! }) };
}
