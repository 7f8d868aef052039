/**
 * The YAML side of a document a user writes (a registrar script, a lab configuration): text to a
 * plain value, or syntax problems with their line, and a way to find the line of any JSON
 * pointer afterwards so that schema and semantic problems can be placed in the file too.
 * It imports nothing from the engine, so the simulator and the engine's config can share it.
 */
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import type { SourceProblem } from "./problems.js";

export interface YamlSource {
  /** The document as plain data (mappings become objects). */
  readonly value: unknown;
  /** Line and column of the node a JSON pointer names, or of its nearest existing parent. */
  locate(path: string): { line: number | null; column: number | null };
}

/** `what` names the document in the "one document" problem: "a script", "a configuration". */
export function readYaml(text: string, what: string): { ok: true; source: YamlSource } | { ok: false; problems: SourceProblem[] } {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems = documents.flatMap((document) =>
    document.errors.map((error): SourceProblem => {
      const at = lineCounter.linePos(error.pos[0]);
      return { path: "", line: at.line, column: at.col, reason: `YAML: ${firstLine(error.message)}` };
    }),
  );
  if (problems.length > 0) return { ok: false, problems };
  const [document, second] = documents;
  if (second !== undefined) {
    const at = second.range[0];
    const pos = lineCounter.linePos(at);
    return { ok: false, problems: [{ path: "", line: pos.line, column: pos.col, reason: `${what} is one YAML document; this file has more (---)` }] };
  }
  if (document === undefined) return { ok: true, source: { value: null, locate: () => ({ line: 1, column: 1 }) } };
  return { ok: true, source: { value: document.toJS({ maxAliasCount: 100 }) as unknown, locate: (path) => locate(document, lineCounter, path) } };
}

function locate(document: Document, lineCounter: LineCounter, path: string): { line: number | null; column: number | null } {
  const keys = path === "" ? [] : path.slice(1).split("/").map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
  // The deepest node that exists: an unknown or missing field is placed at the object that holds it.
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = document.getIn(keys.slice(0, depth).map(segment), true);
    const range = isNodeWithRange(node) ? node.range : null;
    if (range !== null) {
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: null, column: null };
}

/** Sequence indexes are numbers for `getIn`. */
function segment(key: string): string | number {
  return /^\d+$/.test(key) ? Number(key) : key;
}

function isNodeWithRange(node: unknown): node is { range: [number, number, number] } {
  if (typeof node !== "object" || node === null) return false;
  return Array.isArray((node as { range?: unknown }).range);
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
