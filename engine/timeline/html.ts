/**
 * Timeline model -> a self-contained HTML page: heading, legend, the SVG picture, the notes on how
 * to read it, and the message ladder beneath. No scripts, fonts or styles from elsewhere: the page
 * works offline and from a file:// URL.
 */
import { REGISTRANT_STATES } from "../registrant/index.js";
import { REQUEST_COLOUR, stateColour, STATUS_COLOURS, statusKind } from "./colours.js";
import { escapeMarkup as esc } from "../markup.js";
import { axisCaption, formatSeconds } from "./layout.js";
import { shortStateName, type LadderMessage, type TimelineModel } from "./model.js";
import { renderTimelineSvg } from "./svg.js";

export interface TimelinePage {
  readonly title: string;
  /** Lines under the title (feature, result, source file), shown as given. */
  readonly facts?: readonly string[];
  /** `passed` / `failed` colours the heading's badge; null shows none. */
  readonly outcome?: "passed" | "failed" | null;
  /** Markup placed under the facts, as given (the live status page's summary and search form); the caller escapes what it holds. */
  readonly preamble?: string;
}

/** The whole HTML page of a timeline; `page.facts` default to none, `outcome` to no badge, `preamble` to nothing. */
export function renderTimelineHtml(model: TimelineModel, page: TimelinePage): string {
  const badge = page.outcome == null ? "" : ` <span class="badge ${page.outcome}">${page.outcome}</span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(page.title)} — timeline</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(page.title)}${badge}</h1>
${(page.facts ?? []).map((fact) => `<p class="fact">${esc(fact)}</p>`).join("\n")}
${page.preamble ?? ""}
${legend(model)}
<div class="picture">${renderTimelineSvg(model)}</div>
<p class="note">${esc(axisCaption(model.axis))}</p>
${model.notes.map((note) => `<p class="note">${esc(note)}</p>`).join("\n")}
${ladderSection(model)}
</body>
</html>
`;
}

function legend(model: TimelineModel): string {
  const present = new Set(model.lanes.flatMap((lane) => lane.segments.map((segment) => segment.state)));
  const known: readonly string[] = REGISTRANT_STATES;
  const states = [...known.filter((state) => present.has(state)), ...[...present].filter((state) => !known.includes(state))];
  const swatches = states.map((state) => `<span class="swatch"><i style="background:${stateColour(state).fill}"></i>${esc(shortStateName(state))}</span>`);
  const markers = model.lanes.some((lane) => lane.markers.length > 0)
    ? [
        `<span class="swatch"><b style="color:${REQUEST_COLOUR}">▶</b>request sent</span>`,
        `<span class="swatch"><b style="color:${STATUS_COLOURS.success}">◀</b>answer (green 2xx, amber 401/407, red other, timeout)</span>`,
        `<span class="swatch"><b style="color:#555">◆</b>event raised (hover for its name)</span>`,
      ]
    : [];
  return `<p class="legend">${[...swatches, ...markers].join(" ")}</p>`;
}

function ladderSection(model: TimelineModel): string {
  if (model.ladder.length === 0) return "";
  const rows = model.ladder.map((message) => ladderRow(message, model));
  return `<h2>Messages (${model.ladder.length})</h2>
<table class="ladder">
<thead><tr><th>time</th><th>client</th><th></th><th>server</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

function ladderRow(message: LadderMessage, model: TimelineModel): string {
  const time = model.axis === "simulated" ? formatSeconds(message.atMs - model.start.atMs) : new Date(message.atMs).toISOString().replace("T", " ");
  const direction = message.missing ? "missing" : message.toServer ? "right" : `left ${answerClass(message.summary)}`;
  const arrow = message.missing ? `✕ ${esc(message.summary)}` : message.toServer ? `${esc(message.summary)} ──▶` : `◀── ${esc(message.summary)}`;
  return `<tr class="${direction}"><td class="time">${esc(time)}</td><td>${esc(message.client)}</td><td class="arrow">${arrow}</td><td>${esc(message.server)}</td></tr>`;
}

/** Answers are coloured like their markers (colours.ts): 2xx green, 401/407 amber, other final codes red. */
function answerClass(summary: string): string {
  const kind = statusKind(Number(/^(\d{3})\b/.exec(summary)?.[1] ?? 0));
  return kind === "provisional" ? "" : kind;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2630; background: #fff; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
.fact { margin: 2px 0; color: #444; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; vertical-align: middle; color: #fff; }
.badge.passed { background: #2e9b4f; }
.badge.failed { background: #d13c3c; }
.legend { margin: 14px 0 8px; }
.swatch { display: inline-block; margin: 0 14px 4px 0; white-space: nowrap; font-size: 12px; }
.swatch i { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 5px; border-radius: 2px; }
.swatch b { margin-right: 4px; }
.picture { overflow-x: auto; border: 1px solid #d5dbe1; border-radius: 4px; padding: 4px 0; }
.note { color: #555; font-size: 12px; max-width: 70em; margin: 6px 0; }
table.ladder { border-collapse: collapse; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.ladder th { text-align: left; font-weight: 600; border-bottom: 1px solid #ccc; padding: 2px 10px; }
.ladder td { padding: 1px 10px; white-space: nowrap; }
.ladder td.time { text-align: right; color: #555; }
.ladder tr.right td.arrow { color: ${REQUEST_COLOUR}; }
.ladder tr.left td.arrow { color: #555; text-align: right; }
.ladder tr.success td.arrow { color: ${STATUS_COLOURS.success}; }
.ladder tr.challenge td.arrow { color: ${STATUS_COLOURS.challenge}; }
.ladder tr.error td.arrow { color: ${STATUS_COLOURS.error}; }
.ladder tr.missing td.arrow { color: ${STATUS_COLOURS.error}; text-align: center; }
`;
