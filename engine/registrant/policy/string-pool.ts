/**
 * Keeps the strings that records hold for hours small in memory (bench:engine's memory per
 * record). Thousands of records share a handful of sockets and destination hosts, so they share
 * one copy of each. A value cut out of a parsed message (a nonce) is a V8 sliced string that keeps
 * the whole message alive, so a record keeps its own copy instead.
 */
export class StringPool {
  readonly #strings = new Map<string, string>();

  /** The pooled copy of `text`; the pool grows with the distinct values, not with records. */
  intern(text: string): string {
    const pooled = this.#strings.get(text);
    if (pooled !== undefined) return pooled;
    this.#strings.set(text, text);
    return text;
  }
}

/** A copy of `text` that shares no memory with the message it was cut from. */
export function ownCopy(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}
