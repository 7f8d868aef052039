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

export const UACREG_VERSION = "0.1.0";

/** Default `transaction_timeout`: OpenSIPS TM's `fr_timeout` (spec §4.5, D15). */
export const DEFAULT_TRANSACTION_TIMEOUT_SEC = 30;

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

// The registrant: the engine, its rows, operations, events, views and the behaviour tables.
export {
  AWAITING_STATES,
  bucketOf,
  ERROR_STATES,
  formatCtime,
  isErrorState,
  MODULE_PARAM_DEFAULTS,
  ModuleParamError,
  RecordError,
  recordId,
  REGISTRANT_EVENT_NAMES,
  REGISTRANT_STATES,
  renderDetachedTable,
  renderTransitionTable,
  RegistrantEngine,
  RegistrantOperationError,
  sameRecordId,
  SR_GROUP,
  SR_REPORTS_MAX,
  srIdentifier,
  TRANSITIONS,
  validateModuleParams,
  validateRow,
  type CircuitEvent,
  type EngineDeps,
  type ListedRecord,
  type LoadReport,
  type ModuleParams,
  type ModuleParamsInput,
  type OperationErrorCode,
  type RecordId,
  type RegistrantConfig,
  type RegistrantEvent,
  type RegistrantEventName,
  type RegistrantEventParams,
  type RegistrantEventSink,
  type RegistrantRow,
  type RegistrantStateName,
  type RegistrantStore,
  type RejectedRow,
  type RuleTrace,
  type RunLogEntry,
  type RunLogSink,
  type RunLogSubject,
  type Shtag,
  type ShtagChange,
  type ShtagSource,
  type StatusReport,
  type StatusReportView,
  type TransitionRow,
} from "./registrant/index.js";
// What every engine is built from: time, randomness, logging, errors.
export { fromFakeClock, nowSeconds, systemClock, type Clock, type FakeTimerClock, type TimerHandle } from "./clock.js";
export { cryptoRandom, seededRandom, type Random } from "./random.js";
export { memoryLogger, silentLogger, type Logger } from "./log.js";
export { errorMessage, UacregError, type Fault } from "./errors.js";
// Implementations of the registrant's interfaces that need no server: table, sharing tags, run log.
export { MemoryRegistrantStore } from "./store/memory-store.js";
export { MemoryShtags } from "./cluster/memory-shtags.js";
export { jsonLinesRunLog, memoryRunLog } from "./events/run-log.js";
// The layers below, for labs, tests and tools that speak SIP themselves (the simulator's peers,
// benches, the demo): transports and resolvers, the codec, digest, the transaction layer, timelines.
export * from "./transport/index.js";
export * from "./sip/index.js";
export * from "./auth/index.js";
export * from "./transaction/index.js";
export * from "./timeline/index.js";
