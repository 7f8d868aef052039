// Stryker ignorer for the transition table's documentation (engine/registrant/policy/transition-table.ts).
// docs/transition-table.md is rendered from these values, but the engine never reads them, so a
// mutant there cannot change anything the suite observes: it is equivalent by construction.
// FSM_EVENTS, FACTS, EFFECTS and GENERAL_RULES need no entry: they are `as const` expressions, which
// Stryker never mutates. Everything else in the table (states, events, when-facts, effects, row
// order, the row ids that the run log records) stays mutated.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

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
      if (isRuleCitation(path)) return "doc-only: the row's spec citation, rendered into docs/transition-table.md only";
      if (declaratorName(path) === "EVENT_FACTS") {
        return "doc-only: which facts each event is classified with, read by the doc and the table's unit test; fsm.ts classifies on its own";
      }
      return undefined;
    },
  }),
];
