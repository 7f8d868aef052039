/**
 * The public library API (ARCHITECTURE.md layer 11): `createEngine(config, deps)` validates the
 * module parameters (D4: a bad one stops start-up, named), builds the transaction layer over the
 * given transports, and returns the registrant engine. Stores, sharing-tag sources and sinks are
 * passed in; engine/store, engine/cluster and engine/events hold implementations.
 */
import { silentLogger } from "./log.js";
import {
  ModuleParamError,
  RegistrantEngine,
  validateModuleParams,
  type EngineDeps,
  type ModuleParamsInput,
} from "./registrant/index.js";
import { TransactionLayer } from "./transaction/index.js";
import { DEFAULT_TRANSACTION_TIMEOUT_SEC, UACREG_VERSION } from "./version.js";

export { DEFAULT_TRANSACTION_TIMEOUT_SEC, UACREG_VERSION } from "./version.js";

/** The module parameters with OpenSIPS names, plus `transaction_timeout` (seconds) and `user_agent`. */
export interface EngineConfig extends ModuleParamsInput {
  readonly transaction_timeout?: number | string;
}

/** Throws `ModuleParamError` naming the first bad parameter (D4). */
export function createEngine(config: EngineConfig, deps: EngineDeps): RegistrantEngine {
  const params = validateModuleParams(config, UACREG_VERSION);
  const timeoutSec = transactionTimeoutSec(config.transaction_timeout);
  const logger = deps.logger ?? silentLogger;
  const layer = new TransactionLayer({
    clock: deps.clock,
    random: deps.random.child(),
    logger,
    timers: { finalTimeoutMs: timeoutSec * 1000 },
  });
  for (const transport of deps.transports) layer.attach(transport);
  return new RegistrantEngine({ params, layer }, deps, logger);
}

function transactionTimeoutSec(value: number | string | undefined): number {
  if (value === undefined) return DEFAULT_TRANSACTION_TIMEOUT_SEC;
  const seconds = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw new ModuleParamError("transaction_timeout", `must be a whole number of seconds from 1, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

export {
  ModuleParamError,
  RegistrantEngine,
  RegistrantOperationError,
  type EngineDeps,
  type ListedRecord,
  type LoadReport,
  type OperationErrorCode,
  type RecordId,
  type RegistrantEvent,
  type RegistrantEventSink,
  type RegistrantRow,
  type RegistrantStore,
  type RejectedRow,
  type RuleTrace,
  type RunLogEntry,
  type RunLogSink,
  type ShtagSource,
  type StatusReportView,
} from "./registrant/index.js";

export { UacregError } from "./errors.js";
export { validateModuleParams } from "./registrant/index.js";
export { formatSocketName } from "./transport/index.js";
export {
  CONFIG_SCHEMA,
  ConfigError,
  loadConfigFile,
  parseConfig,
  showConfig,
  type LabConfig,
  type Listener,
  type ResolvedConfig,
} from "./config/index.js";
export {
  dbUrlPassword,
  DEFAULT_TABLE_NAMES,
  importRows,
  maskDbUrl,
  MemoryRegistrantStore,
  openStore,
  readImportFile,
  REGISTRANT_SCHEMA_VERSION,
  SqlRegistrantStore,
  StoreError,
  type ImportReport,
  type TableNames,
} from "./store/index.js";
