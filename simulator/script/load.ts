/**
 * Reading a registrar script: YAML syntax, then the schema generated from `types.ts`, then the
 * checks in `compile.ts`. Each stage reports every problem it finds with the file, the JSON
 * pointer, the line and the reason, and a later stage runs only when the earlier one passed.
 */
import { readFile } from "node:fs/promises";
import { ScriptError, type ScriptProblem } from "../errors.js";
import { compileScript } from "./compile.js";
import type { CompiledScript } from "./model.js";
import { readYaml, type PathProblem, type YamlSource } from "../../engine/yaml/index.js";
import { checkScriptSchema } from "./schema-check.js";

/** Parses a script's text; `sourceName` names it in errors. Throws `ScriptError`. */
export function parseScript(text: string, sourceName: string): CompiledScript {
  const yaml = readYaml(text, "a script");
  if (!yaml.ok) throw new ScriptError(sourceName, yaml.problems);
  // A file with nothing but comments is a script that changes nothing.
  const checked = checkScriptSchema(yaml.source.value ?? {});
  if (!checked.ok) throw new ScriptError(sourceName, placed(yaml.source, checked.problems));
  const compiled = compileScript(checked.value, sourceName);
  if (!compiled.ok) throw new ScriptError(sourceName, placed(yaml.source, compiled.problems));
  return compiled.script;
}

/** Reads and parses a script file. Throws `ScriptError`, or the file system's error when it cannot be read. */
export async function loadScriptFile(path: string): Promise<CompiledScript> {
  return parseScript(await readFile(path, "utf8"), path);
}

function placed(source: YamlSource, problems: readonly PathProblem[]): ScriptProblem[] {
  return problems.map((problem) => ({ ...problem, ...source.locate(problem.path) }));
}
