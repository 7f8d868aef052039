/**
 * Drift tests of docs/ARCHITECTURE.md against the tree: the layer rule checked on the real import
 * graph, the public entry points, no import cycles, nothing importing cli/, no test code inside
 * production folders, and the folder map naming exactly what exists (plus a short "next" list).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { importCycles, importGraph, sourceFiles, type ImportEdge } from "./import-graph.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EDGES = importGraph(ROOT);
const isTest = (file: string): boolean => /\.(test|interop)\.ts$/.test(file);

/**
 * The engine's layers, lowest first (ARCHITECTURE.md "Layers of the engine"): a file imports only
 * from its own layer or a lower one. The homes of what is planned are listed too, so that the
 * first file written there is held to its layer: SQL store drivers in engine/store/, the Prometheus
 * exporter in engine/metrics/, the JSON-RPC management server in engine/mi/, the YAML config
 * loader in engine/config/, the composition root behind `uacreg run` in engine/service/.
 */
export const ENGINE_LAYERS: ReadonlyArray<readonly [layer: number, paths: readonly string[]]> = [
  [0, ["engine/errors.ts", "engine/clock.ts", "engine/log.ts", "engine/random.ts", "engine/version.ts", "engine/markup.ts", "engine/yaml/"]],
  [1, ["engine/sip/"]],
  [2, ["engine/auth/"]],
  [4, ["engine/transport/"]],
  [5, ["engine/transaction/"]],
  [6, ["engine/registrant/"]],
  [7, ["engine/store/"]],
  [8, ["engine/cluster/"]],
  [9, ["engine/events/", "engine/metrics/", "engine/timeline/"]],
  [10, ["engine/mi/", "engine/config/"]],
  [11, ["engine/index.ts", "engine/create-engine.ts", "engine/service/"]],
];

/** Inside the registrant: the pure part, then the views, then the part that acts, then its index. */
const REGISTRANT_PARTS: ReadonlyArray<readonly [part: number, paths: readonly string[]]> = [
  [0, ["engine/registrant/policy/", "engine/registrant/contracts.ts"]],
  [1, ["engine/registrant/views/"]],
  [2, ["engine/registrant/runtime/"]],
  [3, ["engine/registrant/index.ts"]],
];

function rank(table: ReadonlyArray<readonly [number, readonly string[]]>, file: string): number | null {
  for (const [value, paths] of table) if (paths.some((path) => (path.endsWith("/") ? file.startsWith(path) : file === path))) return value;
  return null;
}

function describeEdge(edge: ImportEdge): string {
  return `${edge.from} -> ${edge.to}`;
}

const productionEdges = EDGES.filter((edge) => !isTest(edge.from));

describe("ARCHITECTURE.md: the layer rule, on the real import graph", () => {
  it("every engine file belongs to a layer", () => {
    const unplaced = sourceFiles(ROOT, "engine").filter((file) => !isTest(file) && rank(ENGINE_LAYERS, file) === null);
    assert.deepEqual(unplaced, []);
  });

  it("an engine file imports only from its own layer or a lower one", () => {
    const upward = productionEdges.filter((edge) => {
      const from = rank(ENGINE_LAYERS, edge.from);
      const to = rank(ENGINE_LAYERS, edge.to);
      return from !== null && to !== null && to > from;
    });
    assert.deepEqual(upward.map(describeEdge), []);
  });

  it("engine and simulator code never reaches outside the library (cli, features, interop, testkit, bench, scripts)", () => {
    const outward = productionEdges.filter((edge) => /^(engine|simulator)\//.test(edge.from) && !/^(engine|simulator)\//.test(edge.to));
    assert.deepEqual(outward.map(describeEdge), []);
  });

  it("the registrant's pure part imports neither its views nor the part that acts, and the views do not import the part that acts", () => {
    const upward = productionEdges.filter((edge) => {
      const from = rank(REGISTRANT_PARTS, edge.from);
      const to = rank(REGISTRANT_PARTS, edge.to);
      return from !== null && to !== null && to > from;
    });
    assert.deepEqual(upward.map(describeEdge), []);
  });

  it("the engine never imports the simulator, and the simulator uses only the layers below the registrant", () => {
    const wrong = productionEdges.filter(
      (edge) => (edge.from.startsWith("engine/") && edge.to.startsWith("simulator/")) || (edge.from.startsWith("simulator/") && (rank(ENGINE_LAYERS, edge.to) ?? 0) > 5),
    );
    assert.deepEqual(wrong.map(describeEdge), []);
  });

  it("nothing outside cli/ imports cli/", () => {
    // bin/uacreg.js is the installed command itself: it loads the CLI and nothing else.
    assert.deepEqual(EDGES.filter((edge) => edge.to.startsWith("cli/") && !/^(cli|bin)\//.test(edge.from)).map(describeEdge), []);
  });

  it("features/, interop/, bench/, cli/ and scripts/ import the engine and the simulator only through engine/index.ts and simulator/index.ts", () => {
    const inside = EDGES.filter(
      (edge) =>
        /^(features|interop|bench|cli|scripts)\//.test(edge.from) &&
        ((edge.to.startsWith("engine/") && edge.to !== "engine/index.ts") || (edge.to.startsWith("simulator/") && edge.to !== "simulator/index.ts")),
    );
    assert.deepEqual(inside.map(describeEdge), []);
  });

  it("no import cycles, type-only imports included", () => {
    const cycles = importCycles(EDGES, { includeTypes: true });
    assert.deepEqual(cycles.map((cycle) => cycle.join(" -> ")), []);
  });

  it("no test-support file inside engine/ or simulator/: test fixtures live in testkit/", () => {
    const misplaced = [...sourceFiles(ROOT, "engine"), ...sourceFiles(ROOT, "simulator")].filter((file) =>
      /test-support|fixtures\.ts$/.test(file),
    );
    assert.deepEqual(misplaced, []);
  });
});

describe("ARCHITECTURE.md: the folder map", () => {
  const doc = readFileSync(new URL("../docs/ARCHITECTURE.md", import.meta.url), "utf8");
  const [current = "", next = ""] = doc.split(/^## Next$/m);

  it("names every top-level folder", () => {
    const folders = readdirSync(ROOT).filter((name) => !name.startsWith(".") && name !== "node_modules" && statSync(new URL(`../${name}`, import.meta.url)).isDirectory());
    const unnamed = folders.filter((folder) => !current.includes(`\`${folder}/\``));
    assert.deepEqual(unnamed, []);
  });

  it("every folder it describes as existing exists; planned ones are in its Next list only", () => {
    const named = [...current.matchAll(/`((?:engine|simulator|features|testkit|interop|cli|fixtures|bench|docs|scripts|reports)\/[\w./-]*)`/g)].map((match) => match[1] ?? "");
    const missing = named.filter((path) => !existsSync(new URL(`../${path}`, import.meta.url)));
    assert.deepEqual(missing, []);
    assert.ok(next.length > 0, "docs/ARCHITECTURE.md ends with a '## Next' list of what is planned");
  });

  it("every layer home the drift test holds to a rule is either in the tree or in the Next list", () => {
    const homes = ENGINE_LAYERS.flatMap(([, paths]) => paths);
    const unknown = homes.filter((home) => !existsSync(new URL(`../${home}`, import.meta.url)) && !next.includes(`\`${home}\``) && !next.includes(`\`${home.replace(/\.ts$/, "/")}\``) && !next.includes(`\`${home.replace(/\/$/, ".ts")}\``));
    assert.deepEqual(unknown, []);
  });
});
