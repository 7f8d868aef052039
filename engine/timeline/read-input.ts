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
import { WHOLE_RUN, windowRunLog, windowStatusReports, type TimelineWindow } from "./window.js";

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

/**
 * Reads a run log or sr_list_reports JSON into a timeline, within `window` (default WHOLE_RUN);
 * `name` (the file name) is for messages only. Lines or reports it cannot use are skipped and
 * listed. Throws TimelineInputError when nothing usable is left, nothing falls in the window, or a
 * JSON list is not sr_list_reports output.
 */
export function readTimelineInput(text: string, name: string, window: TimelineWindow = WHOLE_RUN): TimelineRead {
  const document = wholeJson(text);
  if (document.parsed && looksLikeStatusReports(document.value)) {
    const { identifiers, skipped } = readStatusReports(document.value);
    const read = identifiers.reduce((sum, identifier) => sum + identifier.reports.length, 0);
    if (read === 0) throw new TimelineInputError(`${name}: no usable Status/Report entry${firstReasons(skipped)}`);
    const shown = windowStatusReports(identifiers, window);
    if (shown.length === 0) throw new TimelineInputError(`${name}: no identifier ${describeWindow(window)}`);
    return { source: "status-reports", model: withWindowNote(timelineFromStatusReports(shown), window), read, skipped };
  }
  if (text.trimStart().startsWith("[")) {
    const reason = document.parsed ? "a list whose items have no Name/Reports or Identifiers" : document.reason;
    throw new TimelineInputError(`${name}: looks like sr_list_reports JSON but is not: ${reason}`);
  }
  const { entries, skipped } = readRunLogLines(text);
  if (entries.length === 0) throw new TimelineInputError(`${name}: no usable run-log line${firstReasons(skipped)}`);
  const shown = windowRunLog(entries, window);
  if (shown.entries.length === 0 && shown.earlierRecords.length === 0) throw new TimelineInputError(`${name}: no record ${describeWindow(window)}`);
  const model = timelineFromRunLog(shown.entries, {
    axis: "wall",
    records: shown.earlierRecords,
    initialStates: shown.initialStates,
    ...(window.fromMs === null ? {} : { startMs: window.fromMs }),
    ...(window.toMs === null ? {} : { endMs: window.toMs }),
  });
  return { source: "run-log", model: withWindowNote(model, window), read: entries.length, skipped };
}

function withWindowNote(model: TimelineModel, window: TimelineWindow): TimelineModel {
  if (window.aors.length === 0 && window.fromMs === null && window.toMs === null) return model;
  const carried = window.fromMs === null ? "" : "; each lane starts in the state its record was in when the window opens";
  return { ...model, notes: [...model.notes, `Only part of the input is drawn: records ${describeWindow(window)}${carried}.`] };
}

/** `whose AOR contains "trunk" from 2026-11-26 10:00:00Z to ...`, for notes and errors. */
function describeWindow(window: TimelineWindow): string {
  const parts: string[] = [];
  if (window.aors.length > 0) parts.push(`whose AOR contains ${window.aors.map((aor) => JSON.stringify(aor)).join(" or ")}`);
  if (window.fromMs !== null) parts.push(`from ${new Date(window.fromMs).toISOString()}`);
  if (window.toMs !== null) parts.push(`to ${new Date(window.toMs).toISOString()}`);
  return parts.length === 0 ? "at all" : parts.join(" ");
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
