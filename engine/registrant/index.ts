/**
 * The registrant core (ARCHITECTURE.md layer 6): records, the bucket hash, schedule arithmetic,
 * the state machine and its table, the REGISTER builder, events, Status/Report, and the
 * interfaces the engine's outer layers implement — all pure — plus the engine that performs the
 * state machine's actions on the bucket timer (runtime/: engine.ts, action-runner.ts, bucket-*.ts).
 */
export type { Credentials, RegistrantAction, SendAction } from "./policy/actions.js";
export { newDialogIds, type DialogIds } from "./policy/dialog-id.js";
export { bindingExpiryAfter, DIALOG_STATE_COLUMNS, dialogChanged, readDialogState, resumeRuntime, type ResumeOutcome } from "./policy/dialog-resume.js";
export { DIALOG_STATE_WRITE_LIMITS, DialogStateWriter, type DialogStateWriterLimits } from "./runtime/dialog-state-writer.js";
export { ModuleParamError, RecordError, RegistrantOperationError, RegistrantStateError, type OperationErrorCode } from "./policy/errors.js";
export { BucketTable } from "./runtime/bucket-table.js";
export { startBucketTimer, type BucketTimer } from "./runtime/bucket-timer.js";
export { formatCtime } from "./views/ctime.js";
export {
  detachedStep,
  startDetachedUnregister,
  type DetachedOutcome,
  type DetachedStep,
  type DetachedUnregister,
} from "./policy/detached-unregister.js";
export {
  RegistrantEngine,
  type EngineDeps,
  type EngineParts,
  type LoadReport,
  type RejectedRow,
  type StateCount,
  type StatusReportView,
} from "./runtime/engine.js";
export { EventBus, type RegistrantEventListener } from "./runtime/event-bus.js";
export { CircuitBoard, type CircuitEvent, type CircuitListener } from "./runtime/circuit-board.js";
export { listedRecord, type ListedRecord } from "./views/list-view.js";
export { resolveNextHop, type NextHop } from "./policy/next-hop.js";
export { createTableEntry, type TableEntry } from "./runtime/table-entry.js";
export {
  eventForState,
  REGISTRANT_EVENT_NAMES,
  REGISTRANT_EVENTS,
  registrantEvent,
  type RegistrantEvent,
  type RegistrantEventName,
  type RegistrantEventParams,
  type RegistrantEventSink,
} from "./policy/events.js";
export { RETRIES_IN_A_ROW_MAX, step, type FsmEnv, type FsmInput, type Transition } from "./policy/fsm.js";
export { bucketOf, coreHash } from "./policy/hash.js";
export {
  bucketVisit,
  defaultUserAgent,
  MODULE_PARAM_DEFAULTS,
  nextVisitOfBucketSec,
  validateModuleParams,
  type BucketVisit,
  type ModuleParams,
  type ModuleParamsInput,
} from "./policy/module-params.js";
export {
  isRecordActive,
  REPLACEMENT_RULE,
  RESUME_RULE,
  type DialogState,
  type DialogStateRemoval,
  type DialogStateRow,
  type DialogStateStore,
  type ExchangeSummary,
  type LoadSummary,
  type RegistrantObserver,
  type RegistrantStore,
  type RuleTrace,
  type RunLogEntry,
  type RunLogSink,
  type RunLogSubject,
  type Shtag,
  type ShtagChange,
  type ShtagSource,
} from "./contracts.js";
export {
  createRuntime,
  inheritRegistration,
  parseShtagText,
  recordId,
  sameRecordId,
  tripleKey,
  validateRow,
  type InFlightRequest,
  type RecordId,
  type RecordValidation,
  type RegistrantConfig,
  type RegistrantRow,
  type RegistrantRuntime,
} from "./policy/record.js";
export { buildRegister, MAX_FORWARDS } from "./policy/request.js";
export {
  isDue,
  MIN_EXPIRES_FLOOR_SEC,
  percentOfExpirySec,
  readExpiresParam,
  refreshTimeoutSec,
  retryTimeoutSec,
  selectGrantedExpiry,
  wantedExpiresAfter423,
  type GrantedExpiry,
} from "./policy/schedule.js";
export {
  ERROR_STATES,
  AWAITING_STATES,
  isErrorState,
  REGISTRANT_STATES,
  stateCode,
  stateFromCode,
  type RegistrantStateName,
} from "./policy/states.js";
export {
  addStateReport,
  createStatusLog,
  renderReports,
  sameSrIdentifier,
  SR_GROUP,
  SR_REPORTS_MAX,
  srIdentifier,
  srStatus,
  statusState,
  type StatusLog,
  type StatusReport,
} from "./views/status-report.js";
export {
  EFFECTS,
  EVENT_FACTS,
  FACTS,
  findRow,
  FSM_EVENTS,
  GENERAL_RULES,
  REPLY_EVENTS,
  TRANSITIONS,
  type Effect,
  type FactName,
  type FsmEvent,
  type TransitionRow,
} from "./policy/transition-table.js";
export { renderTransitionTable } from "./policy/transition-table-doc.js";
export { renderDetachedTable } from "./policy/detached-unregister-doc.js";
