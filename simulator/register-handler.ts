/**
 * A REGISTER's answer, following RFC 3261 §10.3 step by step. Steps 1 (Request-URI domain) and 4
 * (may this user change this AOR's bindings) are not checked: the simulator serves any domain and
 * lets any authenticated user register any AOR, as a lab registrar usually does.
 *
 * Pure apart from the binding table and nonce store it is handed: time comes in as `nowMs`.
 */
import {
  formatNameAddr,
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getTo,
  headerValues,
  SipParseError,
  type HeaderList,
  type SipRequest,
} from "../engine/sip/index.js";
import type { IncomingRequest } from "../engine/transaction/index.js";
import { aorOf, type AorMatching } from "./aor.js";
import { remainingSec, type Binding, type BindingTable } from "./bindings.js";
import type { DigestPolicy } from "./digest-policy.js";
import { resolveExpiries, type ExpiryPolicy, type ExpiryResolution } from "./expiry.js";

export interface RegisterContext {
  readonly bindings: BindingTable;
  readonly expiry: ExpiryPolicy;
  /** Null: no authentication, every REGISTER is accepted. */
  readonly digest: DigestPolicy | null;
  readonly matching: AorMatching;
}

/** What to answer; `why` is for logs and never holds a secret. */
export interface Answer {
  readonly status: number;
  /** A reason phrase naming the problem; undefined for the standard phrase. */
  readonly reason?: string | undefined;
  readonly headers: HeaderList;
  readonly why: string;
  /** The AOR, once known. */
  readonly aor?: string;
}

/**
 * How a script's `accept` bends the steps: credentials are not checked (step 3), no interval is
 * too brief (no 423), and a grant, when given, replaces every non-zero interval asked for.
 */
export interface AcceptOverrides {
  readonly grantSec: number | null;
}

/** A request's To, Call-ID and CSeq as the transaction layer already read them. */
type ReadHeaders = Pick<IncomingRequest, "to" | "callId" | "cseq">;

/**
 * The registrar's answer to one REGISTER (RFC 3261 §10.3 steps 2 to 8), with the bindings updated.
 * Without `accept` (the default) every step applies; with it, as a script's `accept` bends them.
 * `read`: the request's To, Call-ID and CSeq when already parsed, so that they are not parsed
 * again. A header that does not parse is answered 400; throws (rethrows) only an error that is not
 * a SipParseError, which is a bug.
 */
export function answerRegister(request: SipRequest, context: RegisterContext, nowMs: number, accept?: AcceptOverrides, read?: ReadHeaders): Answer {
  try {
    return registerSteps(request, context, nowMs, accept, read);
  } catch (error) {
    // A header the steps need does not parse: §8.2 lets a UAS answer 400 and say why.
    if (error instanceof SipParseError) return { status: 400, reason: error.problem, headers: [], why: error.message };
    throw error;
  }
}

function registerSteps(request: SipRequest, context: RegisterContext, nowMs: number, accept: AcceptOverrides | undefined, read: ReadHeaders | undefined): Answer {
  // Step 2: we support no extension, so any option-tag in Require is unsupported (§8.2.2.3).
  const required = headerValues(request, "Require");
  if (required.length > 0) {
    return { status: 420, headers: [["Unsupported", required.join(", ")]], why: `unsupported Require: ${required.join(", ")}` };
  }
  // Step 3: authenticate.
  if (context.digest !== null && accept === undefined) {
    const decision = context.digest.check(request, nowMs);
    if (decision.kind === "refused") {
      return { status: decision.status, reason: decision.reason, headers: decision.headers, why: decision.why };
    }
  }
  // Step 5: the AOR from To, in canonical form.
  const reading = aorOf((read?.to ?? getTo(request)).uri, context.matching);
  if (!reading.ok) return { status: 404, reason: "Not Found: " + reading.reason, headers: [], why: reading.reason };
  const aor = reading.aor;
  // Step 6: Contact, wildcard included.
  const contacts = getContacts(request);
  const expiresHeaderSec = getExpires(request);
  const callId = read?.callId ?? getCallId(request);
  const cseq = (read?.cseq ?? getCSeq(request)).seq;
  if (contacts.wildcard) {
    if (expiresHeaderSec !== 0) return badRequest("Contact '*' needs an Expires header of 0", aor);
    return applied(context, { aor, callId, cseq, change: { kind: "remove-all" } }, nowMs, "all bindings removed");
  }
  if (contacts.contacts.length === 0) return ok(context.bindings.current(nowMs, aor), nowMs, aor, "query");
  // Step 7: each Contact's interval, then the bindings, all or nothing.
  const policy = accept === undefined ? context.expiry : { ...context.expiry, minExpiresSec: null };
  const expiries = granted(resolveExpiries(contacts.contacts, expiresHeaderSec, policy), accept?.grantSec ?? null);
  if (expiries.kind === "malformed") return badRequest(expiries.reason, aor);
  if (expiries.kind === "too-brief") {
    return {
      status: 423,
      headers: [["Min-Expires", String(expiries.minExpiresSec)]],
      why: `expires ${expiries.requestedSec} is below Min-Expires ${expiries.minExpiresSec}`,
      aor,
    };
  }
  return applied(context, { aor, callId, cseq, change: { kind: "contacts", contacts: expiries.contacts } }, nowMs, "bindings updated");
}

function granted(resolution: ExpiryResolution, grantSec: number | null): ExpiryResolution {
  if (grantSec === null || resolution.kind !== "ok") return resolution;
  const contacts = resolution.contacts.map((c) => (c.expiresSec === 0 ? c : { contact: c.contact, expiresSec: grantSec }));
  return { kind: "ok", contacts };
}

function applied(
  context: RegisterContext,
  update: Parameters<BindingTable["apply"]>[0],
  nowMs: number,
  why: string,
): Answer {
  const outcome = context.bindings.apply(update, nowMs);
  if (outcome.kind === "out-of-order") {
    const stored = outcome.binding;
    const problem = `CSeq ${update.cseq} is not above ${stored.cseq}, already seen on this Call-ID for ${formatNameAddr(stored.contact)}`;
    return { status: 500, reason: `Server Internal Error: ${problem}`, headers: [], why: problem, aor: update.aor };
  }
  return ok(outcome.bindings, nowMs, update.aor, why);
}

/** Step 8: 200 listing every current binding with its remaining time, and the registrar's Date. */
function ok(bindings: readonly Binding[], nowMs: number, aor: string, why: string): Answer {
  // The stored Contact has no expires, and a parameter is written last as `;name=value`.
  const contacts = bindings.map((binding): readonly [string, string] => [
    "Contact",
    formatNameAddr(binding.contact) + ";expires=" + remainingSec(binding, nowMs),
  ]);
  return { status: 200, headers: [...contacts, ["Date", httpDate(nowMs)]], why, aor };
}

/** The Date header changes once a second; formatting it is cached for that second. */
let dateSec = Number.NaN;
let dateText = "";

function httpDate(nowMs: number): string {
  const sec = Math.floor(nowMs / 1000);
  if (sec !== dateSec) {
    dateSec = sec;
    dateText = new Date(nowMs).toUTCString();
  }
  return dateText;
}

function badRequest(problem: string, aor: string): Answer {
  return { status: 400, reason: problem, headers: [], why: problem, aor };
}
