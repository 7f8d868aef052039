/**
 * The public library API (ARCHITECTURE.md layer 11): everything a lab user needs to build and run
 * an engine without reaching into the tree — `createEngine(config, deps)`, the clock, random
 * sources, transports and resolvers, the stores and sharing-tag sources, the run-log sinks, the
 * config loader and the service of `uacreg run`, and their types. Outside code (features,
 * interop, bench, cli, scripts) imports the engine only from here.
 */
export { createEngine, type EngineConfig } from "./create-engine.js";
export { DEFAULT_TRANSACTION_TIMEOUT_SEC, UACREG_VERSION } from "./version.js";

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
  RESUME_RULE,
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
  type DialogState,
  type DialogStateRemoval,
  type DialogStateRow,
  type DialogStateStore,
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
  type RegistrantObserver,
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
  type StateCount,
  type StatusReportView,
  type TransitionRow,
} from "./registrant/index.js";
// What every engine is built from: time, randomness, logging, errors.
export { fromFakeClock, nowSeconds, systemClock, type Clock, type FakeTimerClock, type TimerHandle } from "./clock.js";
export { cryptoRandom, seededRandom, type Random } from "./random.js";
export { memoryLogger, silentLogger, type Logger } from "./log.js";
export { errorMessage, UacregError, type Fault } from "./errors.js";
// Implementations of the registrant's interfaces: the registrant table behind db_url (in memory,
// SQLite, PostgreSQL, MySQL/MariaDB), sharing tags, run log.
export * from "./store/index.js";
export * from "./cluster/index.js";
export { jsonLinesRunLog, memoryRunLog } from "./events/run-log.js";
// The layers below, for labs, tests and tools that speak SIP themselves (the simulator's peers,
// benches, the demo): transports and resolvers, the codec, digest, the transaction layer, timelines.
export * from "./transport/index.js";
export * from "./sip/index.js";
export * from "./auth/index.js";
export * from "./transaction/index.js";
export * from "./timeline/index.js";
// The lab service behind `uacreg run`: its configuration and the service that runs it.
export * from "./config/index.js";
export * from "./service/index.js";

// The operating side: management interface, events out, metrics, status page.
export * from "./events/index.js";
export * from "./metrics/index.js";
export * from "./mi/index.js";
export { prepareManagement, type Management, type ManagementOptions, type MiSectionOptions } from "./service/management.js";
