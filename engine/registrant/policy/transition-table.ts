/**
 * The consolidated transition table of a registrant record: spec Part B §5.3 with every Part A
 * decision applied (D1, D3, D5, D7, D10, D11, D14, D17, D24, D25, D27). It is data: `fsm.ts`
 * classifies an input into an event and a set of named facts, takes the first row of the table
 * whose `from`, `on` and `when` match, and carries out the row's effects; nothing about *which*
 * transition happens is decided anywhere else. `docs/transition-table.md` is rendered from this
 * file and a test fails when the two differ.
 *
 * Rows are tried in order; for every state, event and combination of facts some row matches
 * (a test enumerates them all). `when` lists only the facts a row depends on.
 */
import { AWAITING_STATES, type RegistrantStateName } from "./states.js";

const S0 = "NOT_REGISTERED_STATE";
const S1 = "REGISTERING_STATE";
const S2 = "AUTHENTICATING_STATE";
const S3 = "REGISTERED_STATE";
const S4 = "REGISTER_TIMEOUT_STATE";
const S5 = "INTERNAL_ERROR_STATE";
const S6 = "WRONG_CREDENTIALS_STATE";
const S7 = "REGISTRAR_ERROR_STATE";
const S8 = "UNREGISTERING_STATE";
const S9 = "AUTHENTICATING_UNREGISTER_STATE";

// Typed rather than `as const`: Stryker does not mutate inside `as const` expressions, and these lists are behaviour.
const ALL: readonly RegistrantStateName[] = [S0, S1, S2, S3, S4, S5, S6, S7, S8, S9];

/** What happened, after classification of the input (fsm.ts). */
export const FSM_EVENTS = {
  visit: "bucket visit",
  "2xx": "2xx response",
  "401/407": "401 or 407 response",
  "423": "423 response",
  "408/timeout": "408 response, or the transaction's final timeout (D25)",
  "transport-error": "transport error reported for the request (D25)",
  "3xx": "3xx response",
  "other-final": "any other final response (4xx, 5xx, 6xx)",
  enable: "MI enable",
  disable: "MI disable",
  "force-register": "MI force_register",
  "shtag-backup": "the record's sharing tag becomes BACKUP",
  "shtag-active": "the record's sharing tag becomes ACTIVE",
  "flow-lost": "the TCP/TLS connection the record last registered over is gone (D37, keepalive_interval)",
} as const;

export type FsmEvent = keyof typeof FSM_EVENTS;

export const REPLY_EVENTS: readonly FsmEvent[] = ["2xx", "401/407", "423", "408/timeout", "transport-error", "3xx", "other-final"];

/** Named yes/no facts about the record and the input; rows test them in `when`. */
export const FACTS = {
  active: "the record's sharing tag is active on this node (or it has none)",
  enabled: "the record is enabled",
  due: "now >= TO (D27), and no D31 hold",
  circuitOpen: "the circuit of the record's next hop is open and this visit is not its probe (D34)",
  contactsParse: "the Contact and Expires headers parse",
  hasContact: "the reply has at least one Contact",
  manyBindings: "unique binding (D8) is on and the reply lists more than one binding (§7)",
  cleanupLeft: "fewer than 3 wildcard clean-ups in a row so far (D24)",
  bindingRemoved: "our contact is listed with expires=0 (D17)",
  credentials: "username and password are both set",
  challengeUsable: "a challenge we can answer is present (§6.4, D9)",
  newChallenge: "the challenge has stale=true or a nonce other than the one we answered (D10)",
  rechallengeLeft: "the one D10 retry with a new challenge was not used yet",
  unregisterInFlight: "the request answered was an unREGISTER (own contact or wildcard)",
  minExpiresUsable: "Min-Expires is present and >= 5 (D7)",
  briefRetryLeft: "fewer than 3 immediate 423 retries in a row so far (D7)",
} as const;

export type FactName = keyof typeof FACTS;

/** The facts each event is classified with (the rest are not computed for it). */
export const EVENT_FACTS: Readonly<Record<FsmEvent, readonly FactName[]>> = {
  visit: ["active", "enabled", "due", "circuitOpen"],
  "2xx": ["active", "enabled", "contactsParse", "hasContact", "manyBindings", "cleanupLeft", "bindingRemoved"],
  "401/407": ["active", "credentials", "challengeUsable", "newChallenge", "rechallengeLeft"],
  "423": ["active", "unregisterInFlight", "minExpiresUsable", "briefRetryLeft"],
  "408/timeout": ["active"],
  "transport-error": ["active"],
  "3xx": ["active"],
  "other-final": ["active"],
  enable: ["active", "enabled"],
  disable: ["active", "enabled"],
  "force-register": ["enabled"],
  "shtag-backup": [],
  "shtag-active": [],
  "flow-lost": ["active", "enabled"],
};

/** What a row does, in order. Sends add CSeq+1, a new generation and the in-flight mark (rule G4). */
export const EFFECTS = {
  "new-dialog": "new Call-ID and From-tag, CSeq restarts (the next request has CSeq 1)",
  "send-register": "send REGISTER without credentials, Contact expires=W",
  "send-register-auth": "send REGISTER with credentials for the challenge",
  "send-register-reauth": "send REGISTER with credentials for the new challenge, nc from 1 (D10)",
  "send-unregister": "send unREGISTER of our contact (expires=0)",
  "send-unregister-auth": "re-send the unREGISTER answered (wildcard stays wildcard, D11) with credentials",
  "send-unregister-reauth": "as send-unregister-auth, for the new challenge, nc from 1 (D10)",
  "send-wildcard": "send the wildcard unREGISTER (Contact: *, Expires: 0)",
  "mark-register-sent": "last_register_sent := now",
  "to-retry": "TO := now + X - T, X = failure_retry_interval or floor(E*P/100) (D5); or as Retry-After, the failure's class or the back-off say (D29-D31)",
  "to-refresh": "TO := now + floor(E*P/100) - T (D1), at least now + min_refresh_interval (D32); back-off count := 0 (D30)",
  "to-zero": "TO := 0; a D31 hold ends",
  "grant-expiry": "E := granted expiry: our contact's expires, else Expires, else E (§4.1, D6); W unchanged",
  "want-min-expires": "W := Min-Expires (D7)",
  "count-423": "423 retry count + 1 (D7)",
  "count-cleanup": "wildcard clean-up count + 1 (D24)",
  "reset-cleanups": "wildcard clean-up count := 0 (D24)",
  enable: "enabled := yes",
  disable: "enabled := no",
  "learn-received": "with learn_received, the Contact of later requests takes the address our top Via's received/rport say (D35)",
  "write-state": "write the state column (0 enabled, 1 disabled) (§8)",
} as const;

export type Effect = keyof typeof EFFECTS;

export interface TransitionRow {
  /** Stable name, used in test titles and the rendered doc. */
  readonly id: string;
  /** The spec rule(s) the row implements. */
  readonly rule: string;
  readonly from: readonly RegistrantStateName[];
  readonly on: readonly FsmEvent[];
  readonly when: Readonly<Partial<Record<FactName, boolean>>>;
  /** The state entered (rule G5: event + SR report, even when equal to `from`), or "unchanged". */
  readonly to: RegistrantStateName | "unchanged";
  readonly effects: readonly Effect[];
}

/** Rules every row obeys, carried out by fsm.ts around the row's own effects. */
export const GENERAL_RULES = [
  ["G1", "D15", "A reply, timeout or transport error counts only if it carries the generation of the request in flight; any other is ignored (no row)."],
  ["G2", "D15", "A counted outcome ends the request in flight before the row's effects run."],
  ["G3", "D7", "A counted outcome other than a 423 resets the 423 retry count; so does a new dialog."],
  ["G4", "§5.4", "Every send increments CSeq by one (same dialog unless new-dialog ran) and starts a new generation."],
  ["G5", "§5.1, §10, §11", "Entering a state (to is not 'unchanged', same state included) raises its event (none for NOT_REGISTERED_STATE) and adds the SR report 'state changed to <STATE>'."],
  ["G6", "D24", "Entering an error state (4 to 7) resets the wildcard clean-up count."],
  ["G7", "D25", "A transaction timeout is classified as a 408; a transport error has its own rows."],
  ["G8", "§4.1", "A grant with E <= T adds a warning action (the refresh then goes out at the next visit), unless D32's floor holds the refresh back: its own warning is given instead."],
] as const;

const REPLIES = REPLY_EVENTS;

export const TRANSITIONS: readonly TransitionRow[] = [
  // Bucket visits (§3.3).
  { id: "visit-in-flight", rule: "§3.3; D15", from: [S1, S2, S8, S9], on: ["visit"], when: {}, to: "unchanged", effects: [] },
  { id: "visit-inactive", rule: "§3.3, §12, D14", from: [S0, S3, S4, S5, S6, S7], on: ["visit"], when: { active: false }, to: "unchanged", effects: [] },
  { id: "visit-circuit-open", rule: "D34 (a registrar that is down is probed, not hammered)", from: [S0, S3, S4, S5, S6, S7], on: ["visit"], when: { enabled: true, circuitOpen: true }, to: "unchanged", effects: [] },
  { id: "visit-register", rule: "§3.3; §5.3 row \"0, timer visit, enabled -> 1\"", from: [S0], on: ["visit"], when: { enabled: true }, to: S1, effects: ["send-register", "mark-register-sent"] },
  { id: "visit-idle-disabled", rule: "§3.3", from: [S0], on: ["visit"], when: { enabled: false }, to: "unchanged", effects: [] },
  { id: "visit-not-due", rule: "D1, D5, D27", from: [S3, S4, S5, S6, S7], on: ["visit"], when: { due: false }, to: "unchanged", effects: [] },
  { id: "visit-refresh", rule: "§5.3 row \"3, timer visit, now+T >= TO -> 1\" changed by D27 (now >= TO)", from: [S3], on: ["visit"], when: { enabled: true }, to: S1, effects: ["send-register", "mark-register-sent"] },
  { id: "visit-unregister-disabled", rule: "D3 (Q8: OpenSIPS leaves it REGISTERED forever)", from: [S3], on: ["visit"], when: { enabled: false }, to: S8, effects: ["send-unregister"] },
  { id: "visit-retry", rule: "§5.3 row \"4,5,6,7, timer, now >= TO, enabled -> 1\"; D5", from: [S4, S5, S6, S7], on: ["visit"], when: { enabled: true }, to: S1, effects: ["new-dialog", "send-register", "mark-register-sent"] },
  { id: "visit-retry-disabled", rule: "§5.3 row \"4,5,6,7, timer, now >= TO, disabled -> 8\"", from: [S4, S5, S6, S7], on: ["visit"], when: { enabled: false }, to: S8, effects: ["send-unregister"] },

  // Any outcome on a node where the tag is not active (D14).
  { id: "reply-inactive-idle", rule: "D14 (Q24 fixed)", from: [S0], on: REPLIES, when: { active: false }, to: "unchanged", effects: [] },
  { id: "reply-inactive", rule: "D14", from: [S1, S2, S8, S9], on: REPLIES, when: { active: false }, to: S0, effects: [] },

  // 2xx (§5.2; D6: every 2xx is success).
  { id: "2xx-unparsable", rule: "§5.2 \"header/Contact parsing fails\"; D5", from: AWAITING_STATES, on: ["2xx"], when: { contactsParse: false }, to: S5, effects: ["to-retry"] },
  { id: "2xx-unregistered", rule: "§5.3 row \"8,9, 200, disabled -> 0\"", from: [S8, S9], on: ["2xx"], when: { enabled: false }, to: S0, effects: ["to-zero"] },
  { id: "2xx-unregistered-reregister", rule: "§5.3 row \"8,9, 200, enabled -> 1\"; §7", from: [S8, S9], on: ["2xx"], when: { enabled: true }, to: S1, effects: ["new-dialog", "send-register", "mark-register-sent"] },
  { id: "2xx-no-contact", rule: "§5.2 \"200 OK without Contact\" (Q32 kept); D5", from: [S0, S1, S2], on: ["2xx"], when: { hasContact: false }, to: S5, effects: ["to-retry"] },
  { id: "2xx-cleanup", rule: "§5.3 row \"1,2, 200 with >1 bindings and FORCE_SINGLE -> 8\"; §7; D24", from: [S1, S2], on: ["2xx"], when: { manyBindings: true, cleanupLeft: true }, to: S8, effects: ["count-cleanup", "send-wildcard"] },
  { id: "2xx-cleanup-loop", rule: "D24 (Q12 fixed)", from: [S1, S2], on: ["2xx"], when: { manyBindings: true, cleanupLeft: false }, to: S7, effects: ["to-retry"] },
  { id: "2xx-disabled-unregister", rule: "§5.3 row \"1,2, 200 while disabled -> 8\"", from: [S1, S2], on: ["2xx"], when: { enabled: false }, to: S8, effects: ["send-unregister"] },
  { id: "2xx-disabled-idle", rule: "§5.2", from: [S0], on: ["2xx"], when: { enabled: false }, to: S0, effects: ["to-zero"] },
  { id: "2xx-binding-removed", rule: "D17 (Q31 fixed); D5", from: [S0, S1, S2], on: ["2xx"], when: { bindingRemoved: true }, to: S7, effects: ["to-retry"] },
  { id: "2xx-registered", rule: "§5.3 rows \"1 / 2, 200 -> 3\"; §4.1; D1; D6", from: [S0, S1, S2], on: ["2xx"], when: {}, to: S3, effects: ["grant-expiry", "to-refresh", "reset-cleanups", "learn-received"] },

  // 401 / 407 (§5.2, D9, D10, D11).
  { id: "auth-no-credentials", rule: "§5.3 row \"any, 401/407 with empty username/password -> 6\"; D5", from: AWAITING_STATES, on: ["401/407"], when: { credentials: false }, to: S6, effects: ["to-retry"] },
  { id: "auth-unusable-challenge", rule: "§5.2 \"none -> INTERNAL_ERROR\"; §6.4; D9; D5", from: AWAITING_STATES, on: ["401/407"], when: { challengeUsable: false }, to: S5, effects: ["to-retry"] },
  { id: "auth-register", rule: "§5.3 row \"1, 401/407 -> 2\"", from: [S1], on: ["401/407"], when: {}, to: S2, effects: ["send-register-auth"] },
  { id: "auth-unregister", rule: "§5.3 row \"8, 401/407 -> 9\" changed by D11 (a wildcard is re-sent as a wildcard)", from: [S8], on: ["401/407"], when: {}, to: S9, effects: ["send-unregister-auth"] },
  { id: "auth-register-new-challenge", rule: "§5.3 row \"2, 401/407 -> 6\" replaced by D10: a new nonce or stale=true gets one more try", from: [S2], on: ["401/407"], when: { newChallenge: true, rechallengeLeft: true }, to: S2, effects: ["send-register-reauth"] },
  { id: "auth-register-rejected", rule: "§5.3 row \"2, 401/407 -> 6\" as D10 keeps it; D5", from: [S2], on: ["401/407"], when: {}, to: S6, effects: ["to-retry"] },
  { id: "auth-unregister-new-challenge", rule: "§5.3 row \"9, 401/407 -> 6\" replaced by D10; D11", from: [S9], on: ["401/407"], when: { newChallenge: true, rechallengeLeft: true }, to: S9, effects: ["send-unregister-reauth"] },
  { id: "auth-unregister-rejected", rule: "§5.3 row \"9, 401/407 -> 6\" as D10 keeps it; D5", from: [S9], on: ["401/407"], when: {}, to: S6, effects: ["to-retry"] },
  { id: "auth-unexpected", rule: "§5.2 \"state not in {REGISTERING, UNREGISTERING} -> INTERNAL_ERROR\"; D5", from: [S0], on: ["401/407"], when: {}, to: S5, effects: ["to-retry"] },

  // 423 (§4.4, D7).
  { id: "423-unregister", rule: "D7 (Q13 fixed: a 423 to an unREGISTER is REGISTRAR_ERROR); D5", from: AWAITING_STATES, on: ["423"], when: { unregisterInFlight: true }, to: S7, effects: ["to-retry"] },
  { id: "423-retry", rule: "§5.3 row \"any, 423 with Min-Expires >= 5 -> 1\"; §4.4; D7", from: AWAITING_STATES, on: ["423"], when: { minExpiresUsable: true, briefRetryLeft: true }, to: S1, effects: ["want-min-expires", "count-423", "send-register"] },
  { id: "423-loop", rule: "D7 (Q12 fixed: the 4th consecutive 423 is REGISTRAR_ERROR); D5", from: AWAITING_STATES, on: ["423"], when: { minExpiresUsable: true }, to: S7, effects: ["to-retry"] },
  { id: "423-unusable", rule: "§5.3 row \"any, 423 unusable -> 7\"; D5", from: AWAITING_STATES, on: ["423"], when: {}, to: S7, effects: ["to-retry"] },

  // Other outcomes.
  { id: "timeout", rule: "§5.3 row \"any, 408 -> 4\"; D25; D5", from: AWAITING_STATES, on: ["408/timeout"], when: {}, to: S4, effects: ["to-retry"] },
  { id: "transport-error", rule: "D25 (a send failure, at once); D5", from: AWAITING_STATES, on: ["transport-error"], when: {}, to: S5, effects: ["to-retry"] },
  { id: "redirect", rule: "§5.3 row \"any, 3xx -> 5\" changed by D5 (TO := RETRY, Q9 fixed)", from: AWAITING_STATES, on: ["3xx"], when: {}, to: S5, effects: ["to-retry"] },
  { id: "registrar-error", rule: "§5.3 row \"any, other error -> 7\" (D6: a 2xx is never here); D5", from: AWAITING_STATES, on: ["other-final"], when: {}, to: S7, effects: ["to-retry"] },

  // MI commands (§8, §9.2) and sharing tags (§12).
  { id: "enable-already", rule: "§8", from: ALL, on: ["enable"], when: { enabled: true }, to: "unchanged", effects: [] },
  { id: "enable-register", rule: "§5.3 row \"0, MI enable -> 1\"; §8", from: [S0], on: ["enable"], when: { active: true }, to: S1, effects: ["enable", "write-state", "new-dialog", "send-register", "mark-register-sent"] },
  { id: "enable-flag", rule: "§8; D14 (nothing sent on a backup node)", from: ALL, on: ["enable"], when: {}, to: "unchanged", effects: ["enable", "write-state"] },
  { id: "disable-already", rule: "§8", from: ALL, on: ["disable"], when: { enabled: false }, to: "unchanged", effects: [] },
  { id: "disable-unregister", rule: "§5.3 row \"3, MI disable -> 8\"; §8", from: [S3], on: ["disable"], when: { active: true }, to: S8, effects: ["disable", "write-state", "send-unregister"] },
  { id: "disable-flag", rule: "§8; D14 (nothing sent on a backup node)", from: ALL, on: ["disable"], when: {}, to: "unchanged", effects: ["disable", "write-state"] },
  { id: "force-register", rule: "§9.2 force_register", from: ALL, on: ["force-register"], when: { enabled: true }, to: "unchanged", effects: ["to-zero"] },
  { id: "force-register-disabled", rule: "§9.2 force_register", from: ALL, on: ["force-register"], when: {}, to: "unchanged", effects: [] },
  { id: "shtag-backup", rule: "§5.3 row \"any, own sharing tag becomes BACKUP -> 0\"; §12; D14", from: ALL, on: ["shtag-backup"], when: {}, to: S0, effects: [] },
  { id: "shtag-active", rule: "§12 (the next visit picks the record up)", from: ALL, on: ["shtag-active"], when: {}, to: "unchanged", effects: [] },

  // Keep-alive (D37; RFC 5626 §4.4.1): a registered record whose flow died registers again at once.
  { id: "flow-lost-reregister", rule: "D37 (RFC 5626 §4.4.1 flow recovery)", from: [S3], on: ["flow-lost"], when: { active: true, enabled: true }, to: S1, effects: ["send-register", "mark-register-sent"] },
  { id: "flow-lost-ignored", rule: "D37 (in flight: the outcome decides; idle, failed or disabled: the visits do)", from: ALL, on: ["flow-lost"], when: {}, to: "unchanged", effects: [] },
];

type Candidate = readonly [row: TransitionRow, when: ReadonlyArray<readonly [FactName, boolean]>];

/**
 * The rows of each state and event, in table order, each with its `when` as a list: every step
 * looks a row up, and scanning the whole table with `Object.entries` of each row was a measurable
 * part of a registration's cost.
 */
const CANDIDATES: ReadonlyMap<RegistrantStateName, ReadonlyMap<FsmEvent, readonly Candidate[]>> = (() => {
  const byState = new Map<RegistrantStateName, Map<FsmEvent, Candidate[]>>();
  for (const row of TRANSITIONS) {
    const candidate: Candidate = [row, Object.entries(row.when) as Array<[FactName, boolean]>];
    for (const state of row.from) {
      const byEvent = byState.get(state) ?? new Map<FsmEvent, Candidate[]>();
      byState.set(state, byEvent);
      for (const event of row.on) {
        const rows = byEvent.get(event) ?? [];
        byEvent.set(event, rows);
        rows.push(candidate);
      }
    }
  }
  return byState;
})();

/** The first row for `state` and `event` whose `when` agrees with `facts`, or undefined. */
export function findRow(
  state: RegistrantStateName,
  event: FsmEvent,
  facts: Readonly<Partial<Record<FactName, boolean>>>,
): TransitionRow | undefined {
  const candidates = CANDIDATES.get(state)?.get(event);
  // Stryker disable next-line ConditionalExpression: equivalent; the table is total for the inputs that reach it (transition-table.test.ts), and iterating undefined would throw where undefined is returned
  if (candidates === undefined) return undefined;
  next: for (const [row, when] of candidates) {
    for (const [fact, value] of when) if (facts[fact] !== value) continue next;
    return row;
  }
  return undefined;
}
