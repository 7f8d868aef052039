/**
 * Reading back a transcript file (`--transcript-file`), for `uacreg timeline`: one JSON object a
 * line, each checked field by field; a bad line is skipped with its line number and reason.
 */
import type { LadderEntry } from "./ladder-page.js";

export interface TranscriptFileRead {
  readonly entries: LadderEntry[];
  readonly skipped: Array<{ readonly line: number; readonly reason: string }>;
}

/** True when the first line that is not blank reads as a transcript entry (it has `direction` and `raw`). */
export function looksLikeTranscriptFile(text: string): boolean {
  const first = text.split("\n").find((line) => line.trim() !== "");
  if (first === undefined) return false;
  try {
    const value: unknown = JSON.parse(first);
    return typeof value === "object" && value !== null && "direction" in value && "raw" in value;
  } catch {
    return false;
  }
}

/**
 * The entries of a transcript file; a line that cannot be read is skipped and listed with its
 * number and reason, never thrown.
 */
export function readTranscriptFile(text: string): TranscriptFileRead {
  const entries: LadderEntry[] = [];
  const skipped: Array<{ line: number; reason: string }> = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const read = readEntry(line);
    if (typeof read === "string") skipped.push({ line: index + 1, reason: read });
    else entries.push(read);
  }
  return { entries, skipped };
}

function readEntry(line: string): LadderEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const v = value as Record<string, unknown>;
  if (typeof v.seq !== "number" || !Number.isInteger(v.seq)) return "seq is not a whole number";
  if (typeof v.atMs !== "number" || !Number.isFinite(v.atMs)) return "atMs is not a time in milliseconds";
  if (v.direction !== "in" && v.direction !== "out") return 'direction is not "in" or "out"';
  for (const field of ["peer", "local", "summary", "raw"] as const) if (typeof v[field] !== "string") return `${field} is not text`;
  if (v.why !== undefined && typeof v.why !== "string") return "why is not text";
  return {
    seq: v.seq,
    atMs: v.atMs,
    direction: v.direction,
    peer: v.peer as string,
    local: v.local as string,
    summary: v.summary as string,
    raw: v.raw as string,
    aor: typeof v.aor === "string" ? v.aor : null,
    ...(typeof v.why === "string" ? { why: v.why } : {}),
  };
}
