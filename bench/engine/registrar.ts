/**
 * The registrar both halves of the engine benchmark register against: a REGISTER without valid
 * credentials gets a 401 (MD5, qop=auth, fresh nonce), one with valid credentials a 200 echoing
 * its Contact. Every bench account has the same password, so the secret is made once.
 */
import {
  formatChallenge,
  getAuthValues,
  headerValue,
  secretFromPassword,
  verifyAuthorization,
  type IncomingRequest,
  type Random,
  type RegistrantRow,
  type TransactionLayer,
} from "../../engine/index.js";
import { BENCH_REALM } from "../realm.js";

export const BENCH_PASSWORD = "bench-secret";

/**
 * Both loopback sockets: 1,250 REGISTERs leave in one bucket visit, more than the default
 * SO_RCVBUF (about 200 KB) holds, and every dropped datagram would cost a retransmission. The
 * kernel caps the request at net.core.rmem_max.
 */
export const BENCH_UDP_SOCKET = { bind: { host: "127.0.0.1", port: 0 }, recvBufferBytes: 8 * 2 ** 20, sendBufferBytes: 8 * 2 ** 20 } as const;

/**
 * The bench's records: user u<i> in BENCH_REALM with BENCH_PASSWORD, contact `sip:u<i>@<contactHostPort>`,
 * registering at `registrar` for an hour.
 */
export function benchRows(count: number, contactHostPort: string, registrar: string): RegistrantRow[] {
  return Array.from({ length: count }, (_, i) => ({
    aor: `sip:u${i}@${BENCH_REALM}`,
    contact: `sip:u${i}@${contactHostPort}`,
    registrar,
    username: `u${i}`,
    password: BENCH_PASSWORD,
    expiry: 3600,
  }));
}

/** What the bench registrar counted. */
export interface RegistrarCounts {
  /**
   * Users whose REGISTER with valid credentials got a 200, each counted once: a registrant that
   * timed out waiting (a lost 200) and registered again is still one account registered.
   */
  readonly accepted: Set<string>;
}

/**
 * Makes `layer` answer every request as the bench registrar. The 200 echoes the request's Contact
 * and its Expires header: the engine states the interval as a Contact parameter, Kamailio's `uac`
 * module in an Expires header, and each reads it back from where it put it.
 */
export function serveRegistrar(layer: TransactionLayer, random: Random): RegistrarCounts {
  const counts: RegistrarCounts = { accepted: new Set() };
  const secret = secretFromPassword(BENCH_PASSWORD, "MD5");
  const answer = (incoming: IncomingRequest): void => {
    const credentials = getAuthValues(incoming.request, "Authorization")[0];
    const verdict =
      credentials === undefined
        ? undefined
        : verifyAuthorization(credentials, { method: incoming.request.method, realm: BENCH_REALM, secretFor: () => secret });
    if (verdict?.kind === "ok") {
      counts.accepted.add(credentials?.params.get("username") ?? "");
      const headers: Array<[string, string]> = [];
      const contact = headerValue(incoming.request, "Contact");
      if (contact !== null) headers.push(["Contact", contact]);
      const expires = headerValue(incoming.request, "Expires");
      if (expires !== null) headers.push(["Expires", expires]);
      void incoming.respond(incoming.createResponse(200, { headers }));
      return;
    }
    const challenge = formatChallenge({ realm: BENCH_REALM, nonce: random.hex(16), algorithm: "MD5", qop: ["auth"] });
    void incoming.respond(incoming.createResponse(401, { headers: [["WWW-Authenticate", challenge]] }));
  };
  layer.onRequest(answer);
  return counts;
}
