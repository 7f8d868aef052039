/**
 * The `mi`, `events`, `metrics` and `status_page` sections of a lab configuration, turned into the
 * options of the management server, the event sinks, the metrics and the status page (their own
 * names, camelCase). The server runs only when the file has an `mi` section, so two services on
 * one machine never fight over port 8888 unless asked to.
 */
import type { EventSinkOptions, EventsOptions } from "../events/index.js";
import type { MetricsOptions } from "../metrics/index.js";
import { checkMiOptions, MiConfigError, type MiServerOptions, type StatusPageOptions } from "../mi/index.js";
import type { PathProblem } from "../yaml/index.js";
import type { EventsSection, LabConfig, MiSection, MetricsSection, StatusPageSection } from "./types.js";

export interface ManagementSections {
  /** null: no `mi` section, or `enabled: false`; no HTTP server. */
  readonly mi: MiServerOptions | null;
  readonly events: EventsOptions;
  readonly metrics: MetricsOptions;
  readonly statusPage: StatusPageOptions;
}

/** The sections as options; a problem the schema cannot see (a token off loopback) goes to `problems`. */
export function managementSections(config: LabConfig, problems: PathProblem[]): ManagementSections {
  return { mi: miOptions(config.mi, problems), events: eventsOptions(config.events), metrics: metricsOptions(config.metrics), statusPage: statusPageOptions(config.status_page) };
}

const MI_FIELDS: Readonly<Record<string, string>> = { host: "host", port: "port", path: "path", token: "token", maxBodyBytes: "max_body_bytes" };

function miOptions(section: MiSection | undefined, problems: PathProblem[]): MiServerOptions | null {
  if (section === undefined || section.enabled === false) return null;
  const options: MiServerOptions = {
    ...(section.host === undefined ? {} : { host: section.host }),
    ...(section.port === undefined ? {} : { port: section.port }),
    ...(section.path === undefined ? {} : { path: section.path }),
    ...(section.token === undefined ? {} : { token: section.token }),
    ...(section.max_body_bytes === undefined ? {} : { maxBodyBytes: section.max_body_bytes }),
  };
  try {
    checkMiOptions(options);
  } catch (error) {
    if (!(error instanceof MiConfigError)) throw error;
    problems.push({ path: `/mi/${MI_FIELDS[error.option] ?? error.option}`, reason: error.message.replace(/^mi\.\w+: /, "") });
  }
  return options;
}

function eventsOptions(section: EventsSection | undefined): EventsOptions {
  const sinks = (section?.sinks ?? []).map((sink): EventSinkOptions => {
    const common = { ...(sink.name === undefined ? {} : { name: sink.name }), ...(sink.events === undefined ? {} : { events: sink.events }) };
    if (sink.type === "jsonl") return { type: "jsonl", path: sink.path, ...common };
    return {
      type: "webhook",
      url: sink.url,
      ...common,
      ...(sink.batch_size === undefined ? {} : { batchSize: sink.batch_size }),
      ...(sink.linger_ms === undefined ? {} : { lingerMs: sink.linger_ms }),
      ...(sink.queue_size === undefined ? {} : { queueSize: sink.queue_size }),
      ...(sink.timeout_ms === undefined ? {} : { timeoutMs: sink.timeout_ms }),
      ...(sink.retry_base_ms === undefined ? {} : { retryBaseMs: sink.retry_base_ms }),
      ...(sink.retry_max_ms === undefined ? {} : { retryMaxMs: sink.retry_max_ms }),
      ...(sink.headers === undefined ? {} : { headers: sink.headers }),
    };
  });
  return { ...(section?.node === undefined ? {} : { node: section.node }), sinks };
}

function metricsOptions(section: MetricsSection | undefined): MetricsOptions {
  return {
    ...(section?.enabled === undefined ? {} : { enabled: section.enabled }),
    ...(section?.process_metrics === undefined ? {} : { processMetrics: section.process_metrics }),
    ...(section?.rtt_buckets === undefined ? {} : { rttBuckets: section.rtt_buckets }),
  };
}

function statusPageOptions(section: StatusPageSection | undefined): StatusPageOptions {
  return {
    ...(section?.enabled === undefined ? {} : { enabled: section.enabled }),
    ...(section?.ring_entries === undefined ? {} : { ringEntries: section.ring_entries }),
    ...(section?.window_sec === undefined ? {} : { windowSec: section.window_sec }),
    ...(section?.max_lanes === undefined ? {} : { maxLanes: section.max_lanes }),
    ...(section?.max_rows === undefined ? {} : { maxRows: section.max_rows }),
  };
}
