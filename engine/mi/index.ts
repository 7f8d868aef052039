/**
 * The management interface (ARCHITECTURE.md layer 10): OpenSIPS's uac_registrant MI commands and
 * Status/Report commands over JSON-RPC 2.0, and the HTTP server that carries them with the
 * metrics and the status page.
 */
export { bearerMatches, isLoopback } from "./bearer.js";
export { createCatalog, type CommandCatalog } from "./catalog.js";
export { clusterCommands, type MiCluster } from "./cluster-commands.js";
export { HANDLER_FAILED, JSON_RPC_ERRORS, MiError, toMiError, type MiErrorObject } from "./errors.js";
export { checkMiOptions, MI_DEFAULTS, MiConfigError, startMiServer, type HttpAnswer, type HttpPage, type MiServer, type MiServerOptions, type MiServerParts } from "./http-server.js";
export { MiDispatcher, UNKNOWN_COMMAND, type JsonRpcId, type JsonRpcResponse, type MiDispatcherOptions, type MiObserver } from "./json-rpc.js";
export { matchRecipe, type CallParams, type ParamKind, type ParamSpec, type Recipe } from "./params.js";
export { OK, REGISTRANT_COMMANDS, TRIPLE, type MiCommand, type MiEngine } from "./registrant-commands.js";
export { STATUS_REPORT_COMMANDS } from "./status-report-commands.js";
export { callMi, DEFAULT_MI_URL, MiClientError, miUrlOf, paramsFromArgs, type MiCallOptions, type MiCallResult } from "./client.js";
export { STATUS_PAGE_DEFAULTS, statusPage, type StatusPageOptions, type StatusPageParts } from "./status-page.js";
