/**
 * Helpers for the simulator tests: a registrar and a registrant on one MemoryNetwork driven by a
 * fake clock. The registrant is built from our own TransactionLayer, createRequest and
 * buildAuthorization, so every message crosses the real codec in both directions.
 */
import type { Clock as FakeClock } from "@sinonjs/fake-timers";
import { buildAuthorization, chooseResponseChallenge, credentialsHeaderName, type NonceCount } from "../engine/auth/index.js";
import type { Clock } from "../engine/clock.js";
import type { Random } from "../engine/random.js";
import { createRequest, parseMessage, parseUri, type HeaderList, type SipRequest, type SipResponse } from "../engine/sip/index.js";
import { TransactionLayer, type TransactionOutcome } from "../engine/transaction/index.js";
import { MemoryNetwork, type Transport } from "../engine/transport/index.js";
import { createRegistrar, type Registrar } from "../simulator/registrar.js";
import type { RegistrarOptions } from "../simulator/registrar-options.js";
import { parseUsersFile } from "../simulator/users.js";
import { ENGINE_HOST as CLIENT_HOST, createLab, PROXY_HOST, REALM, REGISTRAR_HOST } from "./lab.js";

export { REALM, REGISTRAR_HOST, ENGINE_HOST as CLIENT_HOST, LAB_START_MS as START_MS } from "./lab.js";
export const AOR = `sip:alice@${REALM}`;

export const USERS_FILE = `
# test users
[example.org]
alice   wonderland
bob     0x${"0".repeat(32)}
`;

export type LabOptions = Partial<Omit<RegistrarOptions, "clock" | "random" | "users">> & {
  /** Users file text; absent: no authentication. */
  readonly users?: string;
};

export interface Lab {
  readonly fake: FakeClock;
  readonly clock: Clock;
  readonly random: Random;
  readonly network: MemoryNetwork;
  readonly registrar: Registrar;
  readonly client: TransactionLayer;
  readonly clientTransport: Transport;
  /** Sends a request as the registrant and runs the clock until its outcome; a response is required. */
  send(request: SipRequest): Promise<SipResponse>;
  /** Sends raw bytes from another socket and runs the clock; gives the texts that came back. */
  sendRaw(text: string): Promise<string[]>;
  /** Sends a request as the registrant and runs the clock until its outcome, timeouts included (at most `limitMs`). */
  outcome(request: SipRequest, limitMs?: number): Promise<TransactionOutcome>;
}

/** Clock steps while waiting for an outcome: fine enough to see when it came, coarse enough for 32 s timeouts. */
const OUTCOME_STEP_MS = 10;

export function lab(options: LabOptions = {}): Lab {
  const { fake, clock, random, network } = createLab();
  const { users, ...rest } = options;
  const registrar = createRegistrar({
    realm: REALM,
    ...rest,
    clock,
    random: random.child(),
    ...(users === undefined ? {} : { users: parseUsersFile(users) }),
  });
  registrar.attach(network.bind(`udp:${REGISTRAR_HOST}:5060`));
  const client = new TransactionLayer({ clock, random: random.child() });
  const clientTransport = network.bind(`udp:${CLIENT_HOST}:5060`);
  client.attach(clientTransport);
  const raw = network.bind(`udp:${PROXY_HOST}:5060`);
  const rawReplies: string[] = [];
  raw.onMessage((message) => void rawReplies.push(new TextDecoder().decode(message.data)));

  const send = async (request: SipRequest): Promise<SipResponse> => {
    const pending = client.sendRequest(request, { transport: clientTransport, destination: { host: REGISTRAR_HOST, port: 5060 } });
    let done = false;
    void pending.then(() => (done = true));
    for (let i = 0; i < 100 && !done; i++) await fake.tickAsync(1);
    const outcome = await pending;
    if (outcome.kind !== "response") throw new Error(`expected a response, got ${outcome.kind}`);
    return outcome.response;
  };
  const sendRaw = async (text: string): Promise<string[]> => {
    rawReplies.length = 0;
    await raw.send({ host: REGISTRAR_HOST, port: 5060 }, new TextEncoder().encode(text));
    await fake.tickAsync(10);
    return [...rawReplies];
  };
  const outcome = async (request: SipRequest, limitMs = 40_000): Promise<TransactionOutcome> => {
    const pending = client.sendRequest(request, { transport: clientTransport, destination: { host: REGISTRAR_HOST, port: 5060 } });
    let done = false;
    void pending.then(() => (done = true));
    for (let ranMs = 0; ranMs < limitMs && !done; ranMs += OUTCOME_STEP_MS) await fake.tickAsync(OUTCOME_STEP_MS);
    if (!done) throw new Error(`no outcome within ${limitMs} ms`);
    return pending;
  };
  return { fake, clock, random, network, registrar, client, clientTransport, send, sendRaw, outcome };
}

export interface RegisterInit {
  readonly cseq: number;
  readonly callId?: string;
  readonly aor?: string;
  /** Contact values; `*` for the wildcard; [] for none (a query). Default one Contact at the client. */
  readonly contacts?: readonly string[];
  /** The Expires header; absent when null. Default absent. */
  readonly expires?: number | string | null;
  readonly headers?: HeaderList;
  readonly body?: string;
}

export const CONTACT = `<sip:alice@${CLIENT_HOST}:5060>`;

/** A REGISTER as a registrant hands it to the transaction layer (no Via). */
export function register(init: RegisterInit): SipRequest {
  const aor = init.aor ?? AOR;
  const headers: Array<readonly [string, string]> = [
    ["Max-Forwards", "70"],
    ["From", `<${aor}>;tag=f1`],
    ["To", `<${aor}>`],
    ["Call-ID", init.callId ?? "call-1@client"],
    ["CSeq", `${init.cseq} REGISTER`],
  ];
  for (const contact of init.contacts ?? [CONTACT]) headers.push(["Contact", contact]);
  if (init.expires !== undefined && init.expires !== null) headers.push(["Expires", String(init.expires)]);
  headers.push(...(init.headers ?? []));
  return createRequest({ method: "REGISTER", uri: parseUri("sip:example.org"), headers, ...(init.body === undefined ? {} : { body: init.body }) });
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
  readonly nonceCount?: NonceCount | null;
}

/** The same REGISTER init answered to the challenge in `challenged`, as buildAuthorization writes it. */
export function authorized(init: RegisterInit, challenged: SipResponse, credentials: Credentials, random: Random): { request: SipRequest; nonceCount: NonceCount | null } {
  const challenge = chooseResponseChallenge(challenged);
  if (challenge === null) throw new Error(`no usable challenge in ${challenged.status}`);
  const status = challenged.status === 407 ? 407 : 401;
  const authorization = buildAuthorization({
    challenge,
    username: credentials.username,
    password: credentials.password,
    method: "REGISTER",
    uri: "sip:example.org",
    nonceCount: credentials.nonceCount ?? null,
    random,
    ...(init.body === undefined ? {} : { body: new TextEncoder().encode(init.body) }),
  });
  const request = register({ ...init, headers: [...(init.headers ?? []), [credentialsHeaderName(status), authorization.value]] });
  return { request, nonceCount: authorization.nonceCount };
}

let rawBranches = 0;

/** A raw request from the raw socket at 10.0.0.3 (a new branch each), CRLF line ends, Content-Length added. */
export function rawRequest(startLine: string, headers: readonly string[]): string {
  rawBranches++;
  const lines = [
    startLine,
    `Via: SIP/2.0/UDP 10.0.0.3:5060;branch=z9hG4bK-raw-${rawBranches}`,
    ...headers,
    "Content-Length: 0",
  ];
  return lines.join("\r\n") + "\r\n\r\n";
}

export function statusOf(text: string): number {
  const message = parseMessage(new TextEncoder().encode(text));
  if (message.kind !== "response") throw new Error("not a response");
  return message.status;
}
