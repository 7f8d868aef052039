/**
 * Timeline model -> SVG. One lane per registrant: its states as coloured segments on a bar, its
 * requests (▶, blue) and answers (◀, coloured by class) as markers with their label above the bar,
 * and its events as small diamonds under it. Elements carry data-* attributes (data-lane,
 * data-state, data-marker) so that tests can read the picture through the DOM.
 */
import { markerColour, stateColour } from "./colours.js";
import { escapeMarkup as esc } from "../markup.js";
import { formatClock, formatSeconds, layoutAxis, type AxisLayout } from "./layout.js";
import { shortStateName, type Lane, type LaneMarker, type StateSegment, type TimelineModel, type TimePoint } from "./model.js";

const LABEL_COLUMN = 250;
const PLOT_X = LABEL_COLUMN + 24;
const RIGHT_PAD = 90;
const AXIS_HEIGHT = 52;
const BAR_HEIGHT = 26;
const SEGMENT_CHAR_PX = 7;
/** Long URIs are cut in the label column; the full text is in the tooltip. */
const LABEL_CHARS = 34;
const SUBLABEL_CHARS = 42;

/** Within a lane: marker labels above the bar, the bar, events under it; no room for labels when nothing has one. */
interface LaneGeometry {
  readonly height: number;
  readonly barTop: number;
}

const WITH_MARKERS: LaneGeometry = { height: 128, barTop: 78 };
const STATES_ONLY: LaneGeometry = { height: 64, barTop: 16 };

export function renderTimelineSvg(model: TimelineModel): string {
  const axis = layoutAxis(model);
  const geometry = model.lanes.some((lane) => lane.markers.length > 0) ? WITH_MARKERS : STATES_ONLY;
  const laneHeight = geometry.height;
  const width = Math.ceil(PLOT_X + axis.width + RIGHT_PAD);
  const lanesHeight = Math.max(model.lanes.length, 1) * laneHeight;
  const height = AXIS_HEIGHT + lanesHeight + 8;
  const at = (point: TimePoint): number => PLOT_X + axis.x(point);
  const body = [
    defs(),
    axisGroup(axis, AXIS_HEIGHT + lanesHeight),
    ...model.lanes.map((lane, i) => laneGroup(lane, i, width, geometry, at, model)),
    model.lanes.length === 0 ? `<text x="${PLOT_X}" y="${AXIS_HEIGHT + 40}" fill="#555">No registrant appeared in this run.</text>` : "",
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"`,
    ` aria-label="registrant states over time, ${model.lanes.length} lane(s)" data-timeline="${model.axis}" data-lanes="${model.lanes.length}"`,
    ` font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">\n`,
    body.filter((part) => part !== "").join("\n"),
    "\n</svg>",
  ].join("");
}

function defs(): string {
  return [
    "<defs>",
    `<pattern id="assumed-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><rect width="4" height="8" fill="#ffffff" fill-opacity="0.6"/></pattern>`,
    "</defs>",
  ].join("");
}

function axisGroup(axis: AxisLayout, bottom: number): string {
  const parts = [`<g class="axis">`, `<line x1="${PLOT_X}" y1="${AXIS_HEIGHT - 6}" x2="${PLOT_X + axis.width}" y2="${AXIS_HEIGHT - 6}" stroke="#888"/>`];
  for (const tick of axis.ticks) {
    const x = PLOT_X + tick.x;
    parts.push(`<line x1="${x}" y1="${AXIS_HEIGHT - 10}" x2="${x}" y2="${bottom}" stroke="#d5dbe1" stroke-dasharray="${tick.label === null ? "2 4" : "none"}"/>`);
    if (tick.label !== null) parts.push(`<text x="${x}" y="16" text-anchor="middle" font-weight="600" fill="#222">${esc(tick.label)}</text>`);
  }
  for (const gap of axis.gaps) parts.push(`<text x="${PLOT_X + gap.x}" y="36" text-anchor="middle" fill="#6b7785" font-style="italic" font-size="11">${esc(gap.label)}</text>`);
  parts.push("</g>");
  return parts.join("\n");
}

function laneGroup(lane: Lane, index: number, width: number, geometry: LaneGeometry, at: (point: TimePoint) => number, model: TimelineModel): string {
  const top = AXIS_HEIGHT + index * geometry.height;
  const barTop = geometry.barTop;
  const parts = [
    `<g class="lane" data-lane="${esc(lane.label)}" data-lane-id="${esc(lane.id)}" transform="translate(0 ${top})">`,
    `<title>${esc(lane.id)}</title>`,
    index > 0 ? `<line x1="0" y1="0" x2="${width}" y2="0" stroke="#c9d1d9"/>` : "",
    `<text x="8" y="${barTop + 10}" font-weight="700" font-size="13" fill="#111">${esc(cut(lane.label, LABEL_CHARS))}</text>`,
    ...lane.sublines.map((part, i) => `<text x="8" y="${barTop + 26 + i * 13}" font-size="10" fill="#555">${esc(cut(part, SUBLABEL_CHARS))}</text>`),
    ...lane.segments.map((segment) => segmentShape(segment, barTop, at, model)),
    ...lane.markers.map((marker) => markerShape(marker, barTop, at, model)),
    "</g>",
  ];
  return parts.filter((part) => part !== "").join("\n");
}

function segmentShape(segment: StateSegment, barTop: number, at: (point: TimePoint) => number, model: TimelineModel): string {
  const x = at(segment.from);
  const width = Math.max(at(segment.to) - x, 0);
  const colour = stateColour(segment.state);
  const name = shortStateName(segment.state);
  const tooltip = `${segment.state}${segment.assumed ? " (assumed: before the first logged change)" : ""}, ${timeText(segment.from, model)} to ${timeText(segment.to, model)}`;
  const parts = [
    `<g class="segment" data-state="${esc(segment.state)}" data-assumed="${segment.assumed}" data-from-ms="${segment.from.atMs}" data-to-ms="${segment.to.atMs}">`,
    `<title>${esc(tooltip)}</title>`,
    `<rect x="${x}" y="${barTop}" width="${width}" height="${BAR_HEIGHT}" fill="${colour.fill}" stroke="#ffffff" stroke-width="1"/>`,
    segment.assumed ? `<rect x="${x}" y="${barTop}" width="${width}" height="${BAR_HEIGHT}" fill="url(#assumed-hatch)"/>` : "",
    width >= name.length * SEGMENT_CHAR_PX + 8 ? `<text x="${x + width / 2}" y="${barTop + BAR_HEIGHT / 2 + 4}" text-anchor="middle" font-size="11" font-weight="600" fill="${colour.text}">${esc(name)}</text>` : "",
    "</g>",
  ];
  return parts.filter((part) => part !== "").join("");
}

function markerShape(marker: LaneMarker, barTop: number, at: (point: TimePoint) => number, model: TimelineModel): string {
  const x = at(marker.at);
  const colour = markerColour(marker);
  const attributes = `class="marker" data-marker="${marker.kind}" data-label="${esc(marker.label)}"`;
  const title = `<title>${esc(`${timeText(marker.at, model)}: ${marker.detail}`)}</title>`;
  if (marker.kind === "event") {
    const y = barTop + BAR_HEIGHT + 10;
    return `<g ${attributes}>${title}<path d="M ${x} ${y - 5} L ${x + 5} ${y} L ${x} ${y + 5} L ${x - 5} ${y} Z" fill="${colour}"/></g>`;
  }
  const head = marker.kind === "request" ? `M ${x - 5} ${barTop - 11} L ${x + 4} ${barTop - 6} L ${x - 5} ${barTop - 1} Z` : `M ${x + 5} ${barTop - 11} L ${x - 4} ${barTop - 6} L ${x + 5} ${barTop - 1} Z`;
  return [
    `<g ${attributes}>${title}`,
    `<line x1="${x}" y1="${barTop - 6}" x2="${x}" y2="${barTop + BAR_HEIGHT}" stroke="${colour}" stroke-width="2"/>`,
    `<path d="${head}" fill="${colour}"/>`,
    `<text x="${x + 2}" y="${barTop - 14}" transform="rotate(-55 ${x + 2} ${barTop - 14})" font-size="10.5" font-weight="600" fill="${colour}">${esc(marker.label)}</text>`,
    "</g>",
  ].join("");
}

function timeText(point: TimePoint, model: TimelineModel): string {
  return model.axis === "simulated" ? formatSeconds(point.atMs - model.start.atMs) : formatClock(point.atMs, true);
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}
