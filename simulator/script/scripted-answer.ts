/**
 * The SIP answer of a `respond`, `challenge` or `accept` step. `accept` runs the registrar's own
 * binding steps (without the credential check and the minimum interval) and then bends the 200:
 * foreign Contacts added, or every Contact taken out.
 */
import { getParam, parseNameAddr, sameHeaderName, setParam, formatNameAddr, type HeaderList, type SipRequest } from "../../engine/sip/index.js";
import type { DigestPolicy } from "../digest-policy.js";
import { answerRegister, type Answer, type RegisterContext } from "../register-handler.js";
import type { Action, ForeignContact } from "./model.js";

export type AnsweringAction = Extract<Action, { kind: "respond" | "challenge" | "accept" }>;

export function scriptedAnswer(
  action: AnsweringAction,
  request: SipRequest,
  deps: { readonly context: RegisterContext; readonly challenger: DigestPolicy },
  nowMs: number,
  label: string,
): Answer {
  switch (action.kind) {
    case "respond":
      return { status: action.status, ...(action.reason === null ? {} : { reason: action.reason }), headers: action.headers, why: label };
    case "challenge": {
      const decision = deps.challenger.challengeWith(action.overrides, nowMs, action.stale, label);
      if (decision.kind !== "refused") throw new RangeError("a challenge always refuses");
      return { status: decision.status, headers: [...decision.headers, ...action.headers], why: label };
    }
    case "accept": {
      const answer = answerRegister(request, deps.context, nowMs, { grantSec: action.grantSec });
      // A REGISTER the registrar cannot bind (bad Contact, old CSeq) keeps its error answer.
      if (answer.status !== 200) return answer;
      const own = answer.headers.filter(([name]) => sameHeaderName(name, "Contact"));
      const rest = answer.headers.filter(([name]) => !sameHeaderName(name, "Contact"));
      const grantedSec = action.grantSec ?? firstExpires(own);
      const contacts = action.omitContact ? [] : [...own, ...action.extraBindings.map((b) => foreignContact(b, grantedSec))];
      return { ...answer, headers: [...contacts, ...rest, ...action.headers], why: `${label}: ${answer.why}` };
    }
  }
}

function foreignContact(binding: ForeignContact, grantedSec: number | null): readonly [string, string] {
  const expiresSec = binding.expiresSec ?? grantedSec;
  if (expiresSec === null) return ["Contact", binding.contact];
  const contact = parseNameAddr(binding.contact);
  const params = contact.params.map(([name, value]): [string, string | null] => [name, value]);
  setParam(params, "expires", String(expiresSec));
  return ["Contact", formatNameAddr({ ...contact, params })];
}

/** The interval the registrar granted the registrant's own (first) Contact. */
function firstExpires(contacts: HeaderList): number | null {
  const first = contacts[0];
  if (first === undefined) return null;
  const value = getParam(parseNameAddr(first[1]).params, "expires");
  return value === null ? null : Number(value);
}
