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
 * Pure, like the record state machine: an outcome goes in, the next send (or none) comes out.
 * Its three rows:
 *
 *   | exchange          | outcome                                                | next                          |
 *   |-------------------|--------------------------------------------------------|-------------------------------|
 *   | unauthenticated   | 401/407, credentials set, challenge usable (§6.4, D9) | unREGISTER with credentials   |
 *   | any               | any other outcome (2xx, error, timeout, transport)     | finished                      |
 *   | authenticated     | any outcome                                            | finished                      |
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
  return { exchange, send: unregister(exchange, null), result: "sent" };
}

export function detachedStep(exchange: DetachedUnregister, outcome: DetachedOutcome, random: Random): DetachedStep {
  if (outcome.kind !== "response") return { exchange, send: null, result: outcome.kind };
  const { response } = outcome;
  const { config } = exchange;
  const challenged = response.status === 401 || response.status === 407;
  if (!challenged || exchange.authenticated) return { exchange, send: null, result: String(response.status) };
  const challenge = chooseResponseChallenge(response);
  if (challenge === null) return { exchange, send: null, result: `${response.status} (no usable challenge)` };
  const answered = recordCredentials(config, challenge, response.status === 407 ? 407 : 401, null, random);
  if (answered === null) return { exchange, send: null, result: String(response.status) };
  const next: DetachedUnregister = { ...exchange, cseq: exchange.cseq + 1, authenticated: true };
  const { credentials } = answered;
  return { exchange: next, send: unregister(next, credentials), result: "challenged" };
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
