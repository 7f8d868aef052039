/**
 * A resolver whose answers (and failures) come a fixed time after the question, on the run's
 * Clock, as a slow DNS server's would: it lets a scenario change something (a sharing tag) while
 * a REGISTER is still waiting for its next hop.
 */
import { type Clock, type Resolver } from "../../engine/index.js";

export function slowResolver(inner: Resolver, clock: Clock, delayMs: number): Resolver {
  return {
    resolve: async (target, options) => {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, delayMs));
      return inner.resolve(target, options);
    },
  };
}
