/**
 * Acts on a list of items spread evenly over a span of time, in ticks of TICK_MS: the first
 * share at once, then one share per tick, so that `spanMs` bounds the delay of the last item and
 * no tick holds more than ceil(items / ticks). The engine uses it for the records of a taken
 * sharing tag whose saved refresh is already due (N12): they go out right after the tag's saved
 * dialogs are read instead of at their buckets' next visits (up to a bucket cycle later), and
 * never all in one event-loop turn.
 */
import type { Clock, TimerHandle } from "../../clock.js";

const TICK_MS = 50;

/** Calls `act` on every item over `spanMs`; returns a function that cancels what is left. */
export function spreadFeed<T>(clock: Clock, items: readonly T[], spanMs: number, act: (item: T) => void, done: () => void): () => void {
  const ticks = Math.max(1, Math.floor(spanMs / TICK_MS));
  const share = Math.ceil(items.length / ticks);
  let next = 0;
  let handle: TimerHandle | null = null;
  const tick = (): void => {
    handle = null;
    const end = Math.min(items.length, next + share);
    for (; next < end; next++) act(items[next]!);
    if (next < items.length) handle = clock.setTimeout(tick, TICK_MS);
    else done();
  };
  tick();
  return () => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  };
}
