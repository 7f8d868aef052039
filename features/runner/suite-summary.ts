/**
 * What `npm start` prints after the suite: scenarios by area with passed and failed, the totals,
 * the wall time, the simulated time covered, and where the reports are.
 */
import { REPORT_FILES, type SuiteResults } from "./suite-results.js";

export function formatSuiteSummary({ results, areas, totals }: SuiteResults, wallMs: number, reportsDir: string): string {
  const nameWidth = Math.max(4, ...areas.map((area) => area.feature.length + area.uri.length + 3));
  const row = (name: string, passed: string, failed: string, simulated: string): string => `  ${name.padEnd(nameWidth)}  ${passed.padStart(6)}  ${failed.padStart(6)}  ${simulated}`;
  const lines = [
    "",
    `uacreg conformance suite: ${results.length} scenarios against the built-in simulated registrar`,
    "",
    row("area", "passed", "failed", "simulated"),
    ...areas.map((area) => row(`${area.feature} (${area.uri})`, String(area.passed), String(area.failed), formatSimulatedTotal(area.simulatedMs))),
    row("total", String(totals.passed), String(totals.failed), formatSimulatedTotal(totals.simulatedMs)),
    "",
    ...(totals.skipped > 0 ? [`skipped: ${totals.skipped}`] : []),
    ...results.filter((r) => r.outcome === "failed").map((r) => `FAILED: ${r.uri}: ${r.name}`),
    `wall time ${(wallMs / 1000).toFixed(1)} s; simulated time covered ${formatSimulatedTotal(totals.simulatedMs)}`,
    `reports: ${reportsDir}/index.html (links to ${REPORT_FILES.map(({ file }) => file).join(", ")} and ${results.filter((r) => r.timeline !== null).length} timelines in ${reportsDir}/timelines/)`,
  ];
  return lines.join("\n");
}

/** `93,650 s (1 d 2 h 0 min)`: seconds as the features count them, and a human reading when long. */
export function formatSimulatedTotal(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const text = `${seconds.toLocaleString("en-US")} s`;
  if (seconds < 3600) return text;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${text} (${days > 0 ? `${days} d ` : ""}${hours} h ${minutes} min)`;
}
