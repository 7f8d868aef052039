/**
 * The two timelines `uacreg timeline` draws of a record, one from the engine's run log and one from
 * what sr_list_reports shows, must tell the same story (D26a): the same states, changed at the same
 * seconds, in the same order. The run log's first state is inferred from its first change; the
 * Status/Report one is the "created" report's.
 */
import assert from "node:assert/strict";
import { Then } from "@cucumber/cucumber";
import { readTimelineInput, type TimelineModel } from "../../engine/index.js";
import { srListReportsJson } from "../../testkit/sr-list-reports.js";
import type { RegistrantWorld } from "../support/world.js";

interface Story {
  readonly first: string;
  readonly changes: readonly string[];
}

/** The lane of `aor`: its first state, then `second: STATE` for every change. */
function storyOf(model: TimelineModel, aor: string, source: string): Story {
  const lanes = model.lanes.filter((lane) => lane.label === aor);
  assert.equal(lanes.length, 1, `the timeline from ${source} has ${lanes.length} lanes for ${aor}`);
  const [first, ...changes] = lanes[0]!.segments;
  assert.ok(first !== undefined, `the timeline from ${source} shows no state for ${aor}`);
  return { first: first.state, changes: changes.map((segment) => `${Math.floor(segment.from.atMs / 1000)}: ${segment.state}`) };
}

Then("the timelines of {word} drawn from the run log and from sr_list_reports agree", function (this: RegistrantWorld, account: string) {
  const aor = this.aorOf(account);
  const fromRunLog = readTimelineInput(this.run.runLog.lines.join("\n"), "run log");
  const fromReports = readTimelineInput(srListReportsJson(this.run.engine.statusReports()), "sr_list_reports");
  assert.equal(fromRunLog.source, "run-log");
  assert.equal(fromReports.source, "status-reports");
  assert.deepEqual(fromReports.skipped, [], "sr_list_reports has reports the timeline could not read");
  const story = storyOf(fromReports.model, aor, "sr_list_reports");
  assert.ok(story.changes.length > 0, `${account}'s Status/Report shows no change: the check would prove nothing`);
  assert.deepEqual(storyOf(fromRunLog.model, aor, "the run log"), story);
});
