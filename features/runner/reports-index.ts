/**
 * reports/index.html: the totals of a suite run, links to the Cucumber HTML, JUnit XML and message
 * reports, and every scenario's timeline grouped by area with its outcome. Self-contained (works
 * offline); every link is relative to the reports folder.
 */
import { escapeMarkup as esc } from "../../engine/index.js";
import { REPORT_FILES, suiteVerdict, type ScenarioResult, type SuiteResults } from "./suite-results.js";
import { formatSimulatedTotal } from "./suite-summary.js";

export interface SuiteRun extends SuiteResults {
  readonly wallMs: number;
  /** When the run finished, for the page's heading. */
  readonly finishedAt: Date;
}

export function renderReportsIndex(run: SuiteRun): string {
  const { totals, areas } = run;
  const verdict = suiteVerdict(totals);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>uacreg conformance suite — ${verdict}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>uacreg conformance suite <span class="badge ${verdict}">${verdict}</span></h1>
<p class="totals" data-passed="${totals.passed}" data-failed="${totals.failed}" data-skipped="${totals.skipped}">
<b>${run.results.length}</b> scenarios: <b class="passed">${totals.passed} passed</b>, <b class="failed">${totals.failed} failed</b>${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ""}
in ${(run.wallMs / 1000).toFixed(1)} s of wall time, covering ${esc(formatSimulatedTotal(totals.simulatedMs))} of simulated time.
Finished ${esc(run.finishedAt.toISOString())}.</p>
<ul class="files">
${REPORT_FILES.map(({ file, what }) => `<li><a href="${file}">${file}</a> — ${esc(what)}</li>`).join("\n")}
</ul>
<h2>Areas</h2>
<table class="areas">
<thead><tr><th>area</th><th>feature file</th><th>passed</th><th>failed</th><th>simulated</th></tr></thead>
<tbody>
${areas.map((area) => `<tr><td><a href="#${anchor(area.uri)}">${esc(area.feature)}</a></td><td>${esc(area.uri)}</td><td>${area.passed}</td><td class="${area.failed > 0 ? "failed" : ""}">${area.failed}</td><td>${esc(formatSimulatedTotal(area.simulatedMs))}</td></tr>`).join("\n")}
</tbody>
</table>
${areas.map((area) => areaSection(area.uri, area.feature, area.scenarios)).join("\n")}
</body>
</html>
`;
}

function areaSection(uri: string, feature: string, scenarios: readonly ScenarioResult[]): string {
  const rows = scenarios.map((scenario) => {
    const name = scenario.timeline === null ? esc(scenario.name) : `<a href="${esc(scenario.timeline)}">${esc(scenario.name)}</a>`;
    return `<li class="${scenario.outcome}" data-outcome="${scenario.outcome}"><span class="mark">${MARK[scenario.outcome]}</span> ${name} <span class="sim">${esc(formatSimulatedTotal(scenario.simulatedMs))}</span></li>`;
  });
  return `<h3 id="${anchor(uri)}">${esc(feature)} <small>${esc(uri)}</small></h3>\n<ul class="scenarios">\n${rows.join("\n")}\n</ul>`;
}

const MARK = { passed: "✔", failed: "✘", skipped: "–" } as const;

function anchor(uri: string): string {
  return uri.replace(/[^A-Za-z0-9]+/g, "-");
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2630; max-width: 70em; }
h1 { font-size: 22px; }
h2 { font-size: 17px; margin-top: 26px; }
h3 { font-size: 15px; margin: 22px 0 6px; }
h3 small { color: #6b7785; font-weight: normal; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; vertical-align: middle; color: #fff; }
.badge.passed { background: #2e9b4f; }
.badge.failed { background: #d13c3c; }
b.passed { color: #1e7b34; }
b.failed, td.failed { color: #c0392b; }
table.areas { border-collapse: collapse; }
.areas th, .areas td { text-align: left; padding: 3px 14px 3px 0; border-bottom: 1px solid #e3e7eb; }
ul.scenarios { list-style: none; padding-left: 4px; margin: 0; }
ul.scenarios li { margin: 2px 0; }
li.passed .mark { color: #1e7b34; }
li.failed .mark { color: #c0392b; }
li.failed a { color: #c0392b; font-weight: 600; }
.sim { color: #6b7785; font-size: 12px; margin-left: 6px; }
`;
