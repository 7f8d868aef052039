/** The transaction layer's public API (ARCHITECTURE.md layer 5). */
export {
  TransactionLayer,
  type IncomingRequest,
  type MatchedResponse,
  type RequestHandler,
  type RequestRoute,
  type SendRequestOptions,
  type TransactionLayerOptions,
} from "./transaction-layer.js";
export type { TransactionLayerStats } from "./layer-stats.js";
export type { TransactionOutcome, TransactionOutcomeKind } from "./outcome.js";
export { createServerResponse, type ServerResponseOptions } from "./response-builder.js";
export {
  DEFAULT_TIMER_SETTINGS,
  resolveTimerSettings,
  timerEInitialMs,
  timerENextMs,
  timerFMs,
  timerJMs,
  timerKMs,
  type TimerSettings,
} from "./timers.js";
export { BRANCH_MAGIC_COOKIE, isRfc3261Branch, newBranch } from "./branch.js";
export { MalformedMessageError, TransactionRequestError, TransactionStateError } from "./errors.js";
export {
  NonInviteClientTransaction,
  type ClientTransactionDeps,
  type ClientTransactionState,
  type ResponseDisposition,
} from "./client-transaction.js";
export {
  NonInviteServerTransaction,
  type RequestRetransmissionDisposition,
  type RespondResult,
  type ServerTransactionDeps,
  type ServerTransactionState,
} from "./server-transaction.js";
