/**
 * A transcript drawn as a text ladder: peers on the left, the registrar's socket on the right,
 * one arrow per message, time in seconds since the first entry shown:
 *
 *   ladder from 2026-01-01T00:00:00.000Z
 *        +0.000s  udp:10.0.0.1:5060  ── REGISTER sip:example.org CSeq 1 (Contact 1) ──────▶  udp:10.0.0.2:5060
 *        +0.000s  udp:10.0.0.1:5060  ◀─ 401 Unauthorized CSeq 1 REGISTER (challenge MD5) ──  udp:10.0.0.2:5060
 */
import type { TranscriptEntry } from "./transcript-entry.js";

export interface LadderOptions {
  /** Arrow width in characters, the summary included. Default 72. */
  readonly width?: number;
  /** Entries the ring let go before the first one shown; noted on the first line. */
  readonly dropped?: number;
}

const DEFAULT_WIDTH = 72;

/**
 * The transcript as a text ladder; `options.width` defaults to 72 characters and `dropped` to 0
 * (nothing noted on the first line).
 */
export function formatLadder(entries: readonly TranscriptEntry[], options: LadderOptions = {}): string {
  const first = entries[0];
  if (first === undefined) return "(empty transcript)\n";
  const width = options.width ?? DEFAULT_WIDTH;
  const peerWidth = Math.max(...entries.map((e) => e.peer.length));
  const dropped = options.dropped ?? 0;
  const lines = [`ladder from ${new Date(first.atMs).toISOString()}${dropped > 0 ? ` (${dropped} earlier messages dropped)` : ""}`];
  for (const entry of entries) {
    const time = `+${((entry.atMs - first.atMs) / 1000).toFixed(3)}s`.padStart(10);
    lines.push(`${time}  ${entry.peer.padEnd(peerWidth)}  ${arrow(entry, width)}  ${entry.local}`);
  }
  return lines.join("\n") + "\n";
}

/** `── text ───▶` for what the peer sent us, `◀─ text ────` for what we sent it. */
function arrow(entry: TranscriptEntry, width: number): string {
  const text = ` ${entry.summary} `;
  const fill = "─".repeat(Math.max(2, width - text.length - 3));
  return entry.direction === "in" ? `──${text}${fill}▶` : `◀─${text}${fill}─`;
}
