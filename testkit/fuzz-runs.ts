/**
 * How many inputs each property test of the codec tries, and the seed to replay: 10,000 per
 * property by default (`npm test`), FUZZ_RUNS when set (`npm run fuzz:long` sets 1,000,000), and
 * FUZZ_SEED to replay a failing run with the seed fast-check printed.
 */
import type fc from "fast-check";

export const FUZZ_RUNS = Number(process.env["FUZZ_RUNS"] ?? "") || 10_000;
const SEED = process.env["FUZZ_SEED"];
/** The long run (`npm run fuzz:long`): checks too slow for `npm test` run too. */
export const LONG_RUN = FUZZ_RUNS >= 1_000_000;

/** fast-check options: `numRuns` (default FUZZ_RUNS), and FUZZ_SEED's seed when it is set. */
export function fuzzOptions(numRuns: number = FUZZ_RUNS): fc.Parameters<unknown> {
  return SEED === undefined ? { numRuns } : { numRuns, seed: Number(SEED) };
}
