/**
 * The timeline model: what a timeline page shows, independent of how it is drawn. One lane per
 * registrant (record triple or Status/Report identifier) with its state segments and its SIP
 * markers, plus the message ladder. Both the suite's reports and `uacreg timeline` build this model
 * and hand it to the one renderer (svg.ts, html.ts).
 *
 * Time is kept as points (`atMs`, `seq`): `seq` orders things that happened in the same
 * millisecond (a REGISTER, its 401 and the next REGISTER often do), so the drawing can spread them.
 */

/** Milliseconds plus the order of what happened within them. */
export interface TimePoint {
  readonly atMs: number;
  readonly seq: number;
}

/** `simulated`: seconds since the start of a fake-clock run; `wall`: UTC clock time of a real run. */
export type TimeAxisKind = "simulated" | "wall";

export interface StateSegment {
  /** The state name as the log wrote it (`REGISTERED_STATE`). */
  readonly state: string;
  readonly from: TimePoint;
  readonly to: TimePoint;
  /** The log did not show this state; it is inferred (the stretch before a lane's first change). */
  readonly assumed: boolean;
}

export type MarkerKind = "request" | "response" | "timeout" | "transport-error" | "event";

export interface LaneMarker {
  readonly at: TimePoint;
  readonly kind: MarkerKind;
  /** Short text drawn next to the marker (`REGISTER`, `401`, `timeout`). */
  readonly label: string;
  /** The full story, shown on hover and read by tests. */
  readonly detail: string;
  /** For responses: the status code, so the drawing can colour 2xx/4xx/5xx. */
  readonly status: number | null;
}

export interface Lane {
  /** The lane's identity: the record triple or the Status/Report identifier. */
  readonly id: string;
  /** What people call it: the AOR. */
  readonly label: string;
  /** Lines under the label, drawn one per line: binding and registrar when known (`recordSublines`). */
  readonly sublines: readonly string[];
  readonly segments: readonly StateSegment[];
  readonly markers: readonly LaneMarker[];
}

/** One message of the ladder beneath the picture, between a client (left) and a server (right). */
export interface LadderMessage {
  readonly atMs: number;
  readonly client: string;
  readonly server: string;
  /** True when the client sent it (a request), false when the server did (a response). */
  readonly toServer: boolean;
  readonly summary: string;
  /** Something that did not cross the wire (a timeout, a transport error) rather than a message. */
  readonly missing: boolean;
}

export interface TimelineModel {
  readonly axis: TimeAxisKind;
  /** Time zero of a simulated axis; the left edge of a wall-clock one. */
  readonly start: TimePoint;
  readonly end: TimePoint;
  readonly lanes: readonly Lane[];
  /**
   * The points the drawing spaces out: every state change and SIP marker, plus start and end.
   * Sorted by `comparePoints`; builders keep them so, and the layout relies on it.
   */
  readonly slots: readonly TimePoint[];
  readonly ladder: readonly LadderMessage[];
  /** Sentences for the reader about what the picture assumes or leaves out. */
  readonly notes: readonly string[];
}

export function comparePoints(a: TimePoint, b: TimePoint): number {
  return a.atMs - b.atMs || a.seq - b.seq;
}

/** The lines under a record's label: its binding, then its registrar. */
export function recordSublines(record: { readonly contact: string; readonly registrar: string }): string[] {
  return [`contact ${record.contact}`, `registrar ${record.registrar}`];
}

/** `REGISTERED_STATE` -> `REGISTERED`: what fits in a segment. */
export function shortStateName(state: string): string {
  return state.endsWith("_STATE") ? state.slice(0, -"_STATE".length) : state;
}
