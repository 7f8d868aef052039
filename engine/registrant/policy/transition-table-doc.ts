/**
 * Renders the transition table (transition-table.ts) as Markdown for docs/transition-table.md,
 * so that the document is always the code's own table (a test compares them).
 */
import { REGISTRANT_EVENTS } from "./events.js";
import { REGISTRANT_STATES, stateCode, type RegistrantStateName } from "./states.js";
import { EFFECTS, EVENT_FACTS, FACTS, FSM_EVENTS, GENERAL_RULES, TRANSITIONS, type FsmEvent, type TransitionRow } from "./transition-table.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function states(list: readonly RegistrantStateName[]): string {
  if (list.length === REGISTRANT_STATES.length) return "any";
  return list.map(stateCode).join(", ");
}

function when(row: TransitionRow): string {
  const parts = Object.entries(row.when).map(([fact, value]) => (value ? fact : `not ${fact}`));
  return parts.length === 0 ? "otherwise" : parts.join(", ");
}

function to(row: TransitionRow): string {
  return row.to === "unchanged" ? "unchanged" : `${stateCode(row.to)} ${row.to}`;
}

/** The Markdown of docs/transition-table.md, generated from TRANSITIONS. */
export function renderTransitionTable(): string {
  const lines: string[] = [
    "# Registrant transition table",
    "",
    "<!-- Generated from engine/registrant/policy/transition-table.ts; do not edit by hand.",
    "     Regenerate: node --import tsx scripts/write-transition-table.ts -->",
    "",
    "Spec Part B §5.3 with every Part A decision applied. The state machine (`engine/registrant/policy/fsm.ts`)",
    "classifies each input into an event and a set of yes/no facts, then takes the **first** row below",
    "whose From, On and When match, and carries out its effects. A test checks that every state, event",
    "and combination of facts reaches a row, and runs every row as its own unit test.",
    "",
    "## States",
    "",
    "| # | State | Event raised on entry |",
    "|---|---|---|",
  ];
  for (const state of REGISTRANT_STATES) {
    const event = state === "NOT_REGISTERED_STATE" ? "none" : REGISTRANT_EVENTS[state];
    lines.push(`| ${stateCode(state)} | \`${state}\` | ${event === "none" ? "none" : `\`${event}\``} |`);
  }
  lines.push("", "## Events and the facts their rows test", "", "| On | Meaning | Facts |", "|---|---|---|");
  for (const [event, meaning] of Object.entries(FSM_EVENTS)) {
    const facts = EVENT_FACTS[event as FsmEvent];
    lines.push(`| \`${event}\` | ${cell(meaning)} | ${facts.length === 0 ? "none" : facts.join(", ")} |`);
  }
  lines.push("", "## Facts", "", "| Fact | Meaning |", "|---|---|");
  for (const [fact, meaning] of Object.entries(FACTS)) lines.push(`| ${fact} | ${cell(meaning)} |`);
  lines.push("", "## General rules", "", "| Rule | Spec | Text |", "|---|---|---|");
  for (const [id, spec, text] of GENERAL_RULES) lines.push(`| ${id} | ${spec} | ${cell(text)} |`);
  lines.push(
    "",
    "## Transitions",
    "",
    "| # | Row | From | On | When | To | Effects | Spec |",
    "|---|---|---|---|---|---|---|---|",
  );
  TRANSITIONS.forEach((row, i) => {
    const effects = row.effects.length === 0 ? "none" : row.effects.join(", ");
    const on = row.on.map((event) => `\`${event}\``).join(", ");
    lines.push(
      `| ${i + 1} | ${row.id} | ${states(row.from)} | ${on} | ${when(row)} | ${to(row)} | ${effects} | ${cell(row.rule)} |`,
    );
  });
  lines.push("", "## Effects", "", "| Effect | Meaning |", "|---|---|");
  for (const [effect, meaning] of Object.entries(EFFECTS)) lines.push(`| ${effect} | ${cell(meaning)} |`);
  lines.push("");
  return lines.join("\n");
}
