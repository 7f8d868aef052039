/**
 * Interleaved timing: after a warm-up that also sizes the batches, every round runs one batch of
 * each contender (starting with a different one each round), and the median batch is reported.
 */

export interface Contender {
  readonly library: string;
  readonly work: string;
  readonly run: (bytes: Buffer) => unknown;
  /** The messages this contender passed the cross-check on. */
  readonly inputs: readonly Buffer[];
}

export interface Measurement {
  readonly contender: Contender;
  /** Median over the rounds of nanoseconds per message (one pass = every input once). */
  readonly nsPerMessage: number;
  /** Fastest and slowest round, for the spread. */
  readonly minNs: number;
  readonly maxNs: number;
  readonly passesPerBatch: number;
}

export interface MeasureOptions {
  readonly rounds: number;
  /** Wall time each contender spends warming up (JIT) before the rounds. */
  readonly warmupMs: number;
  /** Target wall time of one batch; slow contenders get fewer passes, never fewer than one. */
  readonly batchMs: number;
}

/** The median of numbers sorted in ascending order. */
export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

function runPasses(contender: Contender, passes: number): bigint {
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) {
    for (const input of contender.inputs) {
      // Using the result keeps the call from being optimized away.
      if (contender.run(input) === undefined) throw new Error(`${contender.library} returned nothing`);
    }
  }
  return process.hrtime.bigint() - start;
}

/** Runs passes for about `ms` milliseconds; returns the mean nanoseconds per pass. */
function runFor(contender: Contender, ms: number): number {
  const budget = BigInt(Math.round(ms * 1e6));
  let spent = 0n;
  let passes = 0;
  while (spent < budget) {
    spent += runPasses(contender, 1);
    passes++;
  }
  return Number(spent) / passes;
}

export function measure(contenders: readonly Contender[], options: MeasureOptions): Measurement[] {
  // Sized after the warm-up, so that the cold first passes do not shrink the batches.
  const passes = contenders.map((contender) => {
    runFor(contender, options.warmupMs);
    return Math.max(1, Math.round((options.batchMs * 1e6) / runFor(contender, options.batchMs)));
  });
  const samples: number[][] = contenders.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      const contender = contenders[i] as Contender;
      const count = passes[i] as number;
      const ns = runPasses(contender, count);
      (samples[i] as number[]).push(Number(ns) / (count * contender.inputs.length));
    }
  }
  return contenders.map((contender, i) => {
    const sorted = (samples[i] as number[]).sort((a, b) => a - b);
    return {
      contender,
      nsPerMessage: median(sorted),
      minNs: sorted[0] as number,
      maxNs: sorted[sorted.length - 1] as number,
      passesPerBatch: passes[i] as number,
    };
  });
}
