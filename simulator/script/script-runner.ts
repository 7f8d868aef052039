/**
 * Which step answers a REGISTER, and what is left of each rule. Rules for the request's AOR come
 * first, then everyone-rules, each group in file order; the first rule whose `when` fits and that
 * still has a step answers, and the step is used up. An everyone-rule keeps a separate place for
 * each AOR, so every registrant goes through its steps from the start. With no rule left the
 * registrar behaves as it would without a script.
 *
 * The transaction layer hands each request to the registrar once, so retransmissions never reach
 * here and never use a step. `pendingSteps` lists steps that never ran to the end, in the spirit
 * of undici's `pendingInterceptors`, so a test can tell a script that did not play out.
 */
import { DEFAULT_AOR_MATCHING, type AorMatching, type AorTarget } from "../aor.js";
import { aorMatches } from "./aor-pattern.js";
import type { Action, CompiledScript, Rule } from "./model.js";
import type { RequestKind } from "./types.js";

/** The step that answers one request, and where it sits. */
export interface ChosenStep {
  readonly action: Action;
  readonly ruleIndex: number;
  readonly stepIndex: number;
  /** `rule 0 step 1 (challenge)`, for logs. */
  readonly label: string;
}

/** A step that has not run to the end for any AOR. */
export interface PendingStep {
  readonly ruleIndex: number;
  readonly stepIndex: number;
  /** The rule's `for`, as written. */
  readonly for: string;
  readonly action: Action["kind"];
  /** Requests it answered, over all AORs. */
  readonly uses: number;
  /** Uses planned per AOR; null for `repeat: forever`. */
  readonly times: number | null;
}

interface Place {
  step: number;
  usedInStep: number;
}

interface StepCount {
  uses: number;
  /** How many places moved past the step (for everyone-rules, one per AOR). */
  completed: number;
}

/**
 * Plays a compiled script's rules against the requests, one place per AOR and rule; `matching`
 * defaults to DEFAULT_AOR_MATCHING.
 */
export class ScriptRunner {
  readonly script: CompiledScript;
  readonly #matching: AorMatching;
  /** Per rule: AOR key → place; each AOR a rule matches goes through its steps from the start. */
  readonly #places: Array<Map<string, Place>>;
  readonly #counts: StepCount[][];

  constructor(script: CompiledScript, matching: AorMatching = DEFAULT_AOR_MATCHING) {
    this.script = script;
    this.#matching = matching;
    this.#places = script.rules.map(() => new Map());
    this.#counts = script.rules.map((rule) => rule.steps.map(() => ({ uses: 0, completed: 0 })));
  }

  /** Uses up the step that answers a REGISTER of `aor` with these kinds; null: no rule applies. */
  take(target: AorTarget, kinds: ReadonlySet<RequestKind>): ChosenStep | null {
    const aor = target.key;
    const forTarget = this.script.rules.filter((rule) => rule.patterns?.some((pattern) => aorMatches(pattern, target, this.#matching)) === true);
    const ordered = [...forTarget, ...this.script.rules.filter((rule) => rule.patterns === null)];
    for (const rule of ordered) {
      if (rule.kinds !== null && ![...rule.kinds].some((kind) => kinds.has(kind))) continue;
      const chosen = this.#advance(rule, aor);
      if (chosen !== null) return chosen;
    }
    return null;
  }

  /** Steps no AOR has finished (a `repeat: forever` step: never used), in file order. */
  pendingSteps(): PendingStep[] {
    const pending: PendingStep[] = [];
    for (const rule of this.script.rules) {
      for (const [stepIndex, step] of rule.steps.entries()) {
        const count = this.#count(rule.index, stepIndex);
        const finished = step.times === null ? count.uses > 0 : count.completed > 0;
        if (finished) continue;
        pending.push({ ruleIndex: rule.index, stepIndex, for: rule.forText, action: step.action.kind, uses: count.uses, times: step.times });
      }
    }
    return pending;
  }

  #advance(rule: Rule, aor: string): ChosenStep | null {
    const places = this.#places[rule.index];
    if (places === undefined) return null;
    let place = places.get(aor);
    if (place === undefined) {
      place = { step: 0, usedInStep: 0 };
      places.set(aor, place);
    }
    const stepIndex = place.step;
    const step = rule.steps[stepIndex];
    if (step === undefined) return null;
    const count = this.#count(rule.index, stepIndex);
    count.uses++;
    if (step.times !== null) {
      place.usedInStep++;
      if (place.usedInStep >= step.times) {
        place.step++;
        place.usedInStep = 0;
        count.completed++;
      }
    }
    return { action: step.action, ruleIndex: rule.index, stepIndex, label: `rule ${rule.index} step ${stepIndex} (${step.action.kind})` };
  }

  #count(ruleIndex: number, stepIndex: number): StepCount {
    const count = this.#counts[ruleIndex]?.[stepIndex];
    if (count === undefined) throw new RangeError(`no step ${stepIndex} in rule ${ruleIndex}`);
    return count;
  }
}

/** A table of pending steps, one line each, for a test failure message or the CLI. */
export function formatPendingSteps(pending: readonly PendingStep[]): string {
  if (pending.length === 0) return "every scripted step was used";
  const lines = pending.map((p) => {
    const planned = p.times === null ? "forever" : `${p.times}x`;
    return `rule ${p.ruleIndex} (for ${p.for}) step ${p.stepIndex} ${p.action}: used ${p.uses}, planned ${planned}`;
  });
  return [`${pending.length} scripted step(s) not used up:`, ...lines].join("\n");
}
