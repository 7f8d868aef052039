/**
 * The repository's import graph, read from the source text: which file imports which, and
 * whether only for types. The architecture drift tests check the layer rule and the public entry
 * points against it. Only relative specifiers are followed (packages are not ours).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** `import type`/`export type`: erased at run time, so it cannot make a cycle that runs. */
  readonly typeOnly: boolean;
}

const SKIPPED = new Set(["node_modules", ".git", ".tmp", ".stryker-tmp", "reports", "dist"]);
const SOURCE = /\.(ts|mjs|js)$/;
// `import x from "y"`, `import type {..} from "y"`, `export {..} from "y"`, `import "y"`, `import("y")`.
const SPECIFIER = /(?:^|\n)\s*(import|export)(\s+type)?[^;"'`]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every source file below `root`/`folder` (paths relative to `root`, `/`-separated), generated output left out. */
export function sourceFiles(root: string, folder = ""): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    if (SKIPPED.has(name)) continue;
    const path = folder === "" ? name : `${folder}/${name}`;
    if (statSync(join(root, path)).isDirectory()) files.push(...sourceFiles(root, path));
    else if (SOURCE.test(name)) files.push(path);
  }
  return files.sort();
}

function resolveSpecifier(root: string, from: string, specifier: string): string | null {
  const base = normalize(join(dirname(from), specifier));
  const candidates = base.endsWith(".js") ? [`${base.slice(0, -3)}.ts`, base] : [base, `${base}.ts`, join(base, "index.ts")];
  const found = candidates.find((candidate) => existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile());
  return found === undefined ? null : found.split(sep).join("/");
}

/** The edges out of every source file below `root`; an unresolvable relative import throws. */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of sourceFiles(root)) {
    const text = readFileSync(join(root, from), "utf8");
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[3] ?? match[4] ?? match[5];
      if (specifier === undefined || !specifier.startsWith(".")) continue;
      const to = resolveSpecifier(root, from, specifier);
      if (to === null) throw new Error(`${from}: cannot resolve import "${specifier}"`);
      edges.push({ from, to, typeOnly: match[2] !== undefined });
    }
  }
  return edges;
}

/** Cycles among imports (run-time ones only, unless `includeTypes`), each as the files around it. */
export function importCycles(edges: readonly ImportEdge[], options: { readonly includeTypes: boolean }): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.typeOnly && !options.includeTypes) continue;
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    path.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === "open") cycles.push(path.slice(path.indexOf(to)));
      else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of [...next.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
