/**
 * D26: the unREGISTER of a REGISTERED record that `reg_delete`, a reload or an upsert removed or
 * replaced. The exchange outlives its record and finishes on its own: it goes out in the
 * record's dialog (CSeq+1, expires=0), a 401/407 gets one authenticated retry, and every other
 * outcome ends it. No state, event or SR report belongs to it (the record is gone).
 *
 * A record retired with a request in flight (`afterRetirement`) leaves no binding behind either:
 * a REGISTER that gets a 2xx made a binding nobody would refresh or remove, so the same exchange
 * starts in that request's dialog; an unREGISTER that gets a challenge goes on as this exchange.
 *
 * Pure, like the record state machine, and written the same way: the outcome is classified into
 * an event and a fact, the first row of `DETACHED_TRANSITIONS` that matches decides, and
 * docs/detached-unregister.md is rendered from those rows (a test compares them).
 */
import { chooseResponseChallenge } from "../../auth/index.js";
import type { Random } from "../../random.js";
import type { SipResponse } from "../../sip/index.js";
import type { SendAction } from "./actions.js";
import { recordCredentials } from "./record-credentials.js";
import type { RegistrantConfig, RegistrantRuntime } from "./record.js";

export interface DetachedUnregister {
  readonly config: RegistrantConfig;
  readonly callId: string;
  readonly fromTag: string;
  /** CSeq of the request in flight. */
  readonly cseq: number;
  /** The one authenticated retry was sent. */
  readonly authenticated: boolean;
}

export type DetachedOutcome =
  | { readonly kind: "response"; readonly response: SipResponse }
  | { readonly kind: "timeout" | "transport-error" };

export interface DetachedStep {
  readonly exchange: DetachedUnregister;
  /** The request to send next, or null when the exchange is finished. */
  readonly send: SendAction | null;
  /** How it ended, for the log: the final status, or the kind of local failure. */
  readonly result: string;
  /** The row of DETACHED_TRANSITIONS that decided, or null for the first unREGISTER. */
  readonly row: string | null;
}

/** Where a detached exchange stands: its first unREGISTER, or the one authenticated retry. */
export type DetachedState = "unauthenticated" | "authenticated";

/** What an outcome of a detached unREGISTER is, once classified. */
export type DetachedEvent = "401/407" | "other-response" | "timeout" | "transport-error";

export interface DetachedRow {
  readonly id: string;
  /** The spec rule (in words) the row carries out. */
  readonly rule: string;
  readonly from: readonly DetachedState[];
  readonly on: readonly DetachedEvent[];
  /** For a challenge: can the record answer it (credentials set, a usable challenge, §6.4/D9)? Absent: either. */
  readonly answerable?: boolean;
  readonly next: "unregister-with-credentials" | "finished";
}

const EITHER: readonly DetachedState[] = ["unauthenticated", "authenticated"];

/** D26's second state machine, first matching row wins. */
export const DETACHED_TRANSITIONS: readonly DetachedRow[] = [
  { id: "detached-answer-challenge", rule: "D26: a challenge to the first unREGISTER gets one authenticated retry, CSeq+1", from: ["unauthenticated"], on: ["401/407"], answerable: true, next: "unregister-with-credentials" },
  { id: "detached-unanswerable-challenge", rule: "D26: no credentials or no usable challenge (§6.4, D9): the binding is left to expire", from: ["unauthenticated"], on: ["401/407"], answerable: false, next: "finished" },
  { id: "detached-challenged-again", rule: "D26: a challenge to the authenticated retry ends it (one retry only)", from: ["authenticated"], on: ["401/407"], next: "finished" },
  { id: "detached-answered", rule: "D26: any other final response ends it (2xx removed the binding, an error leaves it to expire)", from: EITHER, on: ["other-response"], next: "finished" },
  { id: "detached-failed", rule: "D26/D25: a timeout or a transport error ends it", from: EITHER, on: ["timeout", "transport-error"], next: "finished" },
];

/** The row that decides; the table is total, so there always is one. */
export function findDetachedRow(state: DetachedState, event: DetachedEvent, answerable: boolean): DetachedRow {
  const row = DETACHED_TRANSITIONS.find((r) => r.from.includes(state) && r.on.includes(event) && (r.answerable === undefined || r.answerable === answerable));
  if (row === undefined) throw new Error(`no detached unREGISTER row for ${state} on ${event}`);
  return row;
}

/** The dialog of a record (its runtime) or of one of its requests (a send action). */
type Dialog = Pick<RegistrantRuntime, "callId" | "fromTag" | "cseq">;

/** The exchange and its first unREGISTER, in the dialog whose last CSeq is `dialog.cseq`. */
export function startDetachedUnregister(config: RegistrantConfig, dialog: Dialog): DetachedStep {
  const exchange: DetachedUnregister = {
    config,
    callId: dialog.callId,
    fromTag: dialog.fromTag,
    cseq: dialog.cseq + 1,
    authenticated: false,
  };
  return { exchange, send: unregister(exchange, null), result: "sent", row: null };
}

export function detachedStep(exchange: DetachedUnregister, outcome: DetachedOutcome, random: Random): DetachedStep {
  const state: DetachedState = exchange.authenticated ? "authenticated" : "unauthenticated";
  const event = detachedEvent(outcome);
  if (outcome.kind !== "response") {
    return { exchange, send: null, result: outcome.kind, row: findDetachedRow(state, event, false).id };
  }
  const { response } = outcome;
  // Only the first unREGISTER's challenge is read: the authenticated retry is never retried.
  const challenge = event === "401/407" && state === "unauthenticated" ? chooseResponseChallenge(response) : null;
  const answered = challenge === null ? null : recordCredentials(exchange.config, challenge, response.status === 407 ? 407 : 401, null, random);
  const row = findDetachedRow(state, event, answered !== null);
  if (row.next === "finished") {
    const unusable = event === "401/407" && state === "unauthenticated" && challenge === null;
    return { exchange, send: null, result: unusable ? `${response.status} (no usable challenge)` : String(response.status), row: row.id };
  }
  if (answered === null) throw new Error(`row ${row.id} answers a challenge the record cannot answer`);
  const next: DetachedUnregister = { ...exchange, cseq: exchange.cseq + 1, authenticated: true };
  return { exchange: next, send: unregister(next, answered.credentials), result: "challenged", row: row.id };
}

function detachedEvent(outcome: DetachedOutcome): DetachedEvent {
  if (outcome.kind !== "response") return outcome.kind;
  return outcome.response.status === 401 || outcome.response.status === 407 ? "401/407" : "other-response";
}

/**
 * What is left to do when `sent` was in flight as its record was retired for good, or null.
 * The wildcard unREGISTER is not carried on: its challenge is left unanswered, as before.
 */
export function afterRetirement(config: RegistrantConfig, sent: SendAction, outcome: DetachedOutcome, random: Random): DetachedStep | null {
  if (outcome.kind !== "response") return null;
  if (sent.request === "register") {
    const status = outcome.response.status;
    return status >= 200 && status < 300 ? startDetachedUnregister(config, sent) : null;
  }
  if (sent.request !== "unregister") return null;
  const exchange: DetachedUnregister = { config, callId: sent.callId, fromTag: sent.fromTag, cseq: sent.cseq, authenticated: sent.credentials !== null };
  const next = detachedStep(exchange, outcome, random);
  return next.send === null ? null : next;
}

function unregister(exchange: DetachedUnregister, credentials: SendAction["credentials"]): SendAction {
  return {
    kind: "send",
    request: "unregister",
    generation: 0,
    callId: exchange.callId,
    fromTag: exchange.fromTag,
    cseq: exchange.cseq,
    expiresSec: 0,
    credentials,
  };
}
