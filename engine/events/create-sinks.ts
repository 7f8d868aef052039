/**
 * The `events` section of the configuration made into event sinks: each webhook or JSON-lines
 * sink behind its event-name filter, plus the handles metrics and shutdown need.
 */
import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";
import type { RegistrantEventSink } from "../registrant/index.js";
import { eventNameSet, filteredSink } from "./event-filter.js";
import { JsonLinesSink, type JsonLinesSinkOptions } from "./json-lines-sink.js";
import type { CountedSink } from "./sink-counters.js";
import { SinkConfigError } from "./sink-config-error.js";
import { WebhookSink, type WebhookSinkOptions } from "./webhook-sink.js";

export type EventSinkOptions = WebhookSinkOptions | JsonLinesSinkOptions;

/** The `events` section. */
export interface EventsOptions {
  /** The node name every event carries; default the host name. */
  readonly node?: string;
  readonly sinks?: readonly EventSinkOptions[];
}

export interface EventSinks {
  /** For EngineDeps.eventSinks. */
  readonly sinks: readonly RegistrantEventSink[];
  /** For metrics: each sink's name and counters. */
  readonly counted: readonly CountedSink[];
  close(): Promise<void>;
}

/**
 * Builds the sinks the `events` section lists, in order; `options.node` defaults to the host name,
 * `options.sinks` to none, a sink's `name` to `webhook-<n>`/`jsonl-<n>` and its other fields to
 * WEBHOOK_DEFAULTS. Throws SinkConfigError naming the option for an unknown type, a jsonl sink
 * without a path, a bad webhook URL or number, or two sinks with one name.
 */
export function createEventSinks(options: EventsOptions, deps: { readonly clock: Clock; readonly random: Random; readonly logger: Logger }): EventSinks {
  const node = options.node ?? hostname();
  const built = (options.sinks ?? []).map((sink, index) => {
    const events = sink.events === undefined ? null : eventNameSet(sink.events, `events.sinks[${index}].events`);
    switch (sink.type) {
      case "webhook": {
        const webhook = new WebhookSink(sink, { ...deps, random: deps.random.child(), node }, index);
        return { sink: filteredSink(webhook, events), counted: webhook, close: () => Promise.resolve(webhook.close()) };
      }
      case "jsonl": {
        if (typeof sink.path !== "string" || sink.path === "") throw new SinkConfigError(`events.sinks[${index}].path`, "must be a file name or - for stdout");
        const lines = new JsonLinesSink(sink, { clock: deps.clock, logger: deps.logger, node }, index);
        return { sink: filteredSink(lines, events), counted: lines, close: () => lines.close() };
      }
      default:
        throw new SinkConfigError(`events.sinks[${index}].type`, `must be webhook or jsonl, got ${JSON.stringify((sink as { type?: unknown }).type)}`);
    }
  });
  const names = new Set<string>();
  for (const { counted } of built) {
    if (names.has(counted.name)) throw new SinkConfigError("events.sinks", `two sinks are named ${JSON.stringify(counted.name)}`);
    names.add(counted.name);
  }
  return {
    sinks: built.map((b) => b.sink),
    counted: built.map((b) => b.counted),
    close: async () => {
      await Promise.all(built.map((b) => b.close()));
    },
  };
}
