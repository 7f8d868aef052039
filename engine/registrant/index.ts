/**
 * The registrant core (ARCHITECTURE.md layer 6): records, the bucket hash, schedule arithmetic,
 * the state machine and its table, the REGISTER builder, events, Status/Report, and the
 * interfaces the engine's outer layers implement — all pure — plus the engine that performs the
 * state machine's actions on the bucket timer (engine.ts, dispatch.ts, bucket-*.ts).
 */
export type { Credentials, RegistrantAction, SendAction } from "./actions.js";
export { newDialogIds, type DialogIds } from "./dialog-id.js";
export { ModuleParamError, RecordError, RegistrantOperationError, RegistrantStateError, type OperationErrorCode } from "./errors.js";
export { BucketTable } from "./bucket-table.js";
export { startBucketTimer, type BucketTimer } from "./bucket-timer.js";
export { formatCtime } from "./ctime.js";
export {
  detachedStep,
  startDetachedUnregister,
  type DetachedOutcome,
  type DetachedStep,
  type DetachedUnregister,
} from "./detached-unregister.js";
export {
  RegistrantEngine,
  type EngineDeps,
  type EngineParts,
  type LoadReport,
  type RejectedRow,
  type StateCount,
  type StatusReportView,
} from "./engine.js";
export { EventBus, type RegistrantEventListener } from "./event-bus.js";
export { listedRecord, type ListedRecord } from "./list-view.js";
export { resolveNextHop, type NextHop } from "./next-hop.js";
export { createSlot, type RecordSlot } from "./record-slot.js";
export {
  eventForState,
  REGISTRANT_EVENT_NAMES,
  REGISTRANT_EVENTS,
  registrantEvent,
  type RegistrantEvent,
  type RegistrantEventName,
  type RegistrantEventParams,
  type RegistrantEventSink,
} from "./events.js";
export { RETRIES_IN_A_ROW_MAX, step, type FsmEnv, type FsmInput, type Transition } from "./fsm.js";
export { bucketOf, coreHash } from "./hash.js";
export {
  bucketVisit,
  defaultUserAgent,
  MODULE_PARAM_DEFAULTS,
  nextVisitOfBucketSec,
  validateModuleParams,
  type BucketVisit,
  type ModuleParams,
  type ModuleParamsInput,
} from "./module-params.js";
export {
  isRecordActive,
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
} from "./ports.js";
export {
  createRuntime,
  inheritRegistration,
  recordId,
  sameRecordId,
  validateRow,
  type InFlightRequest,
  type RecordId,
  type RecordValidation,
  type RegistrantConfig,
  type RegistrantRow,
  type RegistrantRuntime,
} from "./record.js";
export { buildRegister, MAX_FORWARDS } from "./request.js";
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
} from "./schedule.js";
export {
  ERROR_STATES,
  IN_FLIGHT_STATES,
  isErrorState,
  REGISTRANT_STATES,
  stateCode,
  stateFromCode,
  type RegistrantStateName,
} from "./states.js";
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
} from "./status-report.js";
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
} from "./transition-table.js";
export { renderTransitionTable } from "./transition-table-doc.js";
