/**
 * The registrant core (ARCHITECTURE.md layer 6): records, the bucket hash, schedule arithmetic,
 * the state machine and its table, the REGISTER builder, events, Status/Report, and the
 * interfaces the engine's outer layers implement. Everything here is pure: no sockets, timers or
 * clock reads.
 */
export type { Credentials, RegistrantAction, SendAction } from "./actions.js";
export { newDialogIds, type DialogIds } from "./dialog-id.js";
export { ModuleParamError, RecordError, RegistrantStateError } from "./errors.js";
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
export { isRecordActive, type RegistrantStore, type Shtag, type ShtagChange, type ShtagSource } from "./ports.js";
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
