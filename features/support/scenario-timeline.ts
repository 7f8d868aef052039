/**
 * Every scenario's timeline page (reports/timelines/<feature>/<scenario>-<line>.html): the engine's
 * run log drawn over simulated seconds, with the registrar's transcript as the ladder beneath. The
 * scenario in the Cucumber report gets a link to its page (not the page: the report stays small)
 * and a note of the simulated time it covered, which the suite's summary adds up. The world
 * parameter `reportsDir` (default `reports`) moves the pages elsewhere (the browser check does).
 */
import type { ITestCaseHookParameter } from "@cucumber/cucumber";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  formatSeconds,
  renderTimelineHtml,
  timelineFromRunLog,
  type LadderMessage,
  type RunLogSubject,
  type TimelineModel,
} from "../../engine/index.js";
import { type TranscriptEntry } from "../../simulator/index.js";
import { scenarioSlug as slug, simulatedTimeNote } from "../runner/suite-results.js";
import { START_MS, type RegistrantWorld } from "./world.js";

type GherkinDocument = ITestCaseHookParameter["gherkinDocument"];
type ScenarioHook = Pick<ITestCaseHookParameter, "pickle" | "gherkinDocument" | "result">;

const written = new WeakSet<RegistrantWorld>();

/** Lanes drawn at most on one page. */
const MAX_LANES = 50;

/** Writes the scenario's page and links it, once: after its last step, or at its end. */
export async function writeScenarioTimeline(world: RegistrantWorld, hook: ScenarioHook): Promise<void> {
  if (written.has(world)) return;
  written.add(world);
  const { pickle, gherkinDocument, result } = hook;
  const line = scenarioLine(gherkinDocument, pickle.astNodeIds);
  const relative = `timelines/${basename(pickle.uri, ".feature")}/${slug(pickle.name)}-${line}.html`;
  const reportsDir = typeof world.parameters.reportsDir === "string" ? world.parameters.reportsDir : "reports";
  const { model, endMs } = scenarioModel(world);
  const outcome = result?.status === "PASSED" ? "passed" : result?.status === "FAILED" ? "failed" : null;
  const html = renderTimelineHtml(model, {
    title: pickle.name,
    facts: [`${gherkinDocument.feature?.name ?? pickle.uri} (${pickle.uri}:${line})`, `simulated time covered: ${formatSeconds(endMs - START_MS)}`],
    outcome,
  });
  const path = join(reportsDir, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
  world.link(relative);
  world.log(simulatedTimeNote(endMs - START_MS));
}

function scenarioModel(world: RegistrantWorld): { model: TimelineModel; endMs: number } {
  if (!world.started || world.startError !== null) {
    const model = timelineFromRunLog([], { axis: "simulated", startMs: START_MS, endMs: START_MS });
    const why = world.startError === null ? "The engine was never started in this scenario." : `The engine refused to start: ${world.startError.message}`;
    return { model: { ...model, notes: [why] }, endMs: START_MS };
  }
  const { runLog, clock, registrar } = world.run;
  const endMs = clock.now();
  const transcript = registrar.transcript;
  const all = lanesInTableOrder(world);
  // A page stays readable (and small) with a bounded number of lanes: a scenario with thousands
  // of records shows its first ones and says so.
  const records = all.slice(0, MAX_LANES);
  const shown = new Set(records.map((record) => record.aor));
  const entries = all.length > MAX_LANES ? runLog.entries().filter((entry) => shown.has(entry.aor)) : runLog.entries();
  const model = timelineFromRunLog(entries, { axis: "simulated", startMs: START_MS, endMs, records, ladder: transcript.entries().map(ladderMessage) });
  const dropped = transcript.dropped > 0 ? [`The registrar's transcript kept the last ${transcript.capacity} messages; ${transcript.dropped} earlier ones are not in the ladder.`] : [];
  const cut = all.length > MAX_LANES ? [`${all.length} records: the first ${MAX_LANES} have lanes here.`] : [];
  return { model: { ...model, notes: [...model.notes, ...dropped, ...cut] }, endMs };
}

/** Every record the engine holds gets a lane, even one it never touched, in the order of the scenario's table. */
function lanesInTableOrder(world: RegistrantWorld): RunLogSubject[] {
  // The first row of each AOR ranks it; an AOR without a row goes last.
  const ranks = new Map<string, number>();
  world.rows.forEach((row, index) => {
    if (row.aor !== null && !ranks.has(row.aor)) ranks.set(row.aor, index);
  });
  const rank = (aor: string): number => ranks.get(aor) ?? world.rows.length;
  const records = world.run.engine.list().Records.map((record) => ({ aor: record.AOR, contact: record.binding, registrar: record.registrar }));
  return records.sort((a, b) => rank(a.aor) - rank(b.aor));
}

/** The registrar's view: what it received came from the client, what it sent went to it. */
function ladderMessage(entry: TranscriptEntry): LadderMessage {
  return { atMs: entry.atMs, client: entry.peer, server: entry.local, toServer: entry.direction === "in", summary: entry.summary, missing: false };
}

/** The line of the scenario, or of its example row for a scenario outline: unique within the file. */
function scenarioLine(document: GherkinDocument, astNodeIds: readonly string[]): number {
  const wanted = astNodeIds.at(-1);
  const children = document.feature?.children ?? [];
  const scenarios = children.flatMap((child) => [child.scenario, ...(child.rule?.children ?? []).map((inner) => inner.scenario)]);
  for (const scenario of scenarios) {
    if (scenario === undefined) continue;
    if (scenario.id === wanted) return scenario.location.line;
    const row = scenario.examples.flatMap((examples) => examples.tableBody).find((candidate) => candidate.id === wanted);
    if (row !== undefined) return row.location.line;
  }
  return 0;
}
