// Stryker ignorer for the transition table's documentation (engine/registrant/transition-table.ts).
// docs/transition-table.md is rendered from these values, but the engine never reads them, so a
// mutant there cannot change anything the suite observes: it is equivalent by construction.
// Everything else in the table (states, events, when-facts, effects, row order, row ids that the run
// log records) stays mutated.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

/** Top-level declarations of the table read only by the doc renderer and the table's unit test. */
const DOC_ONLY_DECLARATIONS = new Map([
  ["FSM_EVENTS", "meanings of the events, rendered into docs/transition-table.md only"],
  ["FACTS", "meanings of the facts, rendered into docs/transition-table.md only"],
  ["EFFECTS", "meanings of the effects, rendered into docs/transition-table.md only"],
  ["GENERAL_RULES", "general rules G1-G8 as prose, rendered into docs/transition-table.md only (fsm.ts implements them)"],
  ["EVENT_FACTS", "which facts each event is classified with, read by the doc and the table's unit test; fsm.ts classifies on its own"],
]);

function declaratorName(path) {
  return path.isVariableDeclarator() && path.node.id.type === "Identifier" ? path.node.id.name : undefined;
}

function isRuleCitation(path) {
  if (!path.isObjectProperty() || path.node.computed || path.node.key.type !== "Identifier" || path.node.key.name !== "rule") {
    return false;
  }
  return path.findParent((parent) => declaratorName(parent) === "TRANSITIONS") !== null;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "doc-only", {
    shouldIgnore(path) {
      const reason = DOC_ONLY_DECLARATIONS.get(declaratorName(path));
      if (reason !== undefined) return `doc-only: ${reason}`;
      if (isRuleCitation(path)) return "doc-only: the row's spec citation, rendered into docs/transition-table.md only";
      return undefined;
    },
  }),
];
