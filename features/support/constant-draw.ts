/**
 * A random source that draws the same value every time, for the back-off jitter (D30): a scenario
 * says which share of the jitter is taken, so its seconds are exact and can be read off the page.
 */
import { type Random } from "../../engine/index.js";

export function constantDraw(fraction: number): Random {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`a jitter draw is in [0, 1), got ${fraction}`);
  const self: Random = {
    uint32: () => Math.floor(fraction * 2 ** 32),
    fraction: () => fraction,
    hex: (byteCount) => "0".repeat(byteCount * 2),
    child: () => self,
  };
  return self;
}
