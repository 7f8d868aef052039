/**
 * A transcript drawn as an HTML page with an SVG ladder: one lifeline per socket (the peers on
 * the left, the registrar's sockets on the right), one arrow per message with its summary, AOR
 * and, for a refusal, the reason; hovering an arrow shows the whole message. Used by `uacreg
 * timeline` for a transcript file and by the simulator's `/transcript` page.
 */
// The page escaping is one leaf function with no imports; drawing pages is the timeline's job.
import { escapeMarkup } from "../engine/markup.js";
import type { TranscriptEntry } from "./transcript-entry.js";

export interface LadderEntry extends TranscriptEntry {
  readonly aor?: string | null;
  readonly why?: string;
}

export interface LadderPageOptions {
  readonly title: string;
  /** Sentences shown under the title (what was read, what was left out). */
  readonly facts?: readonly string[];
}

/** Arrows drawn at most; a longer transcript shows its last ones and says so. */
export const LADDER_ARROWS_MAX = 2000;
/** Peers with a lifeline each; the rest share one. */
const PEER_LANES_MAX = 12;
const LANE_GAP = 260;
const ROW = 30;
const LEFT = 110;
const TOP = 50;

/**
 * The HTML page of a transcript's ladder, its last LADDER_ARROWS_MAX messages at most;
 * `options.facts` default to none.
 */
export function renderLadderPage(all: readonly LadderEntry[], options: LadderPageOptions): string {
  const entries = all.slice(-LADDER_ARROWS_MAX);
  const facts = [...(options.facts ?? [])];
  if (entries.length < all.length) facts.push(`Showing the last ${entries.length} of ${all.length} messages.`);
  const lanes = laneNames(entries);
  const width = LEFT + Math.max(1, lanes.length - 1) * LANE_GAP + 60;
  const height = TOP + entries.length * ROW + 20;
  const x = (name: string): number => LEFT + (lanes.indexOf(lanes.includes(name) ? name : OTHER) * LANE_GAP);
  const first = entries[0]?.atMs ?? 0;
  const heads = lanes.map((name) => `<g class="lane"><text x="${x(name)}" y="20" text-anchor="middle">${escapeMarkup(name)}</text><line x1="${x(name)}" y1="28" x2="${x(name)}" y2="${height}" /></g>`);
  const arrows = entries.map((entry, row) => arrow(entry, TOP + row * ROW, x(entry.peer), x(entry.local), first));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(options.title)}</title>
<style>
body { font: 13px system-ui, sans-serif; margin: 16px; }
svg text { font: 12px ui-monospace, monospace; }
.lane line { stroke: #999; stroke-dasharray: 4 3; }
.msg line { stroke-width: 1.5; }
.msg.in line { stroke: #1f5fbf; } .msg.in polygon { fill: #1f5fbf; }
.msg.out line { stroke: #2e7d32; } .msg.out polygon { fill: #2e7d32; }
.msg.refusal line { stroke: #c62828; } .msg.refusal polygon { fill: #c62828; } .msg.refusal text.label { fill: #c62828; }
.time { fill: #666; }
</style></head>
<body>
<h1>${escapeMarkup(options.title)}</h1>
${facts.map((fact) => `<p>${escapeMarkup(fact)}</p>`).join("\n")}
<p>${entries.length} message${entries.length === 1 ? "" : "s"}; hover an arrow for the whole message.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" data-messages="${entries.length}">
${heads.join("\n")}
${arrows.join("\n")}
</svg>
</body></html>
`;
}

const OTHER = "other peers";

/** Peers in order of first appearance (capped), then the registrar's sockets. */
function laneNames(entries: readonly LadderEntry[]): string[] {
  const peers: string[] = [];
  const locals: string[] = [];
  for (const entry of entries) {
    if (!peers.includes(entry.peer) && !locals.includes(entry.peer)) peers.push(entry.peer);
    if (!locals.includes(entry.local)) locals.push(entry.local);
  }
  const shown = peers.length > PEER_LANES_MAX ? [...peers.slice(0, PEER_LANES_MAX - 1), OTHER] : peers;
  return [...shown, ...locals];
}

function arrow(entry: LadderEntry, y: number, peerX: number, localX: number, firstMs: number): string {
  const [fromX, toX] = entry.direction === "in" ? [peerX, localX] : [localX, peerX];
  const tip = toX > fromX ? -8 : 8;
  const refusal = entry.direction === "out" && /^[3-6]\d\d /.test(entry.summary) ? " refusal" : "";
  const label = [entry.summary, entry.aor ?? null, entry.why === undefined ? null : `— ${entry.why}`].filter((part) => part !== null).join(" ");
  const time = `+${((entry.atMs - firstMs) / 1000).toFixed(3)}s`;
  const mid = (fromX + toX) / 2;
  return `<g class="msg ${entry.direction}${refusal}" data-seq="${entry.seq}"><title>${escapeMarkup(entry.raw)}</title>` +
    `<text class="time" x="4" y="${y + 4}">${time}</text>` +
    `<text class="label" x="${mid}" y="${y - 4}" text-anchor="middle">${escapeMarkup(label)}</text>` +
    `<line x1="${fromX}" y1="${y}" x2="${toX}" y2="${y}" />` +
    `<polygon points="${toX},${y} ${toX + tip},${y - 4} ${toX + tip},${y + 4}" /></g>`;
}
