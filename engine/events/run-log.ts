/**
 * The run log sink (ARCHITECTURE.md layer 9): one JSON line per state change, event and SIP
 * exchange summary, with its time, in the order they happened. Timelines are drawn from it. The
 * engine writes it only when given one (EngineDeps.runLog); entries never hold credentials (D16).
 */
import type { RunLogEntry, RunLogSink } from "../registrant/index.js";

/** A sink that hands each entry, as one JSON line without its newline, to `writeLine`. */
export function jsonLinesRunLog(writeLine: (line: string) => void): RunLogSink {
  return { write: (entry) => writeLine(JSON.stringify(entry)) };
}

/** A run log kept in memory (tests, timelines of short runs). */
export function memoryRunLog(): RunLogSink & { readonly lines: string[]; entries(): RunLogEntry[] } {
  const lines: string[] = [];
  const sink = jsonLinesRunLog((line) => lines.push(line));
  return { ...sink, lines, entries: () => lines.map((line) => JSON.parse(line) as RunLogEntry) };
}
