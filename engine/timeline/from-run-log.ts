/**
 * Run log (engine/events/run-log.ts) -> timeline model: one lane per record triple in order of
 * first appearance, state segments from the state entries, markers from the SIP and event entries,
 * and, unless the caller has a better one (the simulator's transcript), a ladder made of the SIP
 * entries themselves.
 */
import { REGISTRANT_STATES, srIdentifier, type RunLogEntry, type RunLogSubject } from "../registrant/index.js";
import { comparePoints, recordSublines, type LadderMessage, type Lane, type LaneMarker, type StateSegment, type TimeAxisKind, type TimelineModel, type TimePoint } from "./model.js";
import { recordKey } from "./window.js";

export interface RunLogTimelineOptions {
  readonly axis: TimeAxisKind;
  /** Where the picture starts (the engine's start); default the first entry. */
  readonly startMs?: number;
  /** Where it ends (the end of the run); default the last entry. */
  readonly endMs?: number;
  /** The ladder to show instead of the one derived from the run log's SIP entries. */
  readonly ladder?: readonly LadderMessage[];
  /** Records that get a lane even if the log never mentions them, in this order, before any others. */
  readonly records?: readonly RunLogSubject[];
  /** The state of a record when the picture starts, by `recordKey` (window.ts), where it is known. */
  readonly initialStates?: ReadonlyMap<string, string>;
}

const INITIAL_STATE = REGISTRANT_STATES[0];
const REQUEST_LABEL = { register: "REGISTER", unregister: "unREGISTER", wildcard: "unREGISTER *" } as const;

/**
 * The timeline picture of run-log entries: a lane per record, the ladder of its SIP entries.
 * Defaults: it starts at the first entry and ends at the last, draws the ladder from the log, gives
 * lanes only to records the log mentions, and knows no state before the first entry. Does not throw.
 */
export function timelineFromRunLog(entries: readonly RunLogEntry[], options: RunLogTimelineOptions): TimelineModel {
  const firstMs = entries[0]?.atMs ?? options.startMs ?? 0;
  const start: TimePoint = { atMs: Math.min(options.startMs ?? firstMs, firstMs), seq: -1 };
  const lastMs = entries.reduce((max, entry) => Math.max(max, entry.atMs), start.atMs);
  const end: TimePoint = { atMs: Math.max(options.endMs ?? lastMs, lastMs), seq: entries.length };
  const initialStates = options.initialStates ?? new Map<string, string>();
  const groups = groupByRecord(entries, options.records ?? []);
  const lanes = [...groups].map(([subject, group]) => laneOf(subject, group, start, end, initialStates.get(recordKey(subject)) ?? null));
  const slots = [start, ...entries.flatMap((entry, seq) => (entry.kind === "event" ? [] : [{ atMs: entry.atMs, seq }])), end];
  return {
    axis: options.axis,
    start,
    end,
    lanes,
    slots: slots.sort(comparePoints),
    ladder: options.ladder ?? ladderOf(entries),
    notes: lanes.some((lane) => lane.segments[0]?.assumed === true)
      ? [`Records start at ${INITIAL_STATE}: the hatched stretch before a lane's first state change is that change's "from" state, not something the log recorded.`]
      : [],
  };
}

interface Numbered {
  readonly entry: RunLogEntry;
  readonly seq: number;
}

function groupByRecord(entries: readonly RunLogEntry[], records: readonly RunLogSubject[]): Map<RunLogSubject, Numbered[]> {
  const keys = new Map<string, RunLogSubject>();
  const groups = new Map<RunLogSubject, Numbered[]>();
  const groupOf = (subject: RunLogSubject): Numbered[] => {
    const key = recordKey(subject);
    const known = keys.get(key) ?? subject;
    keys.set(key, known);
    const group = groups.get(known) ?? [];
    groups.set(known, group);
    return group;
  };
  records.forEach(groupOf);
  entries.forEach((entry, seq) => groupOf(entry).push({ entry, seq }));
  return groups;
}

function laneOf(subject: RunLogSubject, group: readonly Numbered[], start: TimePoint, end: TimePoint, initialState: string | null): Lane {
  const segments: StateSegment[] = [];
  const firstChange = group.find(({ entry }) => entry.kind === "state")?.entry;
  let state = initialState ?? (firstChange?.kind === "state" ? firstChange.from : INITIAL_STATE);
  let since = start;
  let assumed = initialState === null;
  for (const { entry, seq } of group) {
    if (entry.kind !== "state") continue;
    const at = { atMs: entry.atMs, seq };
    segments.push({ state, from: since, to: at, assumed });
    state = entry.to;
    since = at;
    assumed = false;
  }
  segments.push({ state, from: since, to: end, assumed });
  return {
    id: srIdentifier(subject),
    label: subject.aor,
    sublines: recordSublines(subject),
    segments,
    markers: group.flatMap(({ entry, seq }) => markerOf(entry, { atMs: entry.atMs, seq })),
  };
}

function markerOf(entry: RunLogEntry, at: TimePoint): LaneMarker[] {
  switch (entry.kind) {
    case "state":
      return [];
    case "event":
      return [{ at, kind: "event", label: entry.name, detail: `event ${entry.name}`, status: null }];
    case "sip-out": {
      const label = `${REQUEST_LABEL[entry.request]}${entry.credentials ? " +auth" : ""}`;
      const detail = `${label} CSeq ${entry.cseq} to ${entry.destination}${entry.detached ? " (record gone)" : ""}`;
      return [{ at, kind: "request", label, detail, status: null }];
    }
    case "sip-in": {
      if (entry.outcome === "response") {
        const label = String(entry.status);
        return [{ at, kind: "response", label, detail: `${label} for CSeq ${entry.cseq}`, status: entry.status }];
      }
      const label = entry.outcome === "timeout" ? "timeout" : "transport error";
      return [{ at, kind: entry.outcome, label, detail: `${label}: no answer for CSeq ${entry.cseq}`, status: null }];
    }
  }
}

/** The engine's own view of what crossed the wire, for runs without a registrar transcript. */
function ladderOf(entries: readonly RunLogEntry[]): LadderMessage[] {
  const destinations = new Map<string, string>();
  const ladder: LadderMessage[] = [];
  for (const entry of entries) {
    const exchange = entry.kind === "sip-out" || entry.kind === "sip-in" ? `${entry.callId}\n${entry.cseq}` : null;
    if (entry.kind === "sip-out" && exchange !== null) {
      destinations.set(exchange, entry.destination);
      const auth = entry.credentials ? " with credentials" : "";
      ladder.push({ atMs: entry.atMs, client: entry.aor, server: entry.destination, toServer: true, summary: `${REQUEST_LABEL[entry.request]} CSeq ${entry.cseq}${auth}`, missing: false });
    } else if (entry.kind === "sip-in" && exchange !== null) {
      const server = destinations.get(exchange) ?? entry.registrar;
      const summary = entry.outcome === "response" ? `${entry.status} CSeq ${entry.cseq}` : `${entry.outcome === "timeout" ? "no answer (timeout)" : "transport error"} CSeq ${entry.cseq}`;
      ladder.push({ atMs: entry.atMs, client: entry.aor, server, toServer: false, summary, missing: entry.outcome !== "response" });
    }
  }
  return ladder;
}
