/**
 * A file given to `uacreg timeline` -> a timeline model. Tells a run log (JSON lines) from
 * sr_list_reports output (one JSON document) by its shape, reads it, and reports what it skipped.
 */
import { UacregError } from "../errors.js";
import { timelineFromRunLog } from "./from-run-log.js";
import { timelineFromStatusReports } from "./from-status-reports.js";
import type { TimelineModel } from "./model.js";
import { readRunLogLines, type SkippedLine } from "./run-log-input.js";
import { looksLikeStatusReports, readStatusReports } from "./sr-reports-input.js";

export class TimelineInputError extends UacregError {
  constructor(message: string) {
    super("timeline_input_invalid", "local", message);
  }
}

export type TimelineSource = "run-log" | "status-reports";

export interface TimelineRead {
  readonly source: TimelineSource;
  readonly model: TimelineModel;
  /** How many lines (run log) or reports (sr_list_reports) were read. */
  readonly read: number;
  readonly skipped: readonly SkippedLine[];
}

/** `name` is for messages only (the file name). */
export function readTimelineInput(text: string, name: string): TimelineRead {
  const document = wholeJson(text);
  if (document.parsed && looksLikeStatusReports(document.value)) {
    const { identifiers, skipped } = readStatusReports(document.value);
    const read = identifiers.reduce((sum, identifier) => sum + identifier.reports.length, 0);
    if (read === 0) throw new TimelineInputError(`${name}: no usable Status/Report entry${firstReasons(skipped)}`);
    return { source: "status-reports", model: timelineFromStatusReports(identifiers), read, skipped };
  }
  if (text.trimStart().startsWith("[")) {
    const reason = document.parsed ? "a list whose items have no Name/Reports or Identifiers" : document.reason;
    throw new TimelineInputError(`${name}: looks like sr_list_reports JSON but is not: ${reason}`);
  }
  const { entries, skipped } = readRunLogLines(text);
  if (entries.length === 0) throw new TimelineInputError(`${name}: no usable run-log line${firstReasons(skipped)}`);
  return { source: "run-log", model: timelineFromRunLog(entries, { axis: "wall" }), read: entries.length, skipped };
}

function wholeJson(text: string): { parsed: true; value: unknown } | { parsed: false; reason: string } {
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch (error) {
    return { parsed: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function firstReasons(skipped: readonly SkippedLine[]): string {
  if (skipped.length === 0) return " (the file is empty)";
  const shown = skipped.slice(0, 3).map((s) => `${s.where}: ${s.reason}`);
  return ` (${skipped.length} skipped; ${shown.join("; ")}${skipped.length > 3 ? "; ..." : ""})`;
}
