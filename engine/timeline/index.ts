/**
 * Timelines (ARCHITECTURE.md layer 9): a run log, or Status/Report history, drawn as an HTML page
 * with an SVG picture. Used by the suite's reports and by `uacreg timeline`.
 */
export { timelineFromRunLog, type RunLogTimelineOptions } from "./from-run-log.js";
export { renderTimelineHtml } from "./html.js";
export { escapeMarkup } from "../markup.js";
export { formatSeconds } from "./layout.js";
export type { LadderMessage, TimelineModel } from "./model.js";
export { readTimelineInput, type TimelineRead } from "./read-input.js";
export { recordKey, WHOLE_RUN, windowRunLog, type TimelineWindow, type WindowedRunLog } from "./window.js";
export { TimelineOptionError, timelineWindowOf } from "./window-options.js";
export type { TimelinePage } from "./html.js";
