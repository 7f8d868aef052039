import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderReportsIndex } from "./reports-index.js";
import { groupByArea, readSimulatedTimeNote, readSuiteResults, simulatedTimeNote, summariseSuite } from "./suite-results.js";
import { formatSimulatedTotal, formatSuiteSummary } from "./suite-summary.js";

/** Cucumber messages of a run: two features, three scenarios, one failed, one retried then passed. */
function ndjson(): string {
  const messages: object[] = [
    { gherkinDocument: { uri: "features/a.feature", feature: { name: "Area <A>" } } },
    { gherkinDocument: { uri: "features/b.feature", feature: { name: "Area B" } } },
    { pickle: { id: "p1", uri: "features/a.feature", name: "passes" } },
    { pickle: { id: "p2", uri: "features/a.feature", name: "fails" } },
    { pickle: { id: "p3", uri: "features/b.feature", name: "flaky" } },
    { testCase: { id: "t1", pickleId: "p1" } },
    { testCase: { id: "t2", pickleId: "p2" } },
    { testCase: { id: "t3", pickleId: "p3" } },
    ...attempt("s1", "t1", ["PASSED", "PASSED"], 3600_000, "timelines/a/passes-3.html"),
    ...attempt("s2", "t2", ["PASSED", "UNDEFINED", "SKIPPED"], 50_000, "timelines/a/fails-7.html"),
    ...attempt("s3", "t3", ["FAILED"], 1000, null, true),
    ...attempt("s4", "t3", ["PASSED"], 2500, "timelines/b/flaky-3.html"),
  ];
  return messages.map((m) => JSON.stringify(m)).join("\n") + "\n";
}

function attempt(id: string, testCaseId: string, steps: string[], simulatedMs: number, link: string | null, willBeRetried = false): object[] {
  return [
    { testCaseStarted: { id, testCaseId } },
    ...steps.map((status) => ({ testStepFinished: { testCaseStartedId: id, testStepResult: { status } } })),
    ...(link === null ? [] : [{ attachment: { testCaseStartedId: id, mediaType: "text/uri-list", body: link } }]),
    { attachment: { testCaseStartedId: id, mediaType: "text/x.cucumber.log+plain", body: simulatedTimeNote(simulatedMs) } },
    { testCaseFinished: { testCaseStartedId: id, willBeRetried } },
  ];
}

describe("suite results from Cucumber messages", () => {
  it("gives each scenario its area, outcome, timeline and simulated time; retried attempts do not count", () => {
    assert.deepEqual(readSuiteResults(ndjson()), [
      { uri: "features/a.feature", feature: "Area <A>", name: "passes", outcome: "passed", timeline: "timelines/a/passes-3.html", simulatedMs: 3600_000 },
      { uri: "features/a.feature", feature: "Area <A>", name: "fails", outcome: "failed", timeline: "timelines/a/fails-7.html", simulatedMs: 50_000 },
      { uri: "features/b.feature", feature: "Area B", name: "flaky", outcome: "passed", timeline: "timelines/b/flaky-3.html", simulatedMs: 2500 },
    ]);
  });

  it("groups by area with counts", () => {
    const areas = groupByArea(readSuiteResults(ndjson()));
    assert.deepEqual(
      areas.map((a) => [a.uri, a.passed, a.failed, a.simulatedMs]),
      [
        ["features/a.feature", 1, 1, 3_650_000],
        ["features/b.feature", 1, 0, 2500],
      ],
    );
  });

  it("reads back the simulated time note it writes", () => {
    assert.equal(readSimulatedTimeNote(simulatedTimeNote(3_550_002)), 3_550_002);
    assert.equal(readSimulatedTimeNote("something else"), null);
  });
});

describe("suite summary and reports index", () => {
  const suite = summariseSuite(readSuiteResults(ndjson()));

  it("prints scenarios by area, totals, wall and simulated time, and where the reports are", () => {
    const text = formatSuiteSummary(suite, 4321, "reports");
    assert.match(text, /Area <A> \(features\/a\.feature\)\s+1\s+1\s+3,650 s \(1 h 0 min\)/);
    assert.match(text, /total\s+2\s+1\s+3,653 s/);
    assert.match(text, /FAILED: features\/a\.feature: fails/);
    assert.match(text, /wall time 4\.3 s; simulated time covered 3,653 s \(1 h 0 min\)/);
    assert.match(text, /reports: reports\/index\.html .* 3 timelines in reports\/timelines\//);
  });

  it("writes an index that links every report and timeline, with totals, escaping names", () => {
    const html = renderReportsIndex({ ...suite, wallMs: 4321, finishedAt: new Date(0) });
    for (const file of ["cucumber.html", "junit.xml", "cucumber.ndjson", "timelines/a/passes-3.html", "timelines/a/fails-7.html", "timelines/b/flaky-3.html"]) assert.ok(html.includes(`href="${file}"`), file);
    assert.match(html, /data-passed="2" data-failed="1"/);
    assert.match(html, /<span class="badge failed">failed<\/span>/);
    assert.ok(html.includes("Area &lt;A&gt;") && !html.includes("Area <A>"));
  });

  it("reads long simulated times in days and hours too", () => {
    assert.equal(formatSimulatedTotal(93_650_000), "93,650 s (1 d 2 h 0 min)");
    assert.equal(formatSimulatedTotal(51_000), "51 s");
  });
});
