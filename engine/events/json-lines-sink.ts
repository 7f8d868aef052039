/**
 * The JSON-lines event sink: one line per E_REGISTRANT_* event (the same object the webhook
 * POSTs) to a file (appended) or to stdout. Writes are buffered by the stream; if the stream
 * falls far behind (a full disk, a stdout nobody reads) lines are dropped and counted instead of
 * growing memory without bound, and the engine never waits.
 */
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { RegistrantEvent, RegistrantEventSink } from "../registrant/index.js";
import { eventRecord } from "./event-record.js";
import { IsoTimestamps } from "./iso-timestamps.js";
import type { CountedSink, SinkCounters } from "./sink-counters.js";

/** One `jsonl` entry of the `events.sinks` list of the configuration. */
export interface JsonLinesSinkOptions {
  readonly type: "jsonl";
  readonly name?: string;
  /** A file to append to, or `-` for stdout. */
  readonly path: string;
  readonly events?: readonly string[];
}

/** Bytes the stream may hold unwritten before lines are dropped. */
export const JSON_LINES_BACKLOG_MAX = 8 * 1024 * 1024;

export interface JsonLinesSinkDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly node: string;
}

/**
 * Appends one JSON line per event to `options.path` (`-`: stdout); `name` defaults to `jsonl-<index>`,
 * `index` to 0. A stream that fails is logged once and its events dropped and counted, so the
 * engine never waits on it.
 */
export class JsonLinesSink implements RegistrantEventSink, CountedSink {
  readonly name: string;
  readonly counters: SinkCounters = { delivered: 0, retried: 0, dropped: 0 };
  readonly #stream: Writable;
  readonly #ownsStream: boolean;
  readonly #deps: JsonLinesSinkDeps;
  readonly #timestamps = new IsoTimestamps();
  #failed = false;

  /** `stream` replaces the file or stdout (tests). */
  constructor(options: JsonLinesSinkOptions, deps: JsonLinesSinkDeps, index = 0, stream?: Writable) {
    this.name = options.name ?? `jsonl-${index}`;
    this.#deps = deps;
    this.#ownsStream = stream === undefined && options.path !== "-";
    this.#stream = stream ?? (options.path === "-" ? process.stdout : createWriteStream(options.path, { flags: "a" }));
    this.#stream.on("error", (error: Error) => {
      if (!this.#failed) deps.logger.error({ sink: this.name, err: error.message }, "JSON-lines event sink cannot write; events are dropped");
      this.#failed = true;
    });
  }

  emit(event: RegistrantEvent): void {
    if (this.#failed || this.#stream.writableLength > JSON_LINES_BACKLOG_MAX) {
      this.counters.dropped += 1;
      return;
    }
    this.#stream.write(JSON.stringify(eventRecord(event, this.#timestamps.format(this.#deps.clock.now()), this.#deps.node)) + "\n");
    this.counters.delivered += 1;
  }

  /** Flushes and closes a file it opened; stdout stays open. */
  close(): Promise<void> {
    if (!this.#ownsStream) return Promise.resolve();
    return new Promise((resolve) => this.#stream.end(resolve));
  }
}
