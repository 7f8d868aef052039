/**
 * Warms the registrar's hot paths before it listens: a throwaway registrar with one user of its
 * own answers a few thousand REGISTERs (challenge, then digest) through an in-memory transport,
 * through the same codec, transaction layer, digest and binding code the real one runs. V8 then
 * has compiled those functions before the first real request, so a fresh simulator hit by a
 * burst (1,000 registrations in a second) answers in time instead of interpreting its way
 * through it while clients retransmit. Nothing of it is kept: its users, bindings, nonces and
 * transactions go with it. It costs a fraction of a second at start-up.
 */
import { buildAuthorization, chooseResponseChallenge } from "../engine/auth/index.js";
import type { Clock } from "../engine/clock.js";
import type { Random } from "../engine/random.js";
import { createRequest, parseMessage, parseUri, serializeMessage, type SipRequest, type SipResponse } from "../engine/sip/index.js";
import type { InboundMessage, SocketName, Transport } from "../engine/transport/index.js";
import { createRegistrar } from "./registrar.js";
import { UserTable } from "./users.js";

/** Registrations run through; a few thousand calls is what V8 takes to optimize the hot functions. */
export const WARM_UP_REGISTRATIONS = 1500;

const REALM = "warm-up.invalid";
const PEER: SocketName = { protocol: "udp", host: "192.0.2.1", port: 5060 };
const LOCAL: SocketName = { protocol: "udp", host: "192.0.2.2", port: 5060 };

/** How the throwaway registrar answered the warm-up's second REGISTERs, by status. */
export type WarmUpAnswers = Map<number, number>;

/**
 * Runs `registrations` REGISTERs (default WARM_UP_REGISTRATIONS) through a throwaway registrar, so
 * V8 has compiled the hot paths; returns its answers by status. Rejects with an Error only if the
 * throwaway registrar does not answer or challenge, which would be a bug.
 */
export async function warmUp(clock: Clock, random: Random, registrations = WARM_UP_REGISTRATIONS): Promise<WarmUpAnswers> {
  const answers: WarmUpAnswers = new Map();
  const users = UserTable.fromEntries([{ realm: REALM, username: "warm", password: "up" }]);
  const registrar = createRegistrar({ clock, random: random.child(), realm: REALM, users, transcript: { capacity: 0 } });
  let handler: ((message: InboundMessage) => void) | null = null;
  let answer: Uint8Array | null = null;
  const capture = (data: Uint8Array): void => void (answer = data);
  const transport: Transport = {
    protocol: "udp",
    reliable: false,
    local: LOCAL,
    send: (_to, data) => Promise.resolve(capture(data)),
    sendUnconfirmed: (_to, data) => (capture(data), null),
    onMessage: (next) => void (handler = next),
    close: () => Promise.resolve(),
  };
  registrar.attach(transport);
  const exchange = async (request: SipRequest): Promise<SipResponse> => {
    answer = null;
    handler?.({ source: PEER, local: LOCAL, data: serializeMessage(request) });
    // The answer may leave on a later microtask.
    for (let turn = 0; turn < 10 && answer === null; turn++) await Promise.resolve();
    const message = answer === null ? null : parseMessage(answer);
    if (message?.kind !== "response") throw new Error("warm-up: the registrar did not answer");
    return message;
  };
  try {
    for (let n = 0; n < registrations; n++) {
      const user = `warm${n}`;
      const challenged = await exchange(register(user, n, 1, null));
      const challenge = chooseResponseChallenge(challenged);
      if (challenge === null) throw new Error("warm-up: no challenge");
      // The table has one user, so most answers are refused as unknown: the wrong-user path is warmed too.
      const authorization = buildAuthorization({ challenge, username: n % 2 === 0 ? "warm" : user, password: "up", method: "REGISTER", uri: `sip:${REALM}`, nonceCount: null, random });
      const { status } = await exchange(register(user, n, 2, authorization.value));
      answers.set(status, (answers.get(status) ?? 0) + 1);
    }
  } finally {
    registrar.close();
  }
  return answers;
}

function register(user: string, n: number, cseq: number, authorization: string | null): SipRequest {
  const aor = `sip:${user}@${REALM}`;
  const headers: Array<[string, string]> = [
    ["Via", `SIP/2.0/UDP ${PEER.host}:${PEER.port};branch=z9hG4bK-warm-${n}-${cseq}`],
    ["Max-Forwards", "70"],
    ["From", `<${aor}>;tag=w${n}`],
    ["To", `<${aor}>`],
    ["Call-ID", `warm-${n}@${PEER.host}`],
    ["CSeq", `${cseq} REGISTER`],
    ["Contact", `<sip:${user}@${PEER.host}:${PEER.port};transport=udp>`],
    ["Expires", "3600"],
  ];
  if (authorization !== null) headers.push(["Authorization", authorization]);
  return createRequest({ method: "REGISTER", uri: parseUri(`sip:${REALM}`), headers });
}
