/**
 * ISO 8601 timestamps (UTC, milliseconds, as Date#toISOString writes them) for a stream of times
 * that mostly move forward: the date and minute are formatted once per minute and the seconds and
 * milliseconds appended, since a Date and its toISOString per event cost an event sink more than
 * the rest of its record.
 */
/** The farthest a Date reaches either side of 1970 (ECMA-262 TimeClip). */
const MAX_TIME_MS = 8.64e15;

export class IsoTimestamps {
  #minute = Number.NaN;
  /** `YYYY-MM-DDTHH:MM:` of `#minute`. */
  #prefix = "";

  /** `atMs` as Date#toISOString gives it; throws RangeError, as it does, for a time out of range. */
  format(atMs: number): string {
    // The range and the truncation of a fraction of a millisecond towards zero are Date's (TimeClip).
    if (!(Math.abs(atMs) <= MAX_TIME_MS)) throw new RangeError(`Invalid time value: ${atMs}`);
    const ms = Math.trunc(atMs);
    const minute = Math.floor(ms / 60_000);
    if (minute !== this.#minute) {
      this.#prefix = new Date(minute * 60_000).toISOString().slice(0, -7);
      this.#minute = minute;
    }
    const inMinute = ms - minute * 60_000;
    const seconds = Math.floor(inMinute / 1000);
    const millis = inMinute - seconds * 1000;
    return `${this.#prefix}${seconds < 10 ? "0" : ""}${seconds}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
  }
}
