/**
 * The state machine of one registrant record (spec §5 with Part A): a pure step from
 * (configuration, runtime, input) to (new runtime, actions). It does no I/O, reads no clock and
 * draws randomness only from `env.random` (new Call-IDs, cnonces).
 *
 * Theory of operation. `step` (1) drops outcomes of requests that are not in flight (rule G1),
 * (2) classifies the input into an event of the transition table and the yes/no facts that
 * event's rows test, (3) takes the first matching row of `TRANSITIONS`, (4) carries out the
 * general rules G2-G8 and the row's effects on a copy of the runtime. Which transition happens
 * is decided by the table alone; this file only knows how to compute facts and effects.
 *
 * Network input never throws: every status, malformed header or challenge has a row. A call
 * that cannot happen when the engine keeps its contract (a reply said to be in flight in a
 * state that has none, a time that is not a whole second) throws `RegistrantStateError` and
 * changes nothing, since the runtime is never edited in place.
 */
import type { DigestChallenge } from "../../auth/index.js";
import { chooseResponseChallenge, NONCE_COUNT_MAX } from "../../auth/index.js";
import type { Random } from "../../random.js";
import type { NameAddr, SipResponse } from "../../sip/index.js";
import { getContacts, getExpires, getMinExpires, getRetryAfter, parseUri, SipParseError } from "../../sip/index.js";
import type { Credentials, RegistrantAction, SendAction } from "./actions.js";
import { RegistrantStateError } from "./errors.js";
import { eventForState } from "./events.js";
import { newDialogIds } from "./dialog-id.js";
import { recordCredentials } from "./record-credentials.js";
import { ownCopy } from "./string-pool.js";
import type { ModuleParams } from "./module-params.js";
import { copyRuntime, type InFlightRequest, type RegistrantConfig, type RegistrantRuntime, type RuntimeDraft } from "./record.js";
import type { GrantedExpiry } from "./schedule.js";
import { isDue, refreshTimeoutSec, selectGrantedExpiry, wantedExpiresAfter423 } from "./schedule.js";
import { failureClassOf, flooredRefreshTimeoutSec, retryPlan } from "./retry-policy.js";
import { learnedContact } from "./nat-learning.js";
import { AWAITING_STATES, isErrorState } from "./states.js";
import type { Effect, FactName, FsmEvent, TransitionRow } from "./transition-table.js";
import { findRow } from "./transition-table.js";

/** D7, D24: at most three immediate 423 retries / wildcard clean-ups in a row. */
export const RETRIES_IN_A_ROW_MAX = 3;

export type FsmInput =
  | { readonly kind: "visit"; readonly nowSec: number }
  | { readonly kind: "response"; readonly generation: number; readonly nowSec: number; readonly response: SipResponse }
  | { readonly kind: "timeout"; readonly generation: number; readonly nowSec: number }
  | { readonly kind: "transport-error"; readonly generation: number; readonly nowSec: number }
  | { readonly kind: "enable" | "disable" | "force-register" | "shtag-backup" | "shtag-active" | "flow-lost"; readonly nowSec: number };

export interface FsmEnv {
  readonly params: ModuleParams;
  readonly random: Random;
  /** The record's sharing tag is active on this node, or it has none (§12). */
  readonly active: boolean;
  /** D30: where back-off jitter is drawn from; `random` when absent. */
  readonly jitter?: Random;
  /** D34: the circuit of the record's next hop is open, and this visit is not its probe. */
  readonly circuitOpen?: boolean;
}

export interface Transition {
  readonly runtime: RegistrantRuntime;
  readonly actions: readonly RegistrantAction[];
  /** The table row that decided, or null when the input was a stale outcome (G1). */
  readonly row: TransitionRow | null;
}

/** The yes/no facts the rows test (transition-table.ts FACTS), as classification found them. */
type FactValues = Partial<Record<FactName, boolean>>;

/** What classification learned that effects use. */
interface ReplyDetails {
  readonly answered: InFlightRequest | null;
  readonly granted: GrantedExpiry | null;
  readonly challenge: DigestChallenge | null;
  readonly challengeStatus: 401 | 407;
  readonly minExpiresSec: number | null;
  /** The final status of the reply, or null for a timeout, a transport error or a non-reply input. */
  readonly status: number | null;
  /** D29: the reply's Retry-After, read only with honour_retry_after. */
  readonly retryAfterSec: number | null;
  /** D35: the Contact the reply's Via teaches, read only with learn_received. */
  readonly learnedContact: string | null;
}

export function step(config: RegistrantConfig, runtime: RegistrantRuntime, input: FsmInput, env: FsmEnv): Transition {
  checkInput(runtime, input);
  if (isOutcome(input) && (runtime.inFlight === null || input.generation !== runtime.generation)) {
    // Stryker disable next-line ArrayDeclaration: equivalent; the action runner acts on known action kinds only, so a stray element changes nothing
    return { runtime, actions: [], row: null };
  }
  const event = eventOf(input);
  const { facts, details } = classify(event, config, runtime, input, env);
  const row = findRow(runtime.state, event, facts);
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent; the table is total (transition-table.test.ts enumerates every state, event and set of facts), so no input reaches the throw
  if (row === undefined) {
    throw new RegistrantStateError(`no transition from ${runtime.state} on ${event} with ${JSON.stringify(facts)}`);
  }
  const draft = copyRuntime(runtime);
  if (isOutcome(input)) {
    draft.inFlight = null;
    if (event !== "423") draft.intervalTooBriefCount = 0;
  }
  // Stryker disable next-line ArrayDeclaration: equivalent; the action runner acts on known action kinds only, so a stray initial element changes nothing
  const sends: RegistrantAction[] = [];
  for (const effect of row.effects) {
    const action = apply(effect, draft, config, input.nowSec, env, details, row.to);
    if (action !== null) sends.push(action);
  }
  // Stryker disable next-line ArrayDeclaration: equivalent; the action runner acts on known action kinds only, so a stray initial element changes nothing
  const actions: RegistrantAction[] = [];
  if (row.to !== "unchanged") {
    draft.state = row.to;
    if (isErrorState(row.to)) draft.cleanupCount = 0;
    const name = eventForState(row.to);
    if (name !== null) actions.push({ kind: "raise-event", event: name });
    actions.push({ kind: "add-report", state: row.to, atSec: input.nowSec });
  }
  actions.push(...sends);
  // G8; when D32's floor held the refresh back, its own warning says what happens instead.
  const floored = sends.some((action) => action.kind === "warning");
  if (row.effects.includes("grant-expiry") && draft.expiresSec <= env.params.timerIntervalSec && !floored) {
    actions.push({
      kind: "warning",
      code: "granted_expiry_short",
      message: `granted expiry ${draft.expiresSec} s is not above timer_interval ${env.params.timerIntervalSec} s: refreshing at every visit; use a smaller timer_interval`,
    });
  }
  return { runtime: draft, actions, row };
}

function isOutcome(input: FsmInput): input is Extract<FsmInput, { generation: number }> {
  return input.kind === "response" || input.kind === "timeout" || input.kind === "transport-error";
}

// Stryker disable all: contract guards. Inputs come only from the engine, which never sends a fractional second, a provisional response or an outcome in a state that awaits none; fsm.test.ts drives each guard directly, and no scenario can
function checkInput(runtime: RegistrantRuntime, input: FsmInput): void {
  if (!Number.isSafeInteger(input.nowSec) || input.nowSec < 0) {
    throw new RegistrantStateError(`nowSec must be whole seconds, got ${input.nowSec}`);
  }
  if (!isOutcome(input)) return;
  if (!Number.isSafeInteger(input.generation)) {
    throw new RegistrantStateError(`generation must be an integer, got ${input.generation}`);
  }
  if (input.kind === "response" && (!Number.isInteger(input.response.status) || input.response.status < 200)) {
    throw new RegistrantStateError(`only final responses reach the state machine, got ${input.response.status}`);
  }
  if (runtime.inFlight !== null && input.generation === runtime.generation) {
    if (!AWAITING_STATES.includes(runtime.state)) {
      throw new RegistrantStateError(`a request cannot be in flight in ${runtime.state}`);
    }
  }
}
// Stryker restore all

function eventOf(input: FsmInput): FsmEvent {
  switch (input.kind) {
    case "timeout":
      return "408/timeout";
    case "response": {
      const status = input.response.status;
      if (status < 300) return "2xx";
      if (status < 400) return "3xx";
      if (status === 401 || status === 407) return "401/407";
      if (status === 408) return "408/timeout";
      if (status === 423) return "423";
      return "other-final";
    }
    default:
      return input.kind;
  }
}

function classify(
  event: FsmEvent,
  config: RegistrantConfig,
  runtime: RegistrantRuntime,
  input: FsmInput,
  env: FsmEnv,
): { facts: FactValues; details: ReplyDetails } {
  const facts: FactValues = { active: env.active, enabled: runtime.enabled };
  let granted: GrantedExpiry | null = null;
  let challenge: DigestChallenge | null = null;
  let minExpiresSec: number | null = null;
  // Stryker disable next-line ConditionalExpression: equivalent; for an input without a response every branch below that reads it is skipped by its event, and the challenge status defaults to 401 either way
  const response = input.kind === "response" ? input.response : null;
  // Stryker disable next-line ConditionalExpression: equivalent; only visit rows read `due` and `circuitOpen`
  if (event === "visit") {
    facts.due = isDue(input.nowSec, runtime.timeoutSec) && runtime.held !== true;
    facts.circuitOpen = env.circuitOpen === true;
  }
  if (event === "2xx" && response !== null) {
    const contacts = readContacts(response);
    facts.contactsParse = contacts !== null;
    facts.hasContact = contacts !== null && contacts.length > 0;
    facts.manyBindings = config.uniqueBinding && contacts !== null && contacts.length > 1;
    facts.cleanupLeft = runtime.cleanupCount < RETRIES_IN_A_ROW_MAX;
    if (contacts !== null) {
      granted = selectGrantedExpiry(contacts, parseUri(runtime.learnedContact ?? config.contact), unlessUnparsable(() => getExpires(response)), runtime.expiresSec);
    }
    facts.bindingRemoved = granted?.kind === "binding-removed";
  }
  if (event === "401/407" && response !== null) {
    facts.credentials = config.username !== null && config.password !== null;
    challenge = chooseResponseChallenge(response);
    facts.challengeUsable = challenge !== null && !nonceCountExhausted(runtime, challenge);
    facts.newChallenge = challenge !== null && (challenge.stale || challenge.nonce !== runtime.answeredNonce);
    facts.rechallengeLeft = !runtime.rechallenged;
  }
  if (event === "423" && response !== null) {
    facts.unregisterInFlight = runtime.inFlight === "unregister" || runtime.inFlight === "wildcard";
    minExpiresSec = wantedExpiresAfter423(unlessUnparsable(() => getMinExpires(response)));
    facts.minExpiresUsable = minExpiresSec !== null;
    facts.briefRetryLeft = runtime.intervalTooBriefCount < RETRIES_IN_A_ROW_MAX;
  }
  const challengeStatus = response?.status === 407 ? 407 : 401;
  const status = response?.status ?? null;
  const retryAfterSec = response !== null && env.params.trouble.honourRetryAfter ? (unlessUnparsable(() => getRetryAfter(response))?.seconds ?? null) : null;
  const learned = event === "2xx" && response !== null && env.params.trouble.learnReceived ? learnedContact(response, runtime.learnedContact ?? config.contact) : null;
  return { facts, details: { answered: runtime.inFlight, granted, challenge, challengeStatus, minExpiresSec, status, retryAfterSec, learnedContact: learned } };
}

/** All contacts of a 2xx, none for `Contact: *`, null when a Contact header does not parse. */
function readContacts(response: SipResponse): readonly NameAddr[] | null {
  return unlessUnparsable(() => {
    const list = getContacts(response);
    return list.wildcard ? [] : list.contacts;
  });
}

/**
 * What `read` gives, or null when the header it reads does not parse (§4.1, §4.4: such a header
 * counts as absent, and a Contact list that does not parse is an INTERNAL_ERROR).
 */
function unlessUnparsable<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: equivalent; the codec's readers throw only SipParseError, so the rethrow below guards against our own bugs only
    if (error instanceof SipParseError) return null;
    throw error;
  }
}

/** `nc` cannot go past 8 hex digits: such a challenge cannot be answered (no throw from the digest layer). */
// Stryker disable all: reaching the limit takes 2^32-1 answers to one nonce; fsm.test.ts sets the count directly, and no scenario can
function nonceCountExhausted(runtime: RegistrantRuntime, challenge: DigestChallenge): boolean {
  return challenge.qop !== null && runtime.nonceCount?.nonce === challenge.nonce && runtime.nonceCount.count >= NONCE_COUNT_MAX;
}
// Stryker restore all

function apply(
  effect: Effect,
  draft: RuntimeDraft,
  config: RegistrantConfig,
  nowSec: number,
  env: FsmEnv,
  details: ReplyDetails,
  to: TransitionRow["to"],
): RegistrantAction | null {
  const { params } = env;
  switch (effect) {
    case "new-dialog": {
      const ids = newDialogIds(config.aor, env.random, nowSec);
      draft.callId = ids.callId;
      draft.fromTag = ids.fromTag;
      draft.cseq = 0;
      draft.intervalTooBriefCount = 0;
      return null;
    }
    case "send-register":
      return send(draft, "register", null);
    case "send-register-auth":
    case "send-register-reauth":
      return send(draft, "register", answer(effect === "send-register-reauth", draft, config, env, details));
    case "send-unregister":
      return send(draft, "unregister", null);
    case "send-unregister-auth":
    case "send-unregister-reauth": {
      const credentials = answer(effect === "send-unregister-reauth", draft, config, env, details);
      return send(draft, details.answered === "wildcard" ? "wildcard" : "unregister", credentials);
    }
    case "send-wildcard":
      return send(draft, "wildcard", null);
    case "mark-register-sent":
      draft.lastRegisterSentSec = nowSec;
      return null;
    case "to-retry": {
      const { trouble } = params;
      const plan = retryPlan(
        {
          nowSec,
          expiresSec: draft.expiresSec,
          status: details.status,
          failureClass: failureClassOf(details.status, to === "WRONG_CREDENTIALS_STATE"),
          retryAfterSec: details.retryAfterSec,
          failuresBefore: draft.failures ?? 0,
        },
        {
          expiryPercentage: params.reregisterExpiryPercentage,
          failureRetryIntervalSec: params.failureRetryIntervalSec,
          timerIntervalSec: params.timerIntervalSec,
          trouble,
        },
        () => (env.jitter ?? env.random).fraction(),
      );
      draft.timeoutSec = plan.timeoutSec;
      if (plan.hold) draft.held = true;
      if (trouble.retryBackoff) draft.failures = (draft.failures ?? 0) + 1;
      return null;
    }
    case "to-refresh": {
      const minSec = params.trouble.minRefreshIntervalSec;
      const refresh = flooredRefreshTimeoutSec(
        nowSec,
        refreshTimeoutSec(nowSec, draft.expiresSec, params.reregisterExpiryPercentage, params.timerIntervalSec),
        minSec,
      );
      draft.timeoutSec = refresh.timeoutSec;
      // Stryker disable next-line ConditionalExpression: equivalent; deleting an absent key changes nothing
      if (draft.failures !== undefined) delete draft.failures;
      if (!refresh.floored) return null;
      return {
        kind: "warning",
        code: "refresh_floor",
        message: `registrar ${config.registrar} granted ${draft.expiresSec} s: refreshing only every min_refresh_interval ${minSec} s, so the binding lapses in between`,
      };
    }
    case "to-zero":
      draft.timeoutSec = 0;
      // D31: force_register ends a hold.
      // Stryker disable next-line ConditionalExpression: equivalent; deleting an absent key changes nothing
      if (draft.held !== undefined) delete draft.held;
      return null;
    case "grant-expiry":
      // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent; the only row with grant-expiry (2xx-registered) comes after 2xx-unparsable and 2xx-binding-removed, so it always sees a granted expiry
      if (details.granted?.kind === "granted") draft.expiresSec = details.granted.expiresSec;
      return null;
    case "want-min-expires":
      // Stryker disable next-line ConditionalExpression: equivalent; the only row with want-min-expires (423-retry) requires minExpiresUsable, so the value is never null there
      if (details.minExpiresSec !== null) draft.wantedExpiresSec = details.minExpiresSec;
      return null;
    case "count-423":
      draft.intervalTooBriefCount += 1;
      return null;
    case "count-cleanup":
      draft.cleanupCount += 1;
      return null;
    case "reset-cleanups":
      draft.cleanupCount = 0;
      return null;
    case "enable":
      draft.enabled = true;
      return null;
    case "disable":
      draft.enabled = false;
      return null;
    case "learn-received":
      if (details.learnedContact !== null) draft.learnedContact = details.learnedContact;
      return null;
    case "write-state":
      return { kind: "write-state", enabled: draft.enabled };
  }
}

function send(draft: RuntimeDraft, request: InFlightRequest, credentials: Credentials | null): SendAction {
  draft.cseq += 1;
  // Stryker disable next-line AssignmentOperator: equivalent; generations are only compared for equality, and decreasing ones are just as unique
  draft.generation += 1;
  draft.inFlight = request;
  return {
    kind: "send",
    request,
    generation: draft.generation,
    callId: draft.callId,
    fromTag: draft.fromTag,
    cseq: draft.cseq,
    expiresSec: request === "register" ? draft.wantedExpiresSec : 0,
    credentials,
    ...(draft.learnedContact === undefined ? {} : { contact: draft.learnedContact }),
  };
}

/**
 * Credentials for the challenge (§6.3, D9); `fresh` (D10) restarts nc at 1 and uses up the one
 * re-challenge retry. The table only gets here with credentials and a usable challenge.
 */
function answer(fresh: boolean, draft: RuntimeDraft, config: RegistrantConfig, env: FsmEnv, details: ReplyDetails): Credentials {
  const { challenge } = details;
  // Stryker disable next-line all: equivalent; the table calls answer only with a usable challenge (row auth-unusable-challenge comes first)
  if (challenge === null) throw new RegistrantStateError("credentials requested without a usable challenge and credentials");
  // The record keeps the nonce until its next challenge: one copy of its own, not a slice of the 401.
  const kept = { ...challenge, nonce: ownCopy(challenge.nonce) };
  const answered = recordCredentials(config, kept, details.challengeStatus, fresh ? null : draft.nonceCount, env.random);
  // Stryker disable next-line all: equivalent; the table calls answer only with credentials (row auth-no-credentials comes first)
  if (answered === null) throw new RegistrantStateError("credentials requested without a usable challenge and credentials");
  draft.nonceCount = answered.nonceCount;
  draft.answeredNonce = kept.nonce;
  draft.rechallenged = fresh;
  return answered.credentials;
}
