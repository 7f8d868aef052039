/**
 * What the simulator shows of the wire: a line per message (`print`), the transcript file and the
 * HTTP view's transcript, each message with its AOR, Call-ID and, for a refusal, the reason the
 * registrar gave. Nothing is formatted when nobody watches: the tap then only counts.
 */
import type { Clock } from "../engine/clock.js";
import { countTransport, formatSocketName, tapTransport, type Transport, type WireCounters } from "../engine/transport/index.js";
import type { AorMatching } from "./aor.js";
import type { HttpView } from "./http-view.js";
import { describeFacts, readMessageFacts } from "./message-facts.js";
import { formatMessageLine } from "./message-line.js";
import type { HandledRequest } from "./registrar-options.js";
import type { TranscriptFile } from "./transcript-file.js";

export interface WireWatchOptions {
  readonly clock: Clock;
  readonly matching: AorMatching | undefined;
  readonly print: ((line: string) => void) | undefined;
  readonly file: TranscriptFile | null;
  /** Whether an HTTP view will be there (it starts after the sockets are bound: see `view`). */
  readonly http: boolean;
}

/** Reasons waiting for their answer's line; past this many (answers never sent) they are dropped. */
const REASONS_MAX = 10_000;

const decoder = new TextDecoder();

export class WireWatch {
  readonly watching: boolean;
  /** The HTTP view once started; messages before it are not in its transcript. */
  view: HttpView | null = null;
  readonly #options: WireWatchOptions;
  /** The reason for each refusal not printed yet, by Call-ID and CSeq: the line for the answer shows it. */
  readonly #reasons = new Map<string, string>();
  #seq = 0;

  constructor(options: WireWatchOptions) {
    this.#options = options;
    this.watching = options.print !== undefined || options.file !== null || options.http;
  }

  /** Told of every request the registrar handled. */
  handled(handled: HandledRequest): void {
    this.view?.handled(handled);
    if (handled.status !== null && handled.status >= 300 && this.watching) {
      if (this.#reasons.size >= REASONS_MAX) this.#reasons.clear();
      this.#reasons.set(`${handled.callId}\n${handled.cseq}`, handled.why);
    }
  }

  /** `transport` with its messages counted in `counters` and, when someone watches, shown. */
  tap(transport: Transport, counters: WireCounters): Transport {
    if (!this.watching) return countTransport(transport, counters);
    const { clock, matching, print, file } = this.#options;
    const local = formatSocketName(transport.local);
    return tapTransport(transport, (direction, peer, data) => {
      if (direction === "in") counters.messagesIn++;
      else counters.messagesOut++;
      const atMs = clock.now();
      const facts = readMessageFacts(data, matching);
      const key = `${facts.callId ?? ""}\n${facts.cseq ?? ""}`;
      const why = direction === "out" && facts.status !== null && facts.status >= 300 ? this.#reasons.get(key) : undefined;
      if (why !== undefined) this.#reasons.delete(key);
      const peerName = formatSocketName(peer);
      if (print !== undefined) print(formatMessageLine(atMs, direction, peerName, describeFacts(facts, why)));
      const view = this.view;
      if (file !== null || view !== null) {
        const plain = { seq: ++this.#seq, atMs, direction, peer: peerName, local, summary: facts.summary, aor: facts.aor, callId: facts.callId, raw: decoder.decode(data) };
        const line = why === undefined ? plain : { ...plain, why };
        file?.write(line);
        view?.record(line);
      }
    });
  }
}
