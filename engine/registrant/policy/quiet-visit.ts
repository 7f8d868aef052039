/**
 * Which timer visits change nothing, read off the transition table: a visit to a record that is
 * not due (REGISTERED before its refresh point, an error state before its retry) or whose
 * request is in flight takes a row that leaves the state unchanged and does nothing, whatever
 * the other facts. The engine need not step such a record at all; at rest, with 10,000
 * registered records, that is 1,250 steps a second (each copying the record's runtime) saved.
 * The answer is worked out once per state from `findRow`, so it follows the table.
 */
import { bindingExpiryAfter } from "./dialog-resume.js";
import type { RegistrantRuntime } from "./record.js";
import { isDue } from "./schedule.js";
import { REGISTRANT_STATES, type RegistrantStateName } from "./states.js";
import { EVENT_FACTS, findRow, type FactName } from "./transition-table.js";

/** Does every visit row `state` can take with `due` leave the record exactly as it was? */
function quietFor(state: RegistrantStateName, due: boolean): boolean {
  const free = EVENT_FACTS.visit.filter((fact) => fact !== "due");
  for (let mask = 0; mask < 2 ** free.length; mask++) {
    const facts: Partial<Record<FactName, boolean>> = { due };
    free.forEach((fact, bit) => {
      facts[fact] = ((mask >> bit) & 1) === 1;
    });
    const row = findRow(state, "visit", facts);
    if (row === undefined || row.to !== "unchanged" || row.effects.length > 0) return false;
    // A row that ended the binding would change what the engine keeps beside the runtime.
    if (bindingExpiryAfter(row, 0, 0, 1) !== 1) return false;
  }
  return true;
}

/** Per state: [quiet when not due, quiet when due]. */
const QUIET: ReadonlyMap<RegistrantStateName, readonly [boolean, boolean]> = new Map(
  REGISTRANT_STATES.map((state) => [state, [quietFor(state, false), quietFor(state, true)]] as const),
);

/**
 * True when a timer visit at `nowSec` would step `runtime` to an equal runtime with no action
 * (the `due` fact as the state machine computes it: now >= TO and not held, D31).
 */
export function visitChangesNothing(runtime: RegistrantRuntime, nowSec: number): boolean {
  const due = isDue(nowSec, runtime.timeoutSec) && runtime.held !== true;
  return QUIET.get(runtime.state)?.[due ? 1 : 0] ?? false;
}
