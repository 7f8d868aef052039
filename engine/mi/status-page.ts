/**
 * The live status page (`GET /` of the management server): records by state at a glance, a
 * search by AOR, and the timeline of the last hour drawn by the timeline renderer from the
 * in-memory run-log ring. `?aor=` (repeatable), `?from=` and `?to=` are read as `uacreg timeline`
 * reads its options. A lane is drawn per record shown, quiet records included (a record with no
 * entry in a window that ends now is in the state the engine holds for it), up to a bound.
 */
import type { Clock } from "../clock.js";
import type { ListedRecord, RegistrantEngine, RunLogEntry, RunLogSubject, StateCount } from "../registrant/index.js";
import { REGISTRANT_STATES } from "../registrant/index.js";
import {
  escapeMarkup as esc,
  recordKey,
  renderTimelineHtml,
  timelineFromRunLog,
  TimelineOptionError,
  timelineWindowOf,
  windowRunLog,
  type TimelineWindow,
} from "../timeline/index.js";
import type { HttpAnswer, HttpPage } from "./http-server.js";

/** The `status_page` section of the configuration. */
export interface StatusPageOptions {
  /** Serve the page at `/`; default true. */
  readonly enabled?: boolean;
  /** Run-log entries kept in memory for it (engine/events RunLogRing); default 50000. */
  readonly ringEntries?: number;
  /** The default window: this many seconds back from now; default 3600. */
  readonly windowSec?: number;
  /** Most lanes drawn; default 50 (search by AOR to see others). */
  readonly maxLanes?: number;
  /** Most records listed under a search; default 100. */
  readonly maxRows?: number;
}

export const STATUS_PAGE_DEFAULTS = { windowSec: 3600, maxLanes: 50, maxRows: 100 } as const;

export interface StatusPageParts {
  readonly engine: Pick<RegistrantEngine, "census" | "list">;
  readonly ring: { entries(): RunLogEntry[]; readonly overwritten: number; readonly capacity: number };
  readonly clock: Clock;
  /** The node name, shown in the heading. */
  readonly node: string;
}

const HTML = "text/html; charset=utf-8";

/**
 * The `GET /` page handler: census, search by AOR and the timeline of the ring. Unset options
 * default to STATUS_PAGE_DEFAULTS (the last 3600 s, 50 lanes, 100 rows). A bad query is answered
 * 400; the page throws (rethrows) only an error that is not a TimelineOptionError, which is a bug.
 */
export function statusPage(parts: StatusPageParts, options: StatusPageOptions = {}): HttpPage {
  const windowSec = options.windowSec ?? STATUS_PAGE_DEFAULTS.windowSec;
  const maxLanes = options.maxLanes ?? STATUS_PAGE_DEFAULTS.maxLanes;
  const maxRows = options.maxRows ?? STATUS_PAGE_DEFAULTS.maxRows;
  return (url) => {
    const nowMs = parts.clock.now();
    const query = {
      aor: url.searchParams.getAll("aor").filter((text) => text.trim() !== ""),
      from: nonEmpty(url.searchParams.get("from")),
      to: nonEmpty(url.searchParams.get("to")),
    };
    let asked: TimelineWindow;
    try {
      asked = timelineWindowOf({ aor: query.aor, ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) });
    } catch (error) {
      if (!(error instanceof TimelineOptionError)) throw error;
      return badRequest(error.message.replace(/^--/, ""));
    }
    const toMs = asked.toMs ?? nowMs;
    const fromMs = asked.fromMs ?? toMs - windowSec * 1000;
    if (fromMs > toMs) return badRequest(`from ${new Date(fromMs).toISOString()} is after to ${new Date(toMs).toISOString()}`);
    const window: TimelineWindow = { aors: asked.aors, fromMs, toMs };
    const listed = parts.engine.list().Records;
    const matching = listed.filter((record) => matchesAor(window, record.AOR));
    const shown = windowRunLog(parts.ring.entries(), window);
    const endsNow = toMs >= nowMs;
    const lanes = chooseLanes(shown.earlierRecords, shown.entries, endsNow ? matching : [], maxLanes);
    const initialStates = new Map(shown.initialStates);
    // A record quiet in a window that ends now is, all through it, in the state the engine holds.
    if (endsNow) {
      for (const record of matching) {
        const key = recordKey(subjectOf(record));
        if (!initialStates.has(key) && !lanes.active.has(key)) initialStates.set(key, record.state);
      }
    }
    const entries = shown.entries.filter((entry) => lanes.kept.has(recordKey(entry)));
    const model = timelineFromRunLog(entries, { axis: "wall", records: lanes.records, initialStates, startMs: fromMs, endMs: toMs });
    const notes = [...model.notes];
    if (lanes.left > 0) notes.push(`${lanes.left} more record${lanes.left === 1 ? "" : "s"} not drawn (at most ${maxLanes} lanes): search by AOR to see them.`);
    if (parts.ring.overwritten > 0) notes.push(`The page keeps the last ${parts.ring.capacity} run-log entries; older ones are gone, so lanes may start in an assumed state.`);
    const page = renderTimelineHtml(
      // The message ladder only for a search: for every record of an hour it would be thousands of rows.
      { ...model, notes, ladder: window.aors.length > 0 ? model.ladder : [] },
      {
        title: `uacreg status — ${parts.node}`,
        facts: [
          `${new Date(nowMs).toISOString()}: ${listed.length} record${listed.length === 1 ? "" : "s"}.`,
          `Timeline from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}${window.aors.length > 0 ? `, records whose AOR contains ${window.aors.map((aor) => JSON.stringify(aor)).join(" or ")}` : ""}.`,
        ],
        preamble: summary(parts.engine.census()) + searchForm(query) + (window.aors.length > 0 ? recordsTable(matching, maxRows) : ""),
      },
    );
    return { status: 200, contentType: HTML, body: page };
  };
}

function nonEmpty(text: string | null): string | undefined {
  return text === null || text.trim() === "" ? undefined : text;
}

function matchesAor(window: TimelineWindow, aor: string): boolean {
  const lower = aor.toLowerCase();
  return window.aors.length === 0 || window.aors.some((text) => lower.includes(text.toLowerCase()));
}

const subjectOf = (record: ListedRecord): RunLogSubject => ({ aor: record.AOR, contact: record.binding, registrar: record.registrar });

/** Records with entries in the window first (their order of appearance), then quiet ones, up to `max`. */
function chooseLanes(earlier: readonly RunLogSubject[], entries: readonly RunLogEntry[], quiet: readonly ListedRecord[], max: number) {
  const active = new Set(entries.map(recordKey));
  const order = new Map<string, RunLogSubject>();
  for (const entry of entries) if (!order.has(recordKey(entry))) order.set(recordKey(entry), { aor: entry.aor, contact: entry.contact, registrar: entry.registrar });
  for (const subject of [...earlier, ...quiet.map(subjectOf)]) if (!order.has(recordKey(subject))) order.set(recordKey(subject), subject);
  const all = [...order.entries()];
  const kept = new Map(all.slice(0, max));
  return { kept, active, records: [...kept.values()], left: all.length - kept.size };
}

function badRequest(reason: string): HttpAnswer {
  return { status: 400, contentType: HTML, body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>uacreg status</title></head><body><p>Bad query: ${esc(reason)}</p><p><a href="?">the last hour</a></p></body></html>` };
}

function summary(census: readonly StateCount[]): string {
  const rows = REGISTRANT_STATES.map((state) => census.find((count) => count.state === state) ?? { state, enabled: 0, disabled: 0 }).filter(
    (count) => count.enabled + count.disabled > 0 || count.state === "REGISTERED_STATE",
  );
  const total = census.reduce((sum, count) => sum + count.enabled + count.disabled, 0);
  const body = rows.map((count) => `<tr data-state="${esc(count.state)}"><td>${esc(count.state)}</td><td class="n">${count.enabled}</td><td class="n">${count.disabled}</td></tr>`).join("\n");
  return `<style>${STYLE}</style>
<h2>Records by state</h2>
<table class="states" id="states">
<thead><tr><th>state</th><th>enabled</th><th>disabled</th></tr></thead>
<tbody>
${body}
</tbody>
<tfoot><tr><td>all</td><td class="n" colspan="2">${total}</td></tr></tfoot>
</table>`;
}

function searchForm(query: { aor: readonly string[]; from: string | undefined; to: string | undefined }): string {
  const field = (name: string, label: string, value: string | undefined, hint: string): string =>
    `<label>${esc(label)} <input name="${name}" id="${name}" value="${esc(value ?? "")}" placeholder="${esc(hint)}"></label>`;
  return `<form class="search" method="get" action="">
${field("aor", "AOR contains", query.aor[0], "sip:alice@")}
${field("from", "from", query.from, "2026-11-26T10:00:00Z")}
${field("to", "to", query.to, "now")}
<button type="submit" id="search">Show</button> <a href="?">the last hour, every record</a>
</form>`;
}

function recordsTable(records: readonly ListedRecord[], max: number): string {
  const rows = records.slice(0, max).map(
    (record) =>
      `<tr><td>${esc(record.AOR)}</td><td>${esc(record.state)}</td><td>${record.enabled}</td><td>${esc(record.binding)}</td><td>${esc(record.registrar)}</td><td>${esc(record.registration_t_out)}</td></tr>`,
  );
  const more = records.length > max ? `<p class="note">${records.length - max} more not listed.</p>` : "";
  return `<h2>Matching records (${records.length})</h2>
<table class="records" id="records">
<thead><tr><th>AOR</th><th>state</th><th>enabled</th><th>binding</th><th>registrar</th><th>next action</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>${more}`;
}

const STYLE = `
table.states, table.records { border-collapse: collapse; font-size: 13px; margin: 4px 0 12px; }
.states th, .states td, .records th, .records td { border-bottom: 1px solid #e3e7eb; padding: 2px 12px 2px 0; text-align: left; }
.states td.n { text-align: right; font-variant-numeric: tabular-nums; }
form.search { margin: 12px 0; }
form.search input { font: inherit; padding: 2px 6px; margin-right: 10px; width: 16em; }
`;
