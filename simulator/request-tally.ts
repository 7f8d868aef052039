/** Requests counted by what they got (`200`, `401`, `unanswered`, `raw`), retransmissions not counted. */
import type { HandledRequest } from "./registrar-options.js";

export class RequestTally {
  readonly #byOutcome = new Map<string, number>();
  #total = 0;

  record(handled: HandledRequest): void {
    this.add(handled.status === null ? handled.outcome : String(handled.status), 1);
  }

  /** Adds `count` requests of one outcome (as `entries` names it): how the shards' tallies are summed. */
  add(key: string, count: number): void {
    this.#byOutcome.set(key, (this.#byOutcome.get(key) ?? 0) + count);
    this.#total += count;
  }

  get total(): number {
    return this.#total;
  }

  /** Status codes in numeric order, then the other outcomes (`raw`, `unanswered`) by name. */
  entries(): Array<[string, number]> {
    return [...this.#byOutcome.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
  }
}

function order(key: string): number {
  const code = Number(key);
  return Number.isInteger(code) ? code : 1000;
}
