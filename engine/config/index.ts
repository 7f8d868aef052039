/**
 * The lab configuration of `uacreg run` (ARCHITECTURE.md layer 10): YAML with OpenSIPS
 * parameter names, checked against a JSON Schema generated from `types.ts`.
 */
import schema from "./config.schema.json" with { type: "json" };

export { ConfigError } from "./errors.js";
export { loadConfigFile, parseConfig, type Listener, type LoadOptions, type ResolvedConfig } from "./load.js";
export { showConfig } from "./show.js";
export type { LabConfig, ListenEntry, LogSection, TlsListen } from "./types.js";

/** The committed JSON Schema (what `uacreg config schema` prints). */
export const CONFIG_SCHEMA: unknown = schema;
