/**
 * Documents users write in YAML (registrar scripts, lab configurations): reading with positions,
 * checking against a generated JSON Schema, and placing each problem on its line. Imports
 * nothing from the engine, so any layer may use it.
 */
export { formatProblem, type PathProblem, type SourceProblem } from "./problems.js";
export { createSchemaCheck, escapePointer, type GeneratedSchema, type SchemaCheck } from "./schema-check.js";
export { readYaml, type YamlSource } from "./yaml-source.js";
