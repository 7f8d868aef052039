/**
 * Reads a run log file (JSON lines, as engine/events/run-log.ts writes them) back into entries,
 * checking each line. A bad line is skipped with its line number and reason; the rest still count.
 */
import type { RunLogEntry } from "../registrant/index.js";
import { errorMessage } from "../errors.js";

export interface SkippedLine {
  /** 1-based line number, or the JSON path for a structured input. */
  readonly where: string;
  readonly reason: string;
}

export interface RunLogRead {
  readonly entries: RunLogEntry[];
  readonly skipped: SkippedLine[];
}

type Fields = Readonly<Record<string, unknown>>;

export function readRunLogLines(text: string): RunLogRead {
  const entries: RunLogEntry[] = [];
  const skipped: SkippedLine[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const where = `line ${index + 1}`;
    try {
      entries.push(runLogEntryOf(JSON.parse(line)));
    } catch (error) {
      skipped.push({ where, reason: error instanceof SyntaxError ? `not JSON (${error.message})` : errorMessage(error) });
    }
  });
  return { entries, skipped };
}

/** One parsed line -> an entry, or an Error naming the field and what is wrong with it. */
function runLogEntryOf(value: unknown): RunLogEntry {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("a run-log line must be a JSON object");
  const fields = value as Fields;
  const subject = { atMs: millis(fields, "atMs"), aor: text(fields, "aor"), contact: text(fields, "contact"), registrar: text(fields, "registrar") };
  const kind = fields["kind"];
  switch (kind) {
    case "state":
      return { ...subject, kind, from: text(fields, "from"), to: text(fields, "to"), rule: text(fields, "rule") };
    case "event":
      return { ...subject, kind, name: text(fields, "name") };
    case "sip-out":
      return {
        ...subject,
        kind,
        request: oneOf(fields, "request", ["register", "unregister", "wildcard"] as const),
        callId: text(fields, "callId"),
        cseq: count(fields, "cseq"),
        credentials: flag(fields, "credentials"),
        destination: text(fields, "destination"),
        detached: flag(fields, "detached"),
      };
    case "sip-in": {
      const outcome = oneOf(fields, "outcome", ["response", "timeout", "transport-error"] as const);
      const status = fields["status"];
      if (outcome === "response" && !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 699)) {
        throw new Error(`status: a response needs a status code 100-699, got ${show(status)}`);
      }
      return { ...subject, kind, callId: text(fields, "callId"), cseq: count(fields, "cseq"), outcome, status: outcome === "response" ? (status as number) : null, detached: flag(fields, "detached") };
    }
    default:
      throw new Error(`kind: must be state, event, sip-out or sip-in, got ${show(kind)}`);
  }
}

function millis(fields: Fields, name: string): number {
  const value = fields[name];
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new Error(`${name}: must be Unix time in milliseconds (a number, 0 or more), got ${show(value)}`);
  return value;
}

function text(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== "string" || value === "") throw new Error(`${name}: must be a non-empty string, got ${show(value)}`);
  return value;
}

function count(fields: Fields, name: string): number {
  const value = fields[name];
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error(`${name}: must be a whole number, 0 or more, got ${show(value)}`);
  return value as number;
}

function flag(fields: Fields, name: string): boolean {
  const value = fields[name];
  if (typeof value !== "boolean") throw new Error(`${name}: must be true or false, got ${show(value)}`);
  return value;
}

function oneOf<T extends string>(fields: Fields, name: string, allowed: readonly T[]): T {
  const value = fields[name];
  const match = allowed.find((option) => option === value);
  if (match === undefined) throw new Error(`${name}: must be one of ${allowed.join(", ")}, got ${show(value)}`);
  return match;
}

/** A value for an error message, short, so one bad line cannot flood the output. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

