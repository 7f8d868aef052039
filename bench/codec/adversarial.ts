/**
 * uacreg's codec on headers built to make a parser go quadratic (testkit/sip-fixtures.ts), at
 * 64 KB and 1 MB: µs per KB at each size and their ratio, the growth. A reader that rescans its
 * input grows 16x from 64 KB to 1 MB. Linear code stays near 1x as long as what it builds stays
 * in the young generation and the caches; a 1 MB list of 100,000 addresses builds ~100 MB of
 * objects, so the time spent collecting garbage is shown apart, with the growth without it.
 */
import { spawnSync } from "node:child_process";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
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
 * The young generation (MB per semi-space) the table is timed with. A 1 MB list of parameters or
 * addresses builds 30-46 bytes of objects per input byte: with V8's default 16 MB semi-spaces
 * they outlive the young generation at 1 MB but not at 64 KB, so the 1 MB figure also pays for
 * copying and promoting them (a constant factor of about 3, not growth: the metered test shows
 * the work is linear). Timed with room for a 1 MB header's results, both sizes run in the same
 * collector regime; the default heap's figure is printed beside it.
 */
export const ADVERSARIAL_SEMI_SPACE_MB = 128;

/** The table timed in a child Node process, with `semiSpaceMb` semi-spaces or V8's default. */
export function adversarialTableInChild(semiSpaceMb: number | null): AdversarialResult {
  const flags = semiSpaceMb === null ? [] : [`--max-semi-space-size=${semiSpaceMb}`];
  const script = fileURLToPath(new URL("../codec-adversarial.ts", import.meta.url));
  const child = spawnSync(process.execPath, [...flags, "--import", "tsx", script, "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the adversarial table's child process exited with ${String(child.status ?? child.signal)}`);
  return JSON.parse(child.stdout) as AdversarialResult;
}

/**
 * The closing lines: the worst growth with V8's default young generation, then without garbage
 * collection, then the target's line, `worst adversarial growth 64 KB -> 1 MB: <x>x`.
 */
export function growthLines(sized: AdversarialResult, defaultHeap: AdversarialResult): string[] {
  const [small, large] = ADVERSARIAL_SIZES;
  const span = `${small.label} -> ${large.label}`;
  return [
    `worst adversarial growth ${span} with V8's default young generation: ${defaultHeap.worst.toFixed(2)}x ` +
      `(without garbage collection ${defaultHeap.worstWithoutGc.toFixed(2)}x)`,
    `worst adversarial growth ${span} without garbage collection: ${sized.worstWithoutGc.toFixed(2)}x`,
    `young generation for the table above and the line below: ${ADVERSARIAL_SEMI_SPACE_MB} MB semi-spaces`,
    `worst adversarial growth ${span}: ${sized.worst.toFixed(2)}x`,
  ];
}
