/** Registrar scripts: the YAML format (`types.ts`, `script.schema.json`), loading, and running. */
export { loadScriptFile, parseScript } from "./load.js";
export type { Action, CompiledScript, ForeignContact, Rule, ScriptSettings, Step } from "./model.js";
export { formatPendingSteps, ScriptRunner, type ChosenStep, type PendingStep } from "./script-runner.js";
export { classifyRegister, type Classified } from "./request-kind.js";
export type { RegistrarScript, RequestKind } from "./types.js";
