/**
 * The run log kept in memory for the live status page: the last `capacity` entries in a ring
 * allocated once, so a long-running service draws its recent timeline without its memory
 * growing. `teeRunLog` gives the engine's one run-log slot to several sinks (the ring and a file).
 */
import type { RunLogEntry, RunLogSink } from "../registrant/index.js";

export const RUN_LOG_RING_DEFAULT = 50_000;

const KINDS = ["state", "event", "sip-out", "sip-in"] as const;
const CREDENTIALS = 1;
const DETACHED = 2;

/**
 * Keeps the last `capacity` run-log entries (default RUN_LOG_RING_DEFAULT, 50000). Throws RangeError
 * for a capacity that is not a whole number from 1.
 *
 * An entry is kept as its fields in columns allocated once (numbers in typed arrays, strings by
 * reference) and made an object again only when the page reads the ring: tens of thousands of
 * kept entry objects would each outlive the young generation and be copied by the collector,
 * while the written object dies at once.
 */
export class RunLogRing implements RunLogSink {
  readonly capacity: number;
  readonly #atMs: Float64Array;
  readonly #kind: Uint8Array;
  /** CREDENTIALS and DETACHED bits of a SIP entry. */
  readonly #flags: Uint8Array;
  readonly #cseq: Float64Array;
  /** A sip-in's status; NaN for none. */
  readonly #status: Float64Array;
  readonly #aor: string[];
  readonly #contact: string[];
  readonly #registrar: string[];
  /** state: from; event: name; sip-out: request; sip-in: outcome. */
  readonly #first: string[];
  /** state: to; sip-out and sip-in: callId. */
  readonly #second: string[];
  /** state: rule; sip-out: destination. */
  readonly #third: string[];
  /** Entries ever written; the next goes to `written % capacity`. */
  #written = 0;

  constructor(capacity: number = RUN_LOG_RING_DEFAULT) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`run-log ring capacity must be a whole number from 1, got ${capacity}`);
    this.capacity = capacity;
    this.#atMs = new Float64Array(capacity);
    this.#kind = new Uint8Array(capacity);
    this.#flags = new Uint8Array(capacity);
    this.#cseq = new Float64Array(capacity);
    this.#status = new Float64Array(capacity);
    const strings = (): string[] => new Array<string>(capacity).fill("");
    this.#aor = strings();
    this.#contact = strings();
    this.#registrar = strings();
    this.#first = strings();
    this.#second = strings();
    this.#third = strings();
  }

  write(entry: RunLogEntry): void {
    const at = this.#written % this.capacity;
    this.#written += 1;
    this.#atMs[at] = entry.atMs;
    this.#aor[at] = entry.aor;
    this.#contact[at] = entry.contact;
    this.#registrar[at] = entry.registrar;
    switch (entry.kind) {
      case "state":
        this.#kind[at] = 0;
        this.#first[at] = entry.from;
        this.#second[at] = entry.to;
        this.#third[at] = entry.rule;
        return;
      case "event":
        this.#kind[at] = 1;
        this.#first[at] = entry.name;
        return;
      case "sip-out":
        this.#kind[at] = 2;
        this.#first[at] = entry.request;
        this.#second[at] = entry.callId;
        this.#cseq[at] = entry.cseq;
        this.#flags[at] = (entry.credentials ? CREDENTIALS : 0) | (entry.detached ? DETACHED : 0);
        this.#third[at] = entry.destination;
        return;
      case "sip-in":
        this.#kind[at] = 3;
        this.#first[at] = entry.outcome;
        this.#second[at] = entry.callId;
        this.#cseq[at] = entry.cseq;
        this.#flags[at] = entry.detached ? DETACHED : 0;
        this.#status[at] = entry.status ?? Number.NaN;
        return;
    }
  }

  /** Entries written and since pushed out of the ring. */
  get overwritten(): number {
    return Math.max(0, this.#written - this.capacity);
  }

  /** The kept entries, oldest first, each with its fields in the order the engine writes them. */
  entries(): RunLogEntry[] {
    const count = Math.min(this.#written, this.capacity);
    const start = this.#written - count;
    const out: RunLogEntry[] = new Array<RunLogEntry>(count);
    for (let i = 0; i < count; i++) out[i] = this.#entry((start + i) % this.capacity);
    return out;
  }

  #entry(at: number): RunLogEntry {
    const subject = { atMs: this.#atMs[at]!, aor: this.#aor[at]!, contact: this.#contact[at]!, registrar: this.#registrar[at]! };
    const kind = KINDS[this.#kind[at]!]!;
    if (kind === "state") return { ...subject, kind, from: this.#first[at]!, to: this.#second[at]!, rule: this.#third[at]! };
    if (kind === "event") return { ...subject, kind, name: this.#first[at]! };
    const exchange = { callId: this.#second[at]!, cseq: this.#cseq[at]!, detached: (this.#flags[at]! & DETACHED) !== 0 };
    if (kind === "sip-out") {
      const request = this.#first[at] as (RunLogEntry & { kind: "sip-out" })["request"];
      return { ...subject, kind, request, ...exchange, credentials: (this.#flags[at]! & CREDENTIALS) !== 0, destination: this.#third[at]! };
    }
    const status = this.#status[at]!;
    const outcome = this.#first[at] as (RunLogEntry & { kind: "sip-in" })["outcome"];
    return { ...subject, kind, ...exchange, outcome, status: Number.isNaN(status) ? null : status };
  }
}

/** One sink writing to each of `sinks`, in order. */
export function teeRunLog(...sinks: readonly RunLogSink[]): RunLogSink {
  return { write: (entry) => sinks.forEach((sink) => sink.write(entry)) };
}
