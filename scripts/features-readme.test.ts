import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { TRANSITIONS } from "../engine/index.js";
import {
  allScenarios,
  decisions,
  decisionTag,
  NOT_ENGINE_SIDE,
  renderFeaturesReadme,
  ROOT,
  rowTag,
  scenarioTags,
  scenariosTagged,
  unknownRowTags,
} from "./features-readme.js";

describe("the conformance suite's coverage map (features/README.md)", () => {
  const scenarios = allScenarios();

  it("features/README.md is what the generator writes (regenerate: node --import tsx scripts/write-features-readme.ts)", () => {
    assert.equal(readFileSync(`${ROOT}features/README.md`, "utf8"), renderFeaturesReadme());
  });

  it("issue 5: every row of the transition table has a scenario tagged @row-<name>", () => {
    const uncovered = TRANSITIONS.map((row) => row.id).filter((id) => scenariosTagged(scenarios, rowTag(id)).length === 0);
    assert.deepEqual(uncovered, []);
  });

  it("issue 5: every engine-side decision of Part A has a scenario tagged @D<n>", () => {
    const uncovered = decisions()
      .map((d) => d.id)
      .filter((id) => !(id in NOT_ENGINE_SIDE) && scenariosTagged(scenarios, decisionTag(id)).length === 0);
    assert.deepEqual(uncovered, []);
  });

  it("lettered decisions of Part A (D9a, D26a) are read too, each after its parent", () => {
    const ids = decisions().map((d) => d.id);
    for (const [parent, lettered] of [["D9", "D9a"], ["D26", "D26a"]] as const) {
      assert.equal(ids.indexOf(lettered), ids.indexOf(parent) + 1, lettered);
    }
  });

  it("every @row- tag names a row of the transition table", () => {
    assert.deepEqual(unknownRowTags(scenarios), []);
  });

  it("the decisions said not to be engine-side exist in Part A", () => {
    const ids = new Set(decisions().map((d) => d.id));
    assert.deepEqual(Object.keys(NOT_ENGINE_SIDE).filter((id) => !ids.has(id)), []);
  });

  it("tags of the Feature, the Rule and an Examples block apply to the scenario; doc strings are not read", () => {
    const text = [
      "@spec-5",
      "Feature: f",
      "  Background:",
      "    Given x",
      "  @r1",
      "  Rule: r",
      "    @D1 @row-a",
      "    Scenario: one",
      '      """',
      "      @row-not-a-tag",
      '      """',
      "    Scenario Outline: two",
      "      @row-b",
      "      Examples:",
      "        | x |",
    ].join("\n");
    const found = scenarioTags("features/x.feature", text).map((s) => ({ name: s.name, line: s.line, tags: [...s.tags].sort() }));
    assert.deepEqual(found, [
      { name: "one", line: 8, tags: ["@D1", "@r1", "@row-a", "@spec-5"] },
      { name: "two", line: 12, tags: ["@r1", "@row-b", "@spec-5"] },
    ]);
  });

  it("an unknown @row- tag is reported with its place", () => {
    const found = unknownRowTags(scenarioTags("features/x.feature", "Feature: f\n  @row-no-such-row\n  Scenario: s\n"));
    assert.deepEqual(found, ["features/x.feature:3 @row-no-such-row"]);
  });
});
