/**
 * Events out of the engine (ARCHITECTURE.md layer 9): the E_REGISTRANT_* event sinks (webhook,
 * JSON lines) with their filters and counters, and the run log that timelines are drawn from.
 */
export { createEventSinks, type EventSinkOptions, type EventSinks, type EventsOptions } from "./create-sinks.js";
export { eventNameSet, filteredSink } from "./event-filter.js";
export { eventRecord, type EventRecord } from "./event-record.js";
export { JsonLinesSink, type JsonLinesSinkOptions } from "./json-lines-sink.js";
export { jsonLinesRunLog, memoryRunLog } from "./run-log.js";
export { SinkConfigError } from "./sink-config-error.js";
export type { CountedSink, SinkCounters } from "./sink-counters.js";
export { retryDelayMs, WEBHOOK_DEFAULTS, WebhookSink, type WebhookSinkOptions } from "./webhook-sink.js";
export { RUN_LOG_RING_DEFAULT, RunLogRing, teeRunLog } from "./run-log-ring.js";
