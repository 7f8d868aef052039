/**
 * Reads the JSON that OpenSIPS's `sr_list_reports` prints (for example saved with
 * `opensips-cli -x mi sr_list_reports uac_registrant > reports.json`) into state reports. Accepts
 * the list of identifiers `[{"Name", "Reports": [{"Timestamp", "Date", "Log"}]}]`, and the same
 * wrapped in groups `[{"Group", "Identifiers": [...]}]` (or one such object). Reports whose Log is
 * not a uac_registrant state line are skipped with their path and reason.
 */
import type { IdentifierReports, StateReport } from "./from-status-reports.js";
import { show, type SkippedLine } from "./run-log-input.js";
import { errorMessage } from "../errors.js";

export interface StatusReportsRead {
  readonly identifiers: IdentifierReports[];
  readonly skipped: SkippedLine[];
}

/** The reports of a uac_registrant identifier; `replaced with state` is uacreg's own (spec D26a). */
const STATE_LOG = /^(created with state|state changed to|replaced with state) ([A-Z_]+)\s*$/;

export function readStatusReports(json: unknown): StatusReportsRead {
  const skipped: SkippedLine[] = [];
  const identifiers: IdentifierReports[] = [];
  for (const { value, path } of identifierValues(json)) {
    try {
      identifiers.push(identifierOf(value, path, skipped));
    } catch (error) {
      skipped.push({ where: path, reason: errorMessage(error) });
    }
  }
  return { identifiers, skipped };
}

/** True when the JSON has the shape of sr_list_reports output rather than a run-log line. */
export function looksLikeStatusReports(json: unknown): boolean {
  const first = Array.isArray(json) ? json[0] : json;
  return typeof first === "object" && first !== null && ("Identifiers" in first || "Reports" in first || "Group" in first);
}

function identifierValues(json: unknown): { value: unknown; path: string }[] {
  const top = Array.isArray(json) ? json.map((value, i) => ({ value, path: `[${i}]` })) : [{ value: json, path: "" }];
  return top.flatMap(({ value, path }) => {
    if (typeof value === "object" && value !== null && "Identifiers" in value) {
      const inner = (value as { Identifiers: unknown }).Identifiers;
      if (!Array.isArray(inner)) return [{ value: inner, path: `${path}.Identifiers` }];
      return inner.map((identifier, i) => ({ value: identifier, path: `${path}.Identifiers[${i}]` }));
    }
    return [{ value, path }];
  });
}

function identifierOf(value: unknown, path: string, skipped: SkippedLine[]): IdentifierReports {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("must be an object with Name and Reports");
  const { Name: name, Reports: reports } = value as { Name?: unknown; Reports?: unknown };
  if (typeof name !== "string" || name === "") throw new Error(`Name: must be a non-empty string, got ${show(name)}`);
  if (!Array.isArray(reports)) throw new Error(`Reports: must be a list, got ${show(reports)}`);
  const states: StateReport[] = [];
  reports.forEach((report: unknown, i) => {
    try {
      states.push(reportOf(report));
    } catch (error) {
      skipped.push({ where: `${path}.Reports[${i}]`, reason: errorMessage(error) });
    }
  });
  return { name, reports: states.sort((a, b) => a.atSec - b.atSec) };
}

function reportOf(value: unknown): StateReport {
  if (typeof value !== "object" || value === null) throw new Error("must be an object with Timestamp and Log");
  const { Timestamp: timestamp, Log: log } = value as { Timestamp?: unknown; Log?: unknown };
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0) throw new Error(`Timestamp: must be Unix time in whole seconds, got ${show(timestamp)}`);
  if (typeof log !== "string") throw new Error(`Log: must be a string, got ${show(log)}`);
  const match = STATE_LOG.exec(log);
  if (match === null) throw new Error(`Log: not a uac_registrant state report ("created with state X", "state changed to X" or "replaced with state X"), got ${show(log)}`);
  return { atSec: timestamp as number, state: match[2]!, created: match[1] === "created with state" };
}
