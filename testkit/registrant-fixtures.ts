/**
 * Fixtures for the registrant tests: a record, an environment, replies built through the codec,
 * and `scenarioFor`, which builds a concrete (runtime, input, env) in which a given table row is
 * the one that must decide, from the row's `from`, `on` and `when` alone.
 */
import type { Random } from "../engine/random.js";
import { seededRandom } from "../engine/random.js";
import type { SipResponse } from "../engine/sip/index.js";
import { createResponse, parseMessage, serializeMessage } from "../engine/sip/index.js";
import type { FsmEnv, FsmInput } from "../engine/registrant/policy/fsm.js";
import type { ModuleParams } from "../engine/registrant/policy/module-params.js";
import { validateModuleParams } from "../engine/registrant/policy/module-params.js";
import type { RegistrantConfig, RegistrantRow, RegistrantRuntime } from "../engine/registrant/policy/record.js";
import { createRuntime, validateRow } from "../engine/registrant/policy/record.js";
import type { RegistrantStateName } from "../engine/registrant/policy/states.js";
import type { FactName, FsmEvent, TransitionRow } from "../engine/registrant/policy/transition-table.js";
import { EVENT_FACTS, findRow, REPLY_EVENTS } from "../engine/registrant/policy/transition-table.js";

export const NOW_SEC = 1_700_000_000;
export const BINDING = "sip:alice@10.0.0.5:5060";

export function testParams(input: Parameters<typeof validateModuleParams>[0] = {}): ModuleParams {
  return validateModuleParams({ timer_interval: 100, hash_size: 1, ...input }, "test");
}

export function testConfig(row: Partial<RegistrantRow> = {}, params: ModuleParams = testParams()): RegistrantConfig {
  return validateRow(
    {
      aor: "sip:alice@example.com",
      contact: BINDING,
      registrar: "sip:registrar.example.com",
      username: "alice",
      password: "secret",
      expiry: 3600,
      ...row,
    },
    { params, socketExists: () => true },
  );
}

export function testEnv(overrides: Partial<FsmEnv> = {}): FsmEnv {
  return { params: testParams(), random: seededRandom(42), active: true, ...overrides };
}

export function freshRuntime(config: RegistrantConfig, random: Random = seededRandom(1)): RegistrantRuntime {
  return createRuntime(config, random, NOW_SEC - 10);
}

/** A response as it would arrive: serialized and parsed again by the codec. */
export function reply(status: number, headers: ReadonlyArray<readonly [string, string]> = []): SipResponse {
  const built = createResponse({
    status,
    headers: [
      ["Via", "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKtest"],
      ["From", "<sip:alice@example.com>;tag=abcde"],
      ["To", "<sip:alice@example.com>;tag=reg1"],
      ["Call-ID", "0123456789abcdef0123456789a"],
      ["CSeq", "1 REGISTER"],
      ...headers,
    ],
  });
  const parsed = parseMessage(serializeMessage(built));
  if (parsed.kind !== "response") throw new Error("expected a response");
  return parsed;
}

export function challenge(nonce: string, extra = ""): [string, string] {
  return ["WWW-Authenticate", `Digest realm="example.com", nonce="${nonce}", qop="auth", algorithm=MD5${extra}`];
}

export interface Scenario {
  readonly config: RegistrantConfig;
  readonly runtime: RegistrantRuntime;
  readonly input: FsmInput;
  readonly env: FsmEnv;
}

type Assignment = Partial<Record<FactName, boolean>>;

/** Every combination of the event's facts, in a fixed order. */
export function assignments(event: FsmEvent): Assignment[] {
  const names = EVENT_FACTS[event];
  const all: Assignment[] = [];
  for (let bits = 0; bits < 1 << names.length; bits++) {
    const assignment: Assignment = {};
    names.forEach((name, i) => (assignment[name] = (bits & (1 << i)) !== 0));
    all.push(assignment);
  }
  return all;
}

/** Scenarios, one per fact combination under which `row` decides for `state` and `event`. */
export function scenariosFor(row: TransitionRow, state: RegistrantStateName, event: FsmEvent): Scenario[] {
  return assignments(event)
    .filter((a) => findRow(state, event, a) === row)
    .map((a) => realize(state, event, a));
}

function realize(state: RegistrantStateName, event: FsmEvent, facts: Assignment): Scenario {
  const yes = (name: FactName): boolean => facts[name] === true;
  const config = testConfig({
    username: event === "401/407" && !yes("credentials") ? null : "alice",
    binding_params: yes("manyBindings") ? ';reg-id=1;+sip.instance="<urn:uuid:1>"' : null,
  });
  const base = freshRuntime(config);
  const inFlight =
    event === "423"
      ? yes("unregisterInFlight") ? "unregister" : "register"
      : state === "UNREGISTERING_STATE" || state === "AUTHENTICATING_UNREGISTER_STATE" ? "unregister" : "register";
  const awaiting = REPLY_EVENTS.includes(event);
  const runtime: RegistrantRuntime = {
    ...base,
    state,
    enabled: yes("enabled"),
    cseq: 3,
    generation: 7,
    inFlight: awaiting ? inFlight : null,
    timeoutSec: yes("due") ? NOW_SEC - 1 : NOW_SEC + 100,
    cleanupCount: yes("cleanupLeft") ? 0 : 3,
    answeredNonce: yes("newChallenge") ? "old-nonce" : "nonce-2",
    rechallenged: !yes("rechallengeLeft"),
    intervalTooBriefCount: yes("briefRetryLeft") ? 0 : 3,
    expiresSec: 3600,
  };
  const env = testEnv({ active: yes("active"), circuitOpen: yes("circuitOpen") });
  return { config, runtime, env, input: inputFor(event, facts) };
}

function inputFor(event: FsmEvent, facts: Assignment): FsmInput {
  const yes = (name: FactName): boolean => facts[name] === true;
  const nowSec = NOW_SEC;
  const response = (r: SipResponse): FsmInput => ({ kind: "response", generation: 7, nowSec, response: r });
  switch (event) {
    case "2xx": {
      if (!yes("contactsParse")) return response(reply(200, [["Contact", "<sip:broken"]]));
      if (!yes("hasContact")) return response(reply(200));
      const ours = `<${BINDING}>;expires=${yes("bindingRemoved") ? 0 : 1800}`;
      const contacts = yes("manyBindings") ? `${ours}, <sip:alice@10.9.9.9>;expires=300` : ours;
      return response(reply(200, [["Contact", contacts]]));
    }
    case "401/407":
      return response(reply(401, [yes("challengeUsable") ? challenge("nonce-2") : ["WWW-Authenticate", 'Basic realm="x"']]));
    case "423":
      return response(reply(423, yes("minExpiresUsable") ? [["Min-Expires", "7200"]] : []));
    case "408/timeout":
      return { kind: "timeout", generation: 7, nowSec };
    case "transport-error":
      return { kind: "transport-error", generation: 7, nowSec };
    case "3xx":
      return response(reply(302, [["Contact", "<sip:elsewhere.example.com>"]]));
    case "other-final":
      return response(reply(503, [["Retry-After", "30"]]));
    default:
      return { kind: event, nowSec };
  }
}
