/**
 * `npm run demo`: one REGISTER with digest, end to end through the
 * real codec, digest, transactions and the in-process network on a fake clock, printed as a
 * ladder, against the simulated registrar.
 */
import {
  buildAuthorization,
  chooseResponseChallenge,
  createRequest,
  formatSocketName,
  formatUri,
  getAuthValues,
  getCSeq,
  headerValue,
  parseMessage,
  parseUri,
  tapTransport,
  TransactionLayer,
  type HeaderList,
  type SipMessage,
  type SipResponse,
  type Transport,
} from "../engine/index.js";
import { createRegistrar } from "../simulator/index.js";
import { createLab, LAB_USERS, labUserTable, REALM, REGISTRAR_URI } from "../testkit/lab.js";

const USER = { name: "alice", password: LAB_USERS.alice };
const AOR = `sip:alice@${REALM}`;

// The demo's own seed and a little latency, so the ladder shows messages taking time.
const { fake, clock, random, network, startMs } = createLab({ seed: 2026, faults: { latencyMsMin: 8, latencyMsMax: 30 } });

const ladder: string[] = [];

/** Notes every message a transport sends, at the simulated time it leaves. */
function traced(transport: Transport, side: "client" | "registrar"): Transport {
  return tapTransport(transport, (direction, _peer, data) => {
    if (direction === "out") ladder.push(ladderLine(side, parseMessage(data)));
  });
}

function ladderLine(side: "client" | "registrar", message: SipMessage): string {
  const seconds = ((clock.now() - startMs) / 1000).toFixed(3).padStart(7);
  const text = `${startLine(message)}  CSeq ${getCSeq(message).seq}${detail(message)}`;
  const arrow = "─".repeat(Math.max(4, 66 - text.length));
  return side === "client" ? `${seconds}s  ${text} ${arrow}▶` : `${seconds}s  ◀${arrow} ${text}`;
}

function startLine(message: SipMessage): string {
  return message.kind === "request" ? `${message.method} ${formatUri(message.uri)}` : `${message.status} ${message.reason}`;
}

/** What a reader of the ladder wants to see besides the start line. */
function detail(message: SipMessage): string {
  if (message.kind === "request") return headerValue(message, "Authorization") === null ? "" : " + Authorization";
  if (message.status === 401) return ` (${getAuthValues(message, "WWW-Authenticate")[0]?.params.get("algorithm") ?? "MD5"})`;
  if (message.status === 200) return ` (Contact ${headerValue(message, "Contact") ?? "-"})`;
  return "";
}

function startRegistrar(): Transport {
  const transport = traced(network.bind("udp:127.0.0.1:5060"), "registrar");
  const registrar = createRegistrar({
    clock,
    random: random.child(),
    realm: REALM,
    users: labUserTable({ [USER.name]: USER.password }),
    auth: { algorithms: ["SHA-256"] },
  });
  registrar.attach(transport);
  return transport;
}

async function register(registrar: Transport): Promise<SipResponse> {
  const transport = traced(network.bind("udp:127.0.0.1:5070"), "client");
  const layer = new TransactionLayer({ clock, random: random.child() });
  layer.attach(transport);
  const callId = random.hex(14).slice(0, 27);
  const tag = random.hex(3).slice(0, 5);
  const request = (cseq: number, extra: HeaderList) =>
    createRequest({
      method: "REGISTER",
      uri: parseUri(REGISTRAR_URI),
      headers: [
        ["To", `<${AOR}>`],
        ["From", `<${AOR}>;tag=${tag}`],
        ["CSeq", `${cseq} REGISTER`],
        ["Call-ID", callId],
        ["Max-Forwards", "70"],
        ["User-Agent", "uacreg-demo"],
        ["Contact", `<sip:alice@${formatSocketName(transport.local).slice(4)}>;expires=3600`],
        ...extra,
      ],
    });
  const route = { transport, destination: registrar.local };
  const first = await layer.sendRequest(request(1, []), route);
  if (first.kind !== "response") throw new Error(`first REGISTER ended with ${first.kind}`);
  const challenge = chooseResponseChallenge(first.response);
  if (challenge === null) return first.response;
  const authorization = buildAuthorization({
    challenge,
    username: USER.name,
    password: USER.password,
    method: "REGISTER",
    uri: REGISTRAR_URI,
    nonceCount: null,
    random,
  });
  const second = await layer.sendRequest(request(2, [["Authorization", authorization.value]]), route);
  if (second.kind !== "response") throw new Error(`authenticated REGISTER ended with ${second.kind}`);
  return second.response;
}

const registrar = startRegistrar();
let final: SipResponse | undefined;
const done = register(registrar).then((response) => (final = response));
while (final === undefined) await fake.tickAsync(5);
await done;

console.log("uacreg demo: one REGISTER with SHA-256 digest over the in-process network (simulated time)\n");
console.log(`   time   uacreg udp:127.0.0.1:5070${" ".repeat(33)}registrar udp:127.0.0.1:5060`);
for (const line of ladder) console.log(line);
console.log(`\n${final.status === 200 ? "registered" : "not registered"}: ${final.status} ${final.reason}`);
process.exitCode = final.status === 200 ? 0 : 1;
