/**
 * The registrar both halves of the engine benchmark register against: a REGISTER without valid
 * credentials gets a 401 (MD5, qop=auth, fresh nonce), one with valid credentials a 200 echoing
 * its Contact. Every bench account has the same password, so the secret is made once.
 */
import { formatChallenge, secretFromPassword, verifyAuthorization } from "../../engine/auth/index.js";
import type { Random } from "../../engine/random.js";
import { getAuthValues, headerValue } from "../../engine/sip/index.js";
import type { IncomingRequest, TransactionLayer } from "../../engine/transaction/index.js";

export const BENCH_REALM = "bench.example";
export const BENCH_PASSWORD = "bench-secret";

/**
 * Both loopback sockets: 1,250 REGISTERs leave in one bucket visit, more than the default
 * SO_RCVBUF (about 200 KB) holds, and every dropped datagram would cost a retransmission. The
 * kernel caps the request at net.core.rmem_max.
 */
export const BENCH_UDP_SOCKET = { bind: { host: "127.0.0.1", port: 0 }, recvBufferBytes: 8 * 2 ** 20, sendBufferBytes: 8 * 2 ** 20 } as const;

/** What the registrar answered, for the report. */
export interface RegistrarCounts {
  challenges: number;
  accepted: number;
}

/** Makes `layer` answer every request as the bench registrar; returns live counters. */
export function serveRegistrar(layer: TransactionLayer, random: Random): RegistrarCounts {
  const counts: RegistrarCounts = { challenges: 0, accepted: 0 };
  const secret = secretFromPassword(BENCH_PASSWORD, "MD5");
  const answer = (incoming: IncomingRequest): void => {
    const credentials = getAuthValues(incoming.request, "Authorization")[0];
    const verdict =
      credentials === undefined
        ? undefined
        : verifyAuthorization(credentials, { method: incoming.request.method, realm: BENCH_REALM, secretFor: () => secret });
    if (verdict?.kind === "ok") {
      counts.accepted += 1;
      const contact = headerValue(incoming.request, "Contact");
      void incoming.respond(incoming.createResponse(200, { headers: contact === null ? [] : [["Contact", contact]] }));
      return;
    }
    counts.challenges += 1;
    const challenge = formatChallenge({ realm: BENCH_REALM, nonce: random.hex(16), algorithm: "MD5", qop: ["auth"] });
    void incoming.respond(incoming.createResponse(401, { headers: [["WWW-Authenticate", challenge]] }));
  };
  layer.onRequest(answer);
  return counts;
}
