/**
 * Keeps the `@row-<name>` tags honest: a scenario tagged with a row of the transition table
 * (docs/transition-table.md) fails when no step of any of its records was decided by that row.
 * The engine tells the World every row that decided a step (EngineDeps.onRule).
 */
import type { ITestCaseHookParameter } from "@cucumber/cucumber";
import { TRANSITIONS } from "../../engine/index.js";
import type { RegistrantWorld } from "./world.js";

const ROW_TAG = "@row-";
const KNOWN_ROWS = new Set(TRANSITIONS.map((row) => row.id));

/** Throws when the scenario claims rows of the table that do not exist or never decided a step. */
export function checkRowTags(world: RegistrantWorld, pickle: ITestCaseHookParameter["pickle"]): void {
  const claimed = pickle.tags.map((tag) => tag.name).filter((name) => name.startsWith(ROW_TAG)).map((name) => name.slice(ROW_TAG.length));
  const unknown = claimed.filter((row) => !KNOWN_ROWS.has(row));
  if (unknown.length > 0) throw new Error(`tagged with rows the transition table does not have: ${unknown.join(", ")}`);
  const never = claimed.filter((row) => !world.firedRows.has(row));
  if (never.length > 0) {
    throw new Error(`tagged with rows that never fired: ${never.join(", ")} (fired: ${[...world.firedRows].sort().join(", ") || "none"})`);
  }
}
