/**
 * Timelines (ARCHITECTURE.md layer 9): a run log, or Status/Report history, drawn as an HTML page
 * with an SVG picture. Used by the suite's reports and by `uacreg timeline`.
 */
export { timelineFromRunLog } from "./from-run-log.js";
export { renderTimelineHtml } from "./html.js";
export { escapeMarkup } from "../markup.js";
export { formatSeconds } from "./layout.js";
export type { LadderMessage, TimelineModel } from "./model.js";
export { readTimelineInput, type TimelineRead } from "./read-input.js";
export { WHOLE_RUN, type TimelineWindow } from "./window.js";
