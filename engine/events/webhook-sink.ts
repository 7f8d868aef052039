/**
 * The webhook event sink: E_REGISTRANT_* events POSTed to a URL as a JSON array per batch (or, with
 * batchSize 1, one JSON object per request). `emit` only queues, so the engine never waits on the
 * receiver; its per-event work is a record on the queue, with no timer or promise of its own. One
 * request at a time, on one kept-alive connection, in event order; a 5xx, a connection error or a timeout is retried with
 * exponential back-off and jitter for as long as it takes (events are not given up on while the
 * receiver is down; only the queue's bound loses them). The queue is bounded: when full, the
 * oldest event is dropped and counted, with one warning per burst of drops. A 4xx is the
 * receiver refusing the events for good: they are dropped, counted and logged.
 *
 * All time (back-off, request timeout) runs on the injected Clock; jitter on the injected Random.
 */
import type { Clock, TimerHandle } from "../clock.js";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";
import type { RegistrantEvent, RegistrantEventSink } from "../registrant/index.js";
import { eventRecord, type EventRecord } from "./event-record.js";
import { PostTarget, type PostOutcome } from "./http-post.js";
import { IsoTimestamps } from "./iso-timestamps.js";
import type { CountedSink, SinkCounters } from "./sink-counters.js";
import { SinkConfigError } from "./sink-config-error.js";

/** One `webhook` entry of the `events.sinks` list of the configuration. */
export interface WebhookSinkOptions {
  readonly type: "webhook";
  /** Used in metrics labels and logs; default `webhook-<n>`. */
  readonly name?: string;
  readonly url: string;
  /** Only these events; default all nine. */
  readonly events?: readonly string[];
  /** Events per POST, sent as a JSON array of up to this many; 1 sends each event as one JSON object. Default 500. */
  readonly batchSize?: number;
  /**
   * How long a POST that would carry fewer than batchSize events waits for more (one timer per
   * batch); default 200, 0 sends at once what waited. Each POST costs the engine far more CPU than
   * an event in it (bench:management), so a busy engine posting small batches pays for it.
   */
  readonly lingerMs?: number;
  /** Events waiting at most; default 10000. */
  readonly queueSize?: number;
  /** Per request; default 5000 ms. */
  readonly timeoutMs?: number;
  /** First retry delay; default 500 ms, doubled per attempt. */
  readonly retryBaseMs?: number;
  /** Longest retry delay; default 30000 ms. */
  readonly retryMaxMs?: number;
  /** Extra request headers (for example an Authorization for the receiver). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * batchSize 500 and lingerMs 200: one POST per 500 events or per 200 ms, whichever comes first (at
 * bench:management's 3,750 events a second, one every 133 ms instead of 37 a second with batches
 * of 100), each under 100 kB (an event is about 190 bytes; 100 kB is a common default limit of
 * receivers' JSON parsers), and an event waits at most 200 ms plus the POSTs before it.
 */
export const WEBHOOK_DEFAULTS = { batchSize: 500, lingerMs: 200, queueSize: 10_000, timeoutMs: 5_000, retryBaseMs: 500, retryMaxMs: 30_000 } as const;

export interface WebhookSinkDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** The node name every event carries. */
  readonly node: string;
}

/** The back-off before retry `attempt` (1 = first retry): half of base*2^(attempt-1) (capped) fixed, the other half random. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, fraction: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * fraction);
}

/**
 * POSTs events to `options.url` in the background; every unset option takes WEBHOOK_DEFAULTS (batch
 * 500, linger 200 ms, queue 10000, timeout 5000 ms, retry 500 ms doubling up to 30000 ms), `name` defaults to
 * `webhook-<index>`, `index` to 0. Throws SinkConfigError naming the option for a URL that is not
 * http(s) or a number that is not a whole number from 1 (from 0 for lingerMs).
 */
export class WebhookSink implements RegistrantEventSink, CountedSink {
  readonly name: string;
  readonly counters: SinkCounters = { delivered: 0, retried: 0, dropped: 0 };
  readonly #target: PostTarget;
  readonly #options: Required<Omit<WebhookSinkOptions, "name" | "events" | "headers">> & { headers: Readonly<Record<string, string>> };
  readonly #deps: WebhookSinkDeps;
  readonly #queue: EventRecord[] = [];
  readonly #timestamps = new IsoTimestamps();
  /** Index of the first waiting event in `#queue` (shifting an array per event is O(n)). */
  #head = 0;
  #busy = false;
  #retryTimer: TimerHandle | null = null;
  /** Running while a batch short of batchSize waits for more events (lingerMs). */
  #lingerTimer: TimerHandle | null = null;
  /** The linger ended: what waits goes, full or not. */
  #lingerOver = false;
  #closed = false;
  /** Drops since the last warning's burst began; 0 when not in a burst. */
  #burstDrops = 0;
  /** A 4xx was logged and no delivery has succeeded since: later refusals are only counted. */
  #refusing = false;

  constructor(options: WebhookSinkOptions, deps: WebhookSinkDeps, index = 0) {
    this.name = options.name ?? `webhook-${index}`;
    const field = (option: string): string => `events.sinks[${index}].${option}`;
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new SinkConfigError(field("url"), `not a URL: ${JSON.stringify(options.url)}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new SinkConfigError(field("url"), `must be http: or https:, got ${url.protocol}`);
    const whole = (option: keyof typeof WEBHOOK_DEFAULTS, min: number): number => {
      const value = options[option] ?? WEBHOOK_DEFAULTS[option];
      if (!Number.isSafeInteger(value) || value < min) throw new SinkConfigError(field(option), `must be a whole number from ${min}, got ${JSON.stringify(value)}`);
      return value;
    };
    this.#options = {
      type: "webhook",
      url: options.url,
      batchSize: whole("batchSize", 1),
      lingerMs: whole("lingerMs", 0),
      queueSize: whole("queueSize", 1),
      timeoutMs: whole("timeoutMs", 1),
      retryBaseMs: whole("retryBaseMs", 1),
      retryMaxMs: whole("retryMaxMs", 1),
      headers: options.headers ?? {},
    };
    this.#target = new PostTarget(url, this.#options.headers);
    this.#deps = deps;
  }

  /** Events waiting (not counting a batch being sent). */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  emit(event: RegistrantEvent): void {
    if (this.#closed) return;
    this.#queue.push(eventRecord(event, this.#timestamps.format(this.#deps.clock.now()), this.#deps.node));
    if (this.queued > this.#options.queueSize) this.#dropOldest();
    this.#pump();
  }

  /** Stops sending and retrying; what is still queued is reported in the log and left. */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer !== null) this.#deps.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#stopLinger();
    this.#target.close();
    if (this.queued > 0) this.#deps.logger.warn({ sink: this.name, undelivered: this.queued }, "webhook sink closed with events undelivered");
  }

  #dropOldest(): void {
    this.#head += 1;
    this.counters.dropped += 1;
    if (this.#burstDrops === 0) {
      this.#deps.logger.warn({ sink: this.name, queueSize: this.#options.queueSize }, "webhook queue full: dropping the oldest events until the receiver catches up");
    }
    this.#burstDrops += 1;
    this.#compact();
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #pump(): void {
    if (this.#busy || this.#closed || this.queued === 0) return;
    if (this.queued < this.#options.batchSize && this.#options.lingerMs > 0 && !this.#lingerOver) {
      this.#lingerTimer ??= this.#deps.clock.setTimeout(() => {
        this.#lingerTimer = null;
        this.#lingerOver = true;
        this.#pump();
      }, this.#options.lingerMs);
      return;
    }
    this.#stopLinger();
    const batch = this.#queue.slice(this.#head, this.#head + this.#options.batchSize);
    this.#head += batch.length;
    this.#compact();
    this.#busy = true;
    // Built once per batch, and sent as it is again on a retry.
    const body = JSON.stringify(this.#options.batchSize === 1 ? batch[0] : batch);
    void this.#deliver(body, batch.length, 0);
  }

  #stopLinger(): void {
    if (this.#lingerTimer !== null) this.#deps.clock.clearTimeout(this.#lingerTimer);
    this.#lingerTimer = null;
    this.#lingerOver = false;
  }

  async #deliver(body: string, events: number, attempt: number): Promise<void> {
    const outcome = await this.#target.post(body, this.#options.timeoutMs, this.#deps.clock);
    if (this.#closed) return;
    const verdict = judge(outcome);
    if (verdict === "retry") {
      this.counters.retried += events;
      if (attempt === 0) this.#deps.logger.warn({ sink: this.name, outcome: describe(outcome), events }, "webhook delivery failed; retrying with back-off");
      const delay = retryDelayMs(attempt + 1, this.#options.retryBaseMs, this.#options.retryMaxMs, this.#deps.random.fraction());
      this.#retryTimer = this.#deps.clock.setTimeout(() => {
        this.#retryTimer = null;
        void this.#deliver(body, events, attempt + 1);
      }, delay);
      return;
    }
    if (verdict === "delivered") {
      this.counters.delivered += events;
      if (attempt > 0) this.#deps.logger.info({ sink: this.name, attempts: attempt + 1 }, "webhook delivery succeeded after retries");
      this.#refusing = false;
    } else {
      this.counters.dropped += events;
      if (!this.#refusing) this.#deps.logger.warn({ sink: this.name, outcome: describe(outcome), events }, "webhook receiver refuses the events (4xx); dropping them until it accepts one");
      this.#refusing = true;
    }
    // A burst ends when the queue has drained to half: a queue hovering at its bound is one burst, one line.
    if (this.queued <= this.#options.queueSize / 2) this.#burstDrops = 0;
    this.#busy = false;
    this.#pump();
  }
}

function judge(outcome: PostOutcome): "delivered" | "retry" | "refused" {
  if (outcome.kind !== "status") return "retry";
  if (outcome.status >= 200 && outcome.status < 300) return "delivered";
  if (outcome.status >= 500 || outcome.status === 408 || outcome.status === 429) return "retry";
  return "refused";
}

function describe(outcome: PostOutcome): string {
  if (outcome.kind === "status") return `HTTP ${outcome.status}`;
  if (outcome.kind === "timeout") return "timeout";
  return outcome.reason;
}
