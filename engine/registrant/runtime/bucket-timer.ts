/**
 * The bucket timer (spec §3.2): one visit every floor(T/N) seconds, the first one period after
 * start, buckets 0, 1, ..., N-1, 0, ... Visit k is due at start + (k+1) * period, computed from
 * the start rather than from the previous visit, so a late clock callback never shifts the
 * schedule. A visit runs to completion before the next is armed (OpenSIPS's delay-on-delay: never
 * two at once).
 */
import type { Clock, TimerHandle } from "../../clock.js";
import type { ModuleParams } from "../policy/module-params.js";
import { bucketVisit } from "../policy/module-params.js";

export interface BucketTimer {
  stop(): void;
}

export function startBucketTimer(
  clock: Clock,
  params: ModuleParams,
  visit: (bucket: number) => void,
): BucketTimer {
  const startMs = clock.now();
  let index = 0;
  let handle: TimerHandle | null = null;
  let stopped = false;
  const arm = (): void => {
    const dueMs = startMs + bucketVisit(index, 0, params).atSec * 1000;
    handle = clock.setTimeout(fire, Math.max(0, dueMs - clock.now()));
  };
  const fire = (): void => {
    handle = null;
    const { bucket } = bucketVisit(index, 0, params);
    index += 1;
    try {
      visit(bucket);
    } finally {
      if (!stopped) arm();
    }
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      if (handle !== null) clock.clearTimeout(handle);
      handle = null;
    },
  };
}
