/**
 * What the simulator did so far, in words: the bindings it holds per AOR, the requests it handled
 * by outcome, and the script steps that never ran (a rule that never matched shows here, which is
 * how a `for:` that names the wrong AOR is found). Printed by `uacreg simulate` on stop and on
 * SIGUSR1.
 */
import type { BindingView } from "./registrar.js";
import type { RequestTally } from "./request-tally.js";
import { formatPendingSteps, type PendingStep } from "./script/script-runner.js";

export interface RunSummaryInput {
  readonly bindings: readonly BindingView[];
  readonly tally: RequestTally;
  /** Null without a script. */
  readonly pending: readonly PendingStep[] | null;
  /** List every AOR and every contact. */
  readonly verbose: boolean;
}

/** Without --verbose, AORs beyond this many are counted by how many bindings each has. */
const AOR_LINES_MAX = 20;

export function formatRunSummary(input: RunSummaryInput): string {
  return [...bindingLines(input.bindings, input.verbose), requestLine(input.tally), ...scriptLines(input.pending)].join("\n");
}

function bindingLines(bindings: readonly BindingView[], verbose: boolean): string[] {
  const byAor = new Map<string, BindingView[]>();
  for (const binding of bindings) {
    const list = byAor.get(binding.aor);
    if (list === undefined) byAor.set(binding.aor, [binding]);
    else list.push(binding);
  }
  const head = `bindings: ${bindings.length} contact${plural(bindings.length)} for ${byAor.size} AOR${plural(byAor.size)}`;
  if (verbose) {
    const lines = [head];
    for (const [aor, list] of byAor) {
      lines.push(`  ${aor}: ${list.length}`);
      for (const binding of list) lines.push(`    ${binding.contact} expires in ${binding.expiresSec} s (call ${binding.callId}, CSeq ${binding.cseq})`);
    }
    return lines;
  }
  if (byAor.size <= AOR_LINES_MAX) return [head, ...[...byAor].map(([aor, list]) => `  ${aor}: ${list.length}`)];
  const histogram = new Map<number, number>();
  for (const list of byAor.values()) histogram.set(list.length, (histogram.get(list.length) ?? 0) + 1);
  const counts = [...histogram].sort(([a], [b]) => a - b).map(([contacts, aors]) => `${aors} with ${contacts}`);
  return [`${head} (${counts.join(", ")}; --verbose lists them)`];
}

function requestLine(tally: RequestTally): string {
  const outcomes = tally.entries().map(([outcome, count]) => `${outcome} ${count}`);
  return `requests: ${tally.total}${outcomes.length === 0 ? "" : ` (${outcomes.join(", ")})`}`;
}

function scriptLines(pending: readonly PendingStep[] | null): string[] {
  if (pending === null) return [];
  const unmatched = pending.filter((step) => step.stepIndex === 0 && step.uses === 0);
  const lines = unmatched.map((step) => `script: rule ${step.ruleIndex} (for ${step.for}) never matched a request`);
  return [...lines, ...formatPendingSteps(pending).split("\n").map((line) => `script: ${line}`)];
}

function plural(count: number): string {
  return count === 1 ? "" : "s";
}
