/**
 * Timelines (ARCHITECTURE.md layer 9): a run log, or Status/Report history, drawn as an HTML page
 * with an SVG picture. Used by the suite's reports and by `uacreg timeline`.
 */
export { timelineFromRunLog, type RunLogTimelineOptions } from "./from-run-log.js";
export { timelineFromStatusReports, type IdentifierReports, type StateReport } from "./from-status-reports.js";
export { renderTimelineHtml, type TimelinePage } from "./html.js";
export { escapeMarkup } from "./escape.js";
export { formatSeconds } from "./layout.js";
export type { LadderMessage, Lane, LaneMarker, StateSegment, TimelineModel, TimePoint } from "./model.js";
export { readTimelineInput, TimelineInputError, type TimelineRead, type TimelineSource } from "./read-input.js";
export { readRunLogLines, type SkippedLine } from "./run-log-input.js";
export { readStatusReports } from "./sr-reports-input.js";
export { renderTimelineSvg } from "./svg.js";
export { WHOLE_RUN, windowRunLog, windowStatusReports, type TimelineWindow } from "./window.js";
