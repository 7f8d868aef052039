/** The simulated registrar's public API (ARCHITECTURE.md, "The simulator"). */
export { aorFromText, aorOf, DEFAULT_AOR_MATCHING, type AorMatching, type AorReading, type AorTarget } from "./aor.js";
export {
  BindingTable,
  remainingSec,
  type Binding,
  type BindingChange,
  type BindingOutcome,
  type BindingUpdate,
} from "./bindings.js";
export {
  DigestPolicy,
  type AuthDecision,
  type ChallengeOverrides,
  type DigestPolicyOptions,
  type WrongCredentialsAction,
} from "./digest-policy.js";
export { ScriptError, SimulatorConfigError, SimulatorError, UsersFileError, type ScriptProblem, type SimulatorErrorCode } from "./errors.js";
export { loadSimulatorConfig, parseSimulatorConfig } from "./config/load.js";
export type { RegistrarListener, SimulatorConfig } from "./config/types.js";
export { resolveExpiries, type ContactExpiry, type ExpiryPolicy, type ExpiryResolution } from "./expiry.js";
export { formatLadder, type LadderOptions } from "./ladder.js";
export { LADDER_ARROWS_MAX, renderLadderPage, type LadderEntry, type LadderPageOptions } from "./ladder-page.js";
export { looksLikeTranscriptFile, readTranscriptFile, type TranscriptFileRead } from "./transcript-file-input.js";
export type { HandledRequest } from "./registrar-options.js";
export { NonceStore, type IssuedNonce, type NonceCheck, type NonceStoreOptions, type NonceUse } from "./nonces.js";
export { answerRegister, type AcceptOverrides, type Answer, type RegisterContext } from "./register-handler.js";
export { createRegistrar, type BindingView, type Registrar } from "./registrar.js";
export { startSimulator, type SimulatorHandle, type SimulatorOptions } from "./server.js";
export { startShardedSimulator, WORKERS_MAX, type ShardedSimulatorHandle } from "./shard/sharded-simulator.js";
export { formatMessageLine, timeOfDay } from "./message-line.js";
export type { RegistrarOptions } from "./registrar-options.js";
export {
  classifyRegister,
  formatPendingSteps,
  loadScriptFile,
  parseScript,
  ScriptRunner,
  type CompiledScript,
  type PendingStep,
  type RegistrarScript,
  type RequestKind,
} from "./script/index.js";
export { summarize } from "./summary.js";
export {
  DEFAULT_TRANSCRIPT_CAPACITY,
  Transcript,
  type TranscriptJson,
} from "./transcript.js";
export type { TranscriptEntry } from "./transcript-entry.js";
export { loadUsersFile, parseUsersFile, UserTable, type UserEntry } from "./users.js";
export { WARM_UP_REGISTRATIONS, warmUp } from "./warm-up.js";
