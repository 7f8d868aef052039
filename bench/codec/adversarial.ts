/**
 * uacreg's codec on headers built to make a parser go quadratic (testkit/sip-fixtures.ts), at
 * 64 KB and 1 MB: µs per KB at each size and their ratio, the growth. A reader that rescans its
 * input grows 16x from 64 KB to 1 MB. Linear code stays near 1x as long as what it builds stays
 * in the young generation and the caches; a 1 MB list of 100,000 addresses builds ~100 MB of
 * objects, so the time spent collecting garbage is shown apart, with the growth without it.
 */
import { PerformanceObserver, performance } from "node:perf_hooks";
import { parseMessage } from "../../engine/index.js";
import { ADVERSARIAL_KINDS, adversarialMessage, readEverything } from "../../testkit/sip-fixtures.js";
import { median } from "./measure.js";

/** Adversarial header sizes, and the samples timed at each. */
export const ADVERSARIAL_SIZES = [
  { label: "64 KB", bytes: 64 * 1024 },
  { label: "1 MB", bytes: 1024 * 1024 },
] as const;
const SAMPLES = 9;
const WARMUP_MS = 300;
/** Every sample reads about this much in all (16 runs of a 64 KB input, one of a 1 MB input). */
const SAMPLE_BYTES = 1024 * 1024;

interface Timing {
  /** Median µs per KB, everything included. */
  readonly total: number;
  /** Median µs per KB without the garbage collections that happened during the sample. */
  readonly withoutGc: number;
}

/** GC pauses (start, duration in ms), as the observer reports them (after the fact). */
const pauses: Array<readonly [number, number]> = [];
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function timeHeader(header: string): Promise<Timing> {
  const { bytes, limits } = adversarialMessage(header);
  const run = (): void => {
    const message = parseMessage(bytes, limits);
    readEverything(message);
  };
  // Warm-up: the optimizing compiler takes over only after many calls.
  const warmUntil = performance.now() + WARMUP_MS;
  do run();
  while (performance.now() < warmUntil);
  // Same amount of input per sample at both sizes, so that costs independent of the input's
  // size weigh the same.
  const runs = Math.max(1, Math.round(SAMPLE_BYTES / bytes.length));
  const kb = (runs * bytes.length) / 1024;
  const totals: number[] = [];
  const withoutGc: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    await nextTurn();
    const started = performance.now();
    for (let k = 0; k < runs; k++) run();
    const ended = performance.now();
    await nextTurn();
    await nextTurn();
    const gcMs = pauses.filter(([at]) => at >= started && at <= ended).reduce((sum, [, ms]) => sum + ms, 0);
    pauses.length = 0;
    totals.push(((ended - started) * 1000) / kb);
    withoutGc.push(((ended - started - gcMs) * 1000) / kb);
  }
  const sorted = (values: number[]): number[] => values.sort((a, b) => a - b);
  return { total: median(sorted(totals)), withoutGc: median(sorted(withoutGc)) };
}

export interface AdversarialResult {
  readonly lines: string[];
  /** The largest growth from the first size to the last, everything included. */
  readonly worst: number;
  /** The same without garbage collection. */
  readonly worstWithoutGc: number;
}

export async function adversarialTable(): Promise<AdversarialResult> {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.duration]);
  });
  observer.observe({ entryTypes: ["gc"] });
  let worst = 0;
  let worstWithoutGc = 0;
  const rows: string[] = [];
  for (const kind of ADVERSARIAL_KINDS) {
    const timings: Timing[] = [];
    for (const { bytes } of ADVERSARIAL_SIZES) timings.push(await timeHeader(kind.header(bytes)));
    const first = timings[0]!;
    const last = timings[timings.length - 1]!;
    const growth = last.total / first.total;
    const growthWithoutGc = last.withoutGc / first.withoutGc;
    worst = Math.max(worst, growth);
    worstWithoutGc = Math.max(worstWithoutGc, growthWithoutGc);
    const cells = timings.map(({ total, withoutGc }) => `${total.toFixed(1)} (${withoutGc.toFixed(1)})`);
    rows.push(`| ${kind.name} | ${cells.join(" | ")} | ${growth.toFixed(2)}x | ${growthWithoutGc.toFixed(2)}x |`);
  }
  observer.disconnect();
  const sizes = ADVERSARIAL_SIZES.map(({ label }) => `µs per KB at ${label} (without GC)`);
  return {
    lines: [
      `| adversarial header (uacreg: parse + every reader, median of ${SAMPLES}) | ${sizes.join(" | ")} | growth | growth without GC |`,
      `| --- | ${sizes.map(() => "---:").join(" | ")} | ---: | ---: |`,
      ...rows,
    ],
    worst,
    worstWithoutGc,
  };
}

/**
 * The closing lines: the worst growth without garbage collection, then the target's line,
 * `worst adversarial growth 64 KB -> 1 MB: <x>x`.
 */
export function growthLines(result: AdversarialResult): { withoutGc: string; worst: string } {
  const [small, large] = ADVERSARIAL_SIZES;
  const span = `${small.label} -> ${large.label}`;
  return {
    withoutGc: `worst adversarial growth ${span} without garbage collection: ${result.worstWithoutGc.toFixed(2)}x`,
    worst: `worst adversarial growth ${span}: ${result.worst.toFixed(2)}x`,
  };
}
