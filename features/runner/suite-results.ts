/**
 * The conformance suite's results, read back from Cucumber's message output (reports/cucumber.ndjson):
 * one result per scenario with its feature (the area), its outcome, its timeline page and the
 * simulated time it covered. A scenario failed when any step failed, was undefined, ambiguous or
 * pending; retried attempts do not count.
 */

export type ScenarioOutcome = "passed" | "failed" | "skipped";

export interface ScenarioResult {
  /** The feature file (`features/events.feature`): the area. */
  readonly uri: string;
  readonly feature: string;
  readonly name: string;
  readonly outcome: ScenarioOutcome;
  /** The timeline page, relative to the reports folder, when the scenario linked one. */
  readonly timeline: string | null;
  readonly simulatedMs: number;
}

export interface OutcomeCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly simulatedMs: number;
}

export interface AreaResult extends OutcomeCounts {
  readonly uri: string;
  readonly feature: string;
  readonly scenarios: readonly ScenarioResult[];
}

/** A run's results with their areas and totals, counted once for the summary and the index page. */
export interface SuiteResults {
  readonly results: readonly ScenarioResult[];
  readonly areas: readonly AreaResult[];
  readonly totals: OutcomeCounts;
}

/** The reports Cucumber writes into the reports folder (cucumber.mjs), each with what it is for. */
export const REPORT_FILES = [
  { file: "cucumber.html", what: "Cucumber report: every scenario, its steps, the registrar scripts, links to the timelines" },
  { file: "junit.xml", what: "JUnit XML, for CI tools" },
  { file: "cucumber.ndjson", what: "Cucumber messages (ndjson), the raw material of this page" },
] as const;

const NOTE_PREFIX = "simulated time: ";
const LINK_MEDIA_TYPE = "text/uri-list";
const RANK: Readonly<Record<string, number>> = { UNKNOWN: 0, PASSED: 1, SKIPPED: 2, PENDING: 3, UNDEFINED: 4, AMBIGUOUS: 5, FAILED: 6 };

/** The note a scenario logs with its simulated time, and its reading. */
export function simulatedTimeNote(ms: number): string {
  return `${NOTE_PREFIX}${ms / 1000} s`;
}

export function readSimulatedTimeNote(text: string): number | null {
  if (!text.startsWith(NOTE_PREFIX)) return null;
  const seconds = Number(text.slice(NOTE_PREFIX.length).replace(/ s$/, ""));
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : null;
}

interface Attempt {
  readonly testCaseId: string;
  worst: string;
  retried: boolean;
  timeline: string | null;
  simulatedMs: number;
}

/** Results in the order the scenarios ran. */
export function readSuiteResults(ndjson: string): ScenarioResult[] {
  const features = new Map<string, string>();
  const pickles = new Map<string, { uri: string; name: string }>();
  const testCases = new Map<string, string>();
  const attempts = new Map<string, Attempt>();
  for (const line of ndjson.split("\n")) {
    if (line.trim() === "") continue;
    const message = JSON.parse(line) as Message;
    if (message.gherkinDocument) features.set(message.gherkinDocument.uri, message.gherkinDocument.feature?.name ?? message.gherkinDocument.uri);
    else if (message.pickle) pickles.set(message.pickle.id, { uri: message.pickle.uri, name: message.pickle.name });
    else if (message.testCase) testCases.set(message.testCase.id, message.testCase.pickleId);
    else if (message.testCaseStarted) attempts.set(message.testCaseStarted.id, { testCaseId: message.testCaseStarted.testCaseId, worst: "PASSED", retried: false, timeline: null, simulatedMs: 0 });
    else if (message.testStepFinished) {
      const attempt = attempts.get(message.testStepFinished.testCaseStartedId);
      const status = message.testStepFinished.testStepResult.status;
      if (attempt !== undefined && (RANK[status] ?? RANK["FAILED"]!) > RANK[attempt.worst]!) attempt.worst = status in RANK ? status : "FAILED";
    } else if (message.testCaseFinished) {
      const attempt = attempts.get(message.testCaseFinished.testCaseStartedId);
      if (attempt !== undefined) attempt.retried = message.testCaseFinished.willBeRetried === true;
    } else if (message.attachment) {
      const attempt = attempts.get(message.attachment.testCaseStartedId ?? "");
      if (attempt === undefined) continue;
      if (message.attachment.mediaType === LINK_MEDIA_TYPE) attempt.timeline = message.attachment.body;
      attempt.simulatedMs = readSimulatedTimeNote(message.attachment.body) ?? attempt.simulatedMs;
    }
  }
  const results: ScenarioResult[] = [];
  for (const attempt of attempts.values()) {
    if (attempt.retried) continue;
    const pickle = pickles.get(testCases.get(attempt.testCaseId) ?? "");
    if (pickle === undefined) continue;
    const outcome: ScenarioOutcome = attempt.worst === "PASSED" ? "passed" : attempt.worst === "SKIPPED" ? "skipped" : "failed";
    results.push({ uri: pickle.uri, feature: features.get(pickle.uri) ?? pickle.uri, name: pickle.name, outcome, timeline: attempt.timeline, simulatedMs: attempt.simulatedMs });
  }
  return results;
}

/** The file name a scenario's timeline page starts with (then `-<line>.html`), from its name. */
export function scenarioSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 80) || "scenario"
  );
}

export function summariseSuite(results: readonly ScenarioResult[]): SuiteResults {
  return { results, areas: groupByArea(results), totals: countOutcomes(results) };
}

/** Areas (feature files) in the order they first ran, each with its counts. */
export function groupByArea(results: readonly ScenarioResult[]): AreaResult[] {
  const areas = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const scenarios = areas.get(result.uri);
    if (scenarios === undefined) areas.set(result.uri, [result]);
    else scenarios.push(result);
  }
  return [...areas.entries()].map(([uri, scenarios]) => ({
    uri,
    feature: scenarios[0]!.feature,
    scenarios,
    ...countOutcomes(scenarios),
  }));
}

export function countOutcomes(scenarios: readonly ScenarioResult[]): OutcomeCounts {
  const count = (outcome: ScenarioOutcome): number => scenarios.filter((s) => s.outcome === outcome).length;
  return { passed: count("passed"), failed: count("failed"), skipped: count("skipped"), simulatedMs: scenarios.reduce((sum, s) => sum + s.simulatedMs, 0) };
}

/** A run passed when no scenario failed and at least one passed (a tag that matched nothing fails). */
export function suiteVerdict(totals: Pick<OutcomeCounts, "passed" | "failed">): "passed" | "failed" {
  return totals.failed === 0 && totals.passed > 0 ? "passed" : "failed";
}

/** The closing line CI reads: "cucumber: N passed, N failed" (and the skipped, when any). */
export function closingLine(totals: { readonly passed: number; readonly failed: number; readonly skipped: number }): string {
  return `cucumber: ${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ""}`;
}

/** The closing line when Cucumber wrote no message output at all. */
export const NO_REPORT_LINE = "cucumber: 0 passed, 0 failed (no report: cucumber did not run)";

/** The few fields of Cucumber's messages this reader needs. */
interface Message {
  readonly gherkinDocument?: { readonly uri: string; readonly feature?: { readonly name: string } };
  readonly pickle?: { readonly id: string; readonly uri: string; readonly name: string };
  readonly testCase?: { readonly id: string; readonly pickleId: string };
  readonly testCaseStarted?: { readonly id: string; readonly testCaseId: string };
  readonly testStepFinished?: { readonly testCaseStartedId: string; readonly testStepResult: { readonly status: string } };
  readonly testCaseFinished?: { readonly testCaseStartedId: string; readonly willBeRetried?: boolean };
  readonly attachment?: { readonly testCaseStartedId?: string; readonly mediaType: string; readonly body: string };
}
