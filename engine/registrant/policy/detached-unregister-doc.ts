/**
 * Renders the detached unREGISTER's table (detached-unregister.ts) as Markdown for
 * docs/detached-unregister.md, so that the document is always the code's own table.
 */
import { DETACHED_TRANSITIONS, type DetachedRow } from "./detached-unregister.js";

function answerable(row: DetachedRow): string {
  if (row.answerable === undefined) return "-";
  return row.answerable ? "yes" : "no";
}

/** The Markdown of docs/detached-unregister.md (D26), generated from DETACHED_TRANSITIONS. */
export function renderDetachedTable(): string {
  const lines = [
    "# Detached unREGISTER table (D26)",
    "",
    "<!-- Generated from engine/registrant/policy/detached-unregister.ts; do not edit by hand.",
    "     Regenerate: node --import tsx scripts/write-transition-table.ts -->",
    "",
    "The unREGISTER that removes the binding of a record that left the table (deleted, dropped by a",
    "reload, or replaced by a disabled record) outlives its record. It goes out in the record's dialog",
    "(CSeq+1, expires=0) and has no state, event or Status/Report of its own. Each outcome is",
    "classified into an event, and the **first** row whose From, On and Answerable match decides.",
    "",
    "| Row | From | On | Answerable challenge | Next | Rule |",
    "|---|---|---|---|---|---|",
  ];
  for (const row of DETACHED_TRANSITIONS) {
    lines.push(`| ${row.id} | ${row.from.join(", ")} | ${row.on.join(", ")} | ${answerable(row)} | ${row.next} | ${row.rule} |`);
  }
  return `${lines.join("\n")}\n`;
}
