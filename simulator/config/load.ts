/**
 * Reading a simulator config file: YAML syntax, then the schema generated from `types.ts`, then
 * the checks a schema cannot make (names unique). Paths in it are made absolute against the
 * file's folder, so the registrars can be started from anywhere. Each problem names the file, the
 * JSON pointer, the line and the reason. The files it names (users, scripts) are read by whoever
 * starts the registrars, with the same checks as on the command line.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { SimulatorConfigError, type ScriptProblem } from "../errors.js";
import { createSchemaCheck, readYaml, type YamlSource } from "../../engine/yaml/index.js";
import schema from "./config.schema.json" with { type: "json" };
import type { RegistrarListener, SimulatorConfig } from "./types.js";

const checkConfig = createSchemaCheck<SimulatorConfig>(schema);

const PATH_FIELDS = ["users", "script", "tlsCert", "tlsKey", "transcriptFile"] as const;

/** Parses a config's text; relative paths are taken from `folder`. Throws `SimulatorConfigError`. */
export function parseSimulatorConfig(text: string, sourceName: string, folder: string): SimulatorConfig {
  const yaml = readYaml(text, "a simulator config");
  if (!yaml.ok) throw new SimulatorConfigError(sourceName, yaml.problems);
  const checked = checkConfig(yaml.source.value ?? {});
  if (!checked.ok) throw new SimulatorConfigError(sourceName, placed(yaml.source, checked.problems));
  const config = checked.value;
  const problems: Array<{ path: string; reason: string }> = [];
  const seen = new Map<string, number>();
  for (const [index, registrar] of config.registrars.entries()) {
    const earlier = seen.get(registrar.name);
    if (earlier !== undefined) problems.push({ path: `/registrars/${index}/name`, reason: `"${registrar.name}" is already the name of registrar ${earlier}` });
    else seen.set(registrar.name, index);
    if (registrar.name.trim() === "") problems.push({ path: `/registrars/${index}/name`, reason: "is empty" });
  }
  if (problems.length > 0) throw new SimulatorConfigError(sourceName, placed(yaml.source, problems));
  return { ...config, registrars: config.registrars.map((registrar) => withAbsolutePaths(registrar, folder)) };
}

/** Reads and parses a config file. Throws `SimulatorConfigError`, or the file system's error when it cannot be read. */
export async function loadSimulatorConfig(path: string): Promise<SimulatorConfig> {
  return parseSimulatorConfig(await readFile(path, "utf8"), path, dirname(resolve(path)));
}

function withAbsolutePaths(registrar: RegistrarListener, folder: string): RegistrarListener {
  const copy: RegistrarListener = { ...registrar };
  for (const field of PATH_FIELDS) {
    const value = registrar[field];
    if (value !== undefined) copy[field] = resolve(folder, value);
  }
  return copy;
}

function placed(source: YamlSource, problems: ReadonlyArray<{ path: string; reason: string }>): ScriptProblem[] {
  return problems.map((problem) => ({ ...problem, ...source.locate(problem.path) }));
}
