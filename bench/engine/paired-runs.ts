/**
 * Runs without and with something, in pairs, for the overhead figures of bench:management and
 * bench:run: each pair back to back, so that drift in the machine's load cancels within a pair,
 * and which half goes first alternating, since the load drifts in one direction over a few runs
 * and a fixed order would credit that drift to one side. The figure is the median of the pairs'
 * overheads.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `pairs` pairs of runOff and runOn, "off" first in the odd-numbered pairs (1st, 3rd, ...). */
export async function alternatingPairs<Off, On>(pairs: number, runOff: () => Promise<Off>, runOn: () => Promise<On>): Promise<{ off: Off[]; on: On[] }> {
  const off: Off[] = [];
  const on: On[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (pair % 2 === 0) {
      off.push(await runOff());
      on.push(await runOn());
    } else {
      on.push(await runOn());
      off.push(await runOff());
    }
  }
  return { off, on };
}

/**
 * Each pair's overhead in percent, (on − off) / off of their costs (CPU per registration); a pair
 * where either cost is null (a run that did not finish) is left out.
 */
export function pairOverheadsPct(offCosts: readonly (number | null)[], onCosts: readonly (number | null)[]): number[] {
  return offCosts.flatMap((off, i) => {
    const on = onCosts[i];
    return off === null || on === null || on === undefined ? [] : [((on - off) / off) * 100];
  });
}
