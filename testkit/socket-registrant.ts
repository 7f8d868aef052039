/**
 * A registrant for the command's tests, built from our own transaction layer and digest code:
 * it sends one REGISTER over a real socket on 127.0.0.1 and answers one challenge.
 */
import { buildAuthorization, chooseResponseChallenge } from "../engine/auth/index.js";
import { systemClock } from "../engine/clock.js";
import { cryptoRandom } from "../engine/random.js";
import { createRequest, parseUri, type SipResponse } from "../engine/sip/index.js";
import { TransactionLayer } from "../engine/transaction/index.js";
import {
  createTcpTransport,
  createTlsTransport,
  createUdpTransport,
  formatAddress,
  type SocketName,
  type Transport,
} from "../engine/transport/index.js";
import { REALM } from "./lab.js";


export interface TestRegistrant {
  readonly transport: Transport;
  /** REGISTER for `user`; answers a 401 with `password` when given; the final response. */
  register(user: string, password: string | null, expiresSec?: number): Promise<SipResponse>;
  close(): Promise<void>;
}

/**
 * A registrant on a fresh socket of `server`'s protocol, aimed at `server`. Over TLS it trusts any
 * certificate (tests use self-signed ones) and listens with `tls`, as every TLS transport listens.
 */
export async function testRegistrant(server: SocketName, tls?: { cert: string; key: string }): Promise<TestRegistrant> {
  const random = cryptoRandom();
  const transport = await clientTransport(server.protocol, tls);
  const layer = new TransactionLayer({ clock: systemClock, random, timers: { finalTimeoutMs: 5000 } });
  layer.attach(transport);
  const route = { transport, destination: { host: server.host, port: server.port } };
  let call = 0;

  const send = async (user: string, cseq: number, callId: string, expiresSec: number, authorization: string | null): Promise<SipResponse> => {
    const aor = `sip:${user}@${REALM}`;
    const headers: [string, string][] = [
      ["Max-Forwards", "70"],
      ["From", `<${aor}>;tag=${random.hex(4)}`],
      ["To", `<${aor}>`],
      ["Call-ID", callId],
      ["CSeq", `${cseq} REGISTER`],
      ["Contact", `<sip:${user}@${formatAddress(transport.local)};transport=${server.protocol}>`],
      ["Expires", String(expiresSec)],
    ];
    if (authorization !== null) headers.push(["Authorization", authorization]);
    const outcome = await layer.sendRequest(createRequest({ method: "REGISTER", uri: parseUri(`sip:${REALM}`), headers }), route);
    if (outcome.kind !== "response") throw new Error(`REGISTER for ${user} got no response: ${outcome.kind}`);
    return outcome.response;
  };

  return {
    transport,
    async register(user, password, expiresSec = 3600) {
      const callId = `${++call}-${random.hex(6)}@cli-test`;
      const first = await send(user, 1, callId, expiresSec, null);
      if (first.status !== 401 || password === null) return first;
      const challenge = chooseResponseChallenge(first);
      if (challenge === null) throw new Error("401 without a usable challenge");
      const authorization = buildAuthorization({ challenge, username: user, password, method: "REGISTER", uri: `sip:${REALM}`, nonceCount: null, random });
      return send(user, 2, callId, expiresSec, authorization.value);
    },
    async close() {
      layer.close();
      await transport.close();
    },
  };
}

function clientTransport(protocol: SocketName["protocol"], tls: { cert: string; key: string } | undefined): Promise<Transport> {
  const bind = { host: "127.0.0.1", port: 0 };
  switch (protocol) {
    case "udp":
      return createUdpTransport({ bind });
    case "tcp":
      return createTcpTransport({ bind, clock: systemClock });
    case "tls":
      if (tls === undefined) throw new RangeError("a TLS test registrant needs a certificate and key");
      return createTlsTransport({ bind, clock: systemClock, server: tls, client: { rejectUnauthorized: false } });
  }
}
