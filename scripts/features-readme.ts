/**
 * The coverage map of the conformance suite: which scenarios exercise each row of the transition
 * table (`@row-<id>` tags) and each engine-side decision of spec Part A (`@D<n>` tags), rendered
 * as features/README.md. Feature and Rule tags apply to every scenario under them; the tags of an
 * Examples block count for its Scenario Outline. `write-features-readme.ts` writes the file and
 * `features-readme.test.ts` fails when it is stale or when a row or decision has no scenario.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TRANSITIONS } from "../engine/index.js";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FEATURES_DIR = "features";
const SPEC = "docs/spec/uac-registrant.md";

/** Part A decisions that the engine does not carry out, and why; every other one needs a scenario. */
export const NOT_ENGINE_SIDE: Readonly<Record<string, string>> = {};

export interface ScenarioTags {
  /** Path from the repository root. */
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly tags: ReadonlySet<string>;
}

export interface Decision {
  readonly id: string;
  readonly topic: string;
}

/**
 * The scenarios of one feature file with the tags that apply to each. A line reader, not a full
 * Gherkin parser: tags lines, Feature, Rule, Background, Scenario (Outline), Example(s) and doc
 * strings are all the suite's files use.
 */
export function scenarioTags(file: string, text: string): ScenarioTags[] {
  const scenarios: { file: string; line: number; name: string; tags: Set<string> }[] = [];
  let pending: string[] = [];
  let featureTags: string[] = [];
  let ruleTags: string[] = [];
  let docString: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (docString !== null) {
      if (line.startsWith(docString)) docString = null;
      return;
    }
    if (line.startsWith('"""') || line.startsWith("```")) {
      docString = line.slice(0, 3);
      return;
    }
    if (line.startsWith("@")) {
      pending.push(...line.split(/\s+/).filter((word) => word.startsWith("@")));
      return;
    }
    const keyword = /^(Feature|Rule|Background|Scenario Outline|Scenario Template|Scenario|Example|Examples|Scenarios):\s*(.*)$/.exec(line);
    if (keyword === null) return;
    const [, kind, name = ""] = keyword;
    if (kind === "Feature") featureTags = pending;
    else if (kind === "Rule") ruleTags = pending;
    else if (kind === "Examples" || kind === "Scenarios") {
      const outline = scenarios.at(-1);
      if (outline === undefined) throw new Error(`${file}:${index + 1}: Examples outside a Scenario Outline`);
      for (const tag of pending) outline.tags.add(tag);
    } else if (kind !== "Background") {
      scenarios.push({ file, line: index + 1, name: name.trim(), tags: new Set([...featureTags, ...ruleTags, ...pending]) });
    }
    pending = [];
  });
  return scenarios;
}

export function allScenarios(root = ROOT): ScenarioTags[] {
  const files = readdirSync(`${root}${FEATURES_DIR}`)
    .filter((name) => name.endsWith(".feature"))
    .sort();
  return files.flatMap((name) => scenarioTags(`${FEATURES_DIR}/${name}`, readFileSync(`${root}${FEATURES_DIR}/${name}`, "utf8")));
}

/** Part A's table: `| D1 | Refresh moment | ...`, and a reading added later under a letter (`| D26a | ...`). */
export function decisions(root = ROOT): Decision[] {
  const found: Decision[] = [];
  for (const line of readFileSync(`${root}${SPEC}`, "utf8").split("\n")) {
    const match = /^\| (D\d+[a-z]?) \| ([^|]+) \|/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) found.push({ id: match[1], topic: match[2].trim() });
  }
  if (found.length === 0) throw new Error(`${SPEC}: no Part A decision rows found`);
  return found;
}

export const rowTag = (id: string): string => `@row-${id}`;
export const decisionTag = (id: string): string => `@${id}`;

export function scenariosTagged(scenarios: readonly ScenarioTags[], tag: string): ScenarioTags[] {
  return scenarios.filter((s) => s.tags.has(tag));
}

/** `@row-` tags that name no row of the table, with where they are. */
export function unknownRowTags(scenarios: readonly ScenarioTags[]): string[] {
  const known = new Set(TRANSITIONS.map((row) => rowTag(row.id)));
  return scenarios.flatMap((s) => [...s.tags].filter((tag) => tag.startsWith("@row-") && !known.has(tag)).map((tag) => `${s.file}:${s.line} ${tag}`));
}

function cell(scenarios: readonly ScenarioTags[]): string {
  if (scenarios.length === 0) return "**none**";
  // No line numbers: the map changes only when tags or scenario names do, not on every edit.
  return scenarios.map((s) => `[${s.file.slice(FEATURES_DIR.length + 1)}](${s.file.slice(FEATURES_DIR.length + 1)}) ${escapeCell(s.name)}`).join("<br>");
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export function renderFeaturesReadme(root = ROOT): string {
  const scenarios = allScenarios(root);
  const files = [...new Set(scenarios.map((s) => s.file))];
  const lines: string[] = [
    "# The conformance suite",
    "",
    "<!-- Generated from the feature files, engine/registrant/transition-table.ts and spec Part A; do not edit by hand.",
    "     Regenerate: node --import tsx scripts/write-features-readme.ts -->",
    "",
    "Each `.feature` file here is one area of the registrant's behaviour, written for VoIP engineers:",
    "every scenario runs the real engine against the simulated registrar on a memory network and a",
    "fake clock (no real waiting), and asserts what crossed the wire, the states, the events, the",
    "Status/Report and the exact simulated seconds. The World (`support/world.ts`) builds a fresh",
    "engine, registrar, network and clock for every scenario; steps are in `step_definitions/`.",
    "",
    "Run the whole suite with `npm run test:features`; one area or one tag with",
    "`sh scripts/test-features.sh --tags @D7` or `--tags @row-visit-retry` (any Cucumber tag",
    "expression: `--tags '@spec-5.3 and not @D14'`).",
    "",
    "Tags:",
    "",
    "- `@spec-<section>`: the section of docs/spec/uac-registrant.md Part B the scenario shows.",
    "- `@D<n>`: the decision of spec Part A it shows (Part A wins over Part B).",
    "- `@row-<name>`: a row of the transition table (docs/transition-table.md) the scenario fires on",
    "  purpose. This is checked while the suite runs: the engine reports the row behind every step",
    "  of a record, and a scenario fails when a row it is tagged with never fired.",
    "",
    "Tags on a Feature or a Rule apply to every scenario under it; tags on an Examples block count",
    "for its Scenario Outline here (and for those examples alone when the suite checks the rows).",
    "",
    "## Areas",
    "",
    "| Feature file | Scenarios |",
    "|---|---|",
    ...files.map((file) => `| [${file.slice(FEATURES_DIR.length + 1)}](${file.slice(FEATURES_DIR.length + 1)}) | ${scenarios.filter((s) => s.file === file).length} |`),
    "",
    "## Transition-table rows",
    "",
    "| # | Row | Scenarios |",
    "|---|---|---|",
    ...TRANSITIONS.map((row, index) => `| ${index + 1} | \`${row.id}\` | ${cell(scenariosTagged(scenarios, rowTag(row.id)))} |`),
    "",
    "Rows fired by the detached unREGISTER of a removed record (D26) are not in the table: that",
    "exchange runs outside any record and raises no event.",
    "",
    "## Decisions of spec Part A",
    "",
    "| Decision | Topic | Scenarios |",
    "|---|---|---|",
    ...decisions(root).map((d) => `| ${d.id} | ${escapeCell(d.topic)} | ${d.id in NOT_ENGINE_SIDE ? `not engine-side: ${NOT_ENGINE_SIDE[d.id]}` : cell(scenariosTagged(scenarios, decisionTag(d.id)))} |`),
    "",
  ];
  return lines.join("\n");
}
