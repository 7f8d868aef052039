/** What an event sink did with the events it was given; metrics read it at scrape time. */
export interface SinkCounters {
  /** Events the receiver accepted (a 2xx), or lines written. */
  delivered: number;
  /** Events sent again after a 5xx, a connection error or a timeout (one per event per retry). */
  retried: number;
  /** Events lost: pushed out of a full queue, or refused by the receiver for good (a 4xx). */
  dropped: number;
}

/** A sink with a name (for metrics labels and logs) and its counters. */
export interface CountedSink {
  readonly name: string;
  readonly counters: Readonly<SinkCounters>;
}
