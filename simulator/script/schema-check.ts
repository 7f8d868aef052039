/**
 * Checks a parsed script document against `script.schema.json` (generated from `types.ts`); the
 * generic check and its wording live in engine/yaml, shared with the lab configuration.
 */
import { createSchemaCheck } from "../../engine/yaml/index.js";
import schema from "./script.schema.json" with { type: "json" };
import type { RegistrarScript } from "./types.js";

export { escapePointer, type PathProblem } from "../../engine/yaml/index.js";

export const checkScriptSchema = createSchemaCheck<RegistrarScript>(schema);
