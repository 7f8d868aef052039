/**
 * Where each point of a timeline goes across the page.
 *
 * The axis is not linear, on purpose. A scenario spends milliseconds on a REGISTER/401/REGISTER/200
 * exchange and then sits quiet for 3,600 or 86,400 s; on a linear axis the exchange is a single
 * pixel. So every step from one slot (state change or SIP marker) to the next gets its own width:
 * a fixed minimum (so things in the same millisecond still stand apart, in order), plus a part that
 * grows with the logarithm of the quiet time. Long waits stay visibly longer than short ones, and
 * the exact times are on the tick labels and on the "+N s" label of each quiet stretch.
 */
import { comparePoints, type TimeAxisKind, type TimelineModel, type TimePoint } from "./model.js";

/** Width of a step between two slots, even in the same millisecond. */
export const STEP_PX = 16;
/** Extra width per decade of quiet seconds (1 s -> +33 px, 3,600 s -> +390 px). */
const DECADE_PX = 110;
/** The plot is at least this wide; short timelines are stretched to it. */
const MIN_PLOT_PX = 720;
/** Slots closer than this to the previous tick share its tick. */
const TICK_CLUSTER_MS = 1000;
const LABEL_CHAR_PX = 6.6;
/** Quiet stretches narrower than this carry no "+N s" label. */
const GAP_LABEL_MIN_PX = 70;

export interface Tick {
  readonly x: number;
  /** Null when the label would overlap the previous one. */
  readonly label: string | null;
}

export interface GapLabel {
  readonly x: number;
  readonly label: string;
}

export interface AxisLayout {
  readonly width: number;
  x(point: TimePoint): number;
  readonly ticks: readonly Tick[];
  readonly gaps: readonly GapLabel[];
}

/** `model.slots` must be sorted (as TimelineModel promises). */
export function layoutAxis(model: Pick<TimelineModel, "slots" | "axis" | "start">): AxisLayout {
  const slots = model.slots;
  const steps = slots.map((slot, i) => (i === 0 ? 0 : stepWidth(slot.atMs - slots[i - 1]!.atMs)));
  const natural = steps.reduce((sum, width) => sum + width, 0);
  const stretch = natural < MIN_PLOT_PX && natural > 0 ? MIN_PLOT_PX / natural : 1;
  const xs: number[] = [];
  steps.forEach((width, i) => xs.push((xs[i - 1] ?? 0) + width * stretch));
  const width = Math.max(xs.at(-1) ?? 0, MIN_PLOT_PX);

  /** A point that is not a slot (an event) sits at the last slot at or before it. */
  const x = (point: TimePoint): number => {
    let low = 0;
    let high = slots.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (comparePoints(slots[mid]!, point) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return xs[found] ?? 0;
  };

  return { width, x, ticks: ticksOf(slots, xs, model), gaps: gapsOf(slots, xs) };
}

function stepWidth(quietMs: number): number {
  return STEP_PX + (quietMs > 0 ? DECADE_PX * Math.log10(1 + quietMs / 1000) : 0);
}

function ticksOf(slots: readonly TimePoint[], xs: readonly number[], model: Pick<TimelineModel, "axis" | "start">): Tick[] {
  const ticks: Tick[] = [];
  let clusterMs = Number.NEGATIVE_INFINITY;
  let labelEnd = Number.NEGATIVE_INFINITY;
  let lastDay = "";
  slots.forEach((slot, i) => {
    if (slot.atMs - clusterMs < TICK_CLUSTER_MS) return;
    clusterMs = slot.atMs;
    const tickX = xs[i]!;
    const day = new Date(slot.atMs).toISOString().slice(0, 10);
    const text = model.axis === "simulated" ? formatSeconds(slot.atMs - model.start.atMs) : formatClock(slot.atMs, day !== lastDay);
    const halfWidth = (text.length * LABEL_CHAR_PX) / 2;
    const fits = tickX - halfWidth > labelEnd + 4;
    if (fits) {
      labelEnd = tickX + halfWidth;
      lastDay = day;
    }
    ticks.push({ x: tickX, label: fits ? text : null });
  });
  return ticks;
}

/** Each quiet stretch between two ticks, measured from tick to tick, labelled in the middle of the stretch. */
function gapsOf(slots: readonly TimePoint[], xs: readonly number[]): GapLabel[] {
  const gaps: GapLabel[] = [];
  let clusterStart = 0;
  slots.forEach((slot, i) => {
    if (i === 0 || slot.atMs - slots[clusterStart]!.atMs < TICK_CLUSTER_MS) return;
    const from = xs[i - 1]!;
    const to = xs[i]!;
    if (to - from >= GAP_LABEL_MIN_PX) gaps.push({ x: (from + to) / 2, label: `+${formatDuration(slot.atMs - slots[clusterStart]!.atMs)}` });
    clusterStart = i;
  });
  return gaps;
}

/** `3600 s`, `50.001 s`: simulated seconds, milliseconds only when there are some. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  const text = Number.isInteger(seconds) ? seconds.toLocaleString("en-US") : seconds.toLocaleString("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  return `${text} s`;
}

/** A quiet stretch: whole seconds once it is longer than a few. */
export function formatDuration(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000).toLocaleString("en-US")} s` : formatSeconds(ms);
}

/** UTC clock time; with the date on the first tick and when the day changes. */
export function formatClock(ms: number, withDate: boolean): string {
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 19);
  return withDate ? `${iso.slice(0, 10)} ${time}Z` : time;
}

/** How the reader should take the axis, given its kind. */
export function axisCaption(axis: TimeAxisKind): string {
  const unit = axis === "simulated" ? "simulated seconds since the engine started" : "UTC clock time";
  return `Time runs left to right in ${unit}. The axis is compressed: each quiet stretch is drawn on a logarithmic scale of its length and labelled with it ("+3,550 s"), and things in the same millisecond are drawn one step apart, in the order they happened.`;
}
