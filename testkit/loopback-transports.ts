/**
 * Real transports on 127.0.0.1 for tests that leave the memory network: one per protocol, on a
 * free port, closed when the test ends. TLS uses the test's own self-signed certificate, trusted
 * by both ends.
 */
import type { TestContext } from "node:test";
import { createTcpTransport, createTlsTransport, createUdpTransport, systemClock, type Transport, type TransportProtocol } from "../engine/index.js";

/** The registrar URI parameter that selects each protocol (UDP is the default). */
export const TRANSPORT_PARAM: Readonly<Record<TransportProtocol, string>> = { udp: "", tcp: ";transport=tcp", tls: ";transport=tls" };

export async function loopbackTransport(t: TestContext, protocol: TransportProtocol, certificate: { readonly key: string; readonly cert: string }): Promise<Transport> {
  const bind = { host: "127.0.0.1", port: 0 };
  const transport =
    protocol === "udp"
      ? await createUdpTransport({ bind })
      : protocol === "tcp"
        ? await createTcpTransport({ bind, clock: systemClock })
        : await createTlsTransport({ bind, clock: systemClock, server: certificate, client: { ca: certificate.cert } });
  t.after(() => transport.close());
  return transport;
}
