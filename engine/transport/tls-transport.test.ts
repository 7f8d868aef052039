import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { before, describe, it, type TestContext } from "node:test";
import { connect as tlsConnect } from "node:tls";
import { createClock } from "@sinonjs/fake-timers";
import { generate } from "selfsigned";
import { fromFakeClock } from "../clock.js";
import { memoryLogger, type Logger } from "../log.js";
import { TransportError } from "./errors.js";
import { bytes, Inbox, listenTcp, sipRequest, text } from "../../testkit/transport-fixtures.js";
import { createTlsTransport, type TlsClientOptions } from "./tls-transport.js";
import type { SocketAddress } from "./transport.js";

let certificate: { key: string; cert: string };

before(async () => {
  const pems = await generate([{ name: "commonName", value: "registrar.test" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "registrar.test" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  certificate = { key: pems.private, cert: pems.cert };
});

interface Open {
  host?: string;
  client?: TlsClientOptions;
  logger?: Logger;
  connectTimeoutMs?: number;
}

async function openTls(t: TestContext, options: Open = {}) {
  const fake = createClock();
  const transport = await createTlsTransport({
    bind: { host: options.host ?? "127.0.0.1", port: 0 },
    clock: fromFakeClock(fake),
    server: certificate,
    ...(options.client === undefined ? {} : { client: options.client }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
  t.after(() => transport.close());
  return { transport, fake };
}

/** A plain TCP server that does whatever `onConnection` says instead of a TLS handshake. */
async function plainServer(t: TestContext, onConnection: (socket: Socket) => void): Promise<SocketAddress> {
  return (await listenTcp(t, onConnection)).local;
}

function transportError(code: string, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TransportError, String(error));
    assert.equal(error.code, code, error.message);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  };
}

describe("TLS transport", { timeout: 10_000 }, () => {
  for (const host of ["127.0.0.1", "::1"]) {
    it(`on ${host}: carries requests and replies over one verified connection`, async (t) => {
      const { transport: client } = await openTls(t, { host, client: { ca: certificate.cert } });
      const { transport: server } = await openTls(t, { host });
      assert.equal(client.protocol, "tls");
      assert.equal(client.reliable, true);
      assert.ok(client.local.port > 0);
      const atServer = new Inbox(server);
      const atClient = new Inbox(client);

      await client.send(server.local, sipRequest("r1"));
      const request = await atServer.next();
      assert.equal(text(request.data), text(sipRequest("r1")));
      assert.equal(request.source.protocol, "tls");
      assert.notEqual(request.source.port, client.local.port);

      await server.send(request.source, sipRequest("reply"));
      const reply = await atClient.next();
      assert.equal(text(reply.data), text(sipRequest("reply")));
      assert.deepEqual(reply.source, server.local);
    });
  }

  it("frames coalesced messages from a TLS peer", async (t) => {
    const { transport } = await openTls(t);
    const inbox = new Inbox(transport);
    const socket = tlsConnect({ host: "127.0.0.1", port: transport.local.port, ca: certificate.cert });
    t.after(() => socket.destroy());
    await once(socket, "secureConnect");
    socket.write(Buffer.concat([sipRequest("one"), Buffer.from("\r\n\r\n"), sipRequest("two")]));
    assert.equal(text((await inbox.next()).data), text(sipRequest("one")));
    assert.equal(text((await inbox.next()).data), text(sipRequest("two")));
  });

  it("rejects with tls_handshake when the client does not trust the server's certificate", async (t) => {
    const { transport: client } = await openTls(t);
    const { transport: server } = await openTls(t);
    await assert.rejects(client.send(server.local, sipRequest("x")), (error: unknown) => {
      transportError("tls_handshake", /self-signed certificate/)(error);
      assert.equal((error as TransportError).fault, "remote");
      return true;
    });
  });

  it("logs an inbound handshake failure and keeps serving", async (t) => {
    const logger = memoryLogger();
    const { transport: server } = await openTls(t, { logger });
    const inbox = new Inbox(server);
    const plain = connect({ host: "127.0.0.1", port: server.local.port });
    t.after(() => plain.destroy());
    plain.end("OPTIONS sip:x SIP/2.0\r\n\r\n");
    await once(plain, "close");
    assert.ok(logger.lines.some((line) => line.level === "warn" && /inbound TLS handshake failed/.test(line.msg)));
    const { transport: client } = await openTls(t, { client: { ca: certificate.cert } });
    await client.send(server.local, sipRequest("after"));
    assert.equal(text((await inbox.next()).data), text(sipRequest("after")));
  });

  it("checks the certificate against the configured server name", async (t) => {
    const names: SocketAddress[] = [];
    const { transport: server } = await openTls(t);
    const { transport: wrong } = await openTls(t, {
      client: { ca: certificate.cert, servername: "other.test" },
    });
    await assert.rejects(wrong.send(server.local, sipRequest("x")), transportError("tls_handshake", /other\.test/));
    const { transport: right } = await openTls(t, {
      client: {
        ca: certificate.cert,
        servername: (to) => {
          names.push(to);
          return "registrar.test";
        },
      },
    });
    await right.send(server.local, sipRequest("y"));
    assert.deepEqual(names, [{ protocol: "tls", host: "127.0.0.1", port: server.local.port }]);
  });

  it("connects to an untrusted server when rejectUnauthorized is false", async (t) => {
    const { transport: client } = await openTls(t, { client: { rejectUnauthorized: false } });
    const { transport: server } = await openTls(t);
    const inbox = new Inbox(server);
    await client.send(server.local, sipRequest("lenient"));
    assert.equal(text((await inbox.next()).data), text(sipRequest("lenient")));
  });

  it("rejects with tls_handshake when the peer hangs up before the handshake ends", async (t) => {
    const { transport } = await openTls(t, { client: { ca: certificate.cert } });
    const peer = await plainServer(t, (socket) => socket.destroy());
    await assert.rejects(transport.send(peer, sipRequest("x")), transportError("tls_handshake"));
  });

  it("rejects with connect_timeout when the handshake never finishes, on the injected clock", async (t) => {
    const { transport, fake } = await openTls(t, { client: { ca: certificate.cert }, connectTimeoutMs: 60_000 });
    let accepted: () => void = () => {};
    const connected = new Promise<void>((resolve) => (accepted = resolve));
    const peer = await plainServer(t, () => accepted());
    let settled = false;
    const sending = transport.send(peer, sipRequest("x")).finally(() => (settled = true));
    await connected;
    fake.tick(59_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    fake.tick(1);
    await assert.rejects(sending, transportError("connect_timeout", /60000 ms/));
  });

  it("rejects with connection_refused, not tls_handshake, when nobody listens", async (t) => {
    const { transport } = await openTls(t, { client: { ca: certificate.cert } });
    const { transport: other } = await openTls(t);
    await other.close();
    await assert.rejects(transport.send(other.local, bytes("x")), transportError("connection_refused"));
  });
});
