import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { once } from "node:events";
import { describe, it, type TestContext } from "node:test";
import { memoryLogger } from "../log.js";
import { TransportError } from "./errors.js";
import { bytes, Inbox, text } from "../../testkit/transport-fixtures.js";
import { createUdpTransport, UDP_PAYLOAD_BYTES_MAX, type UdpTransport, type UdpTransportOptions } from "./udp-transport.js";

async function open(t: TestContext, options: UdpTransportOptions): Promise<UdpTransport> {
  const transport = await createUdpTransport(options);
  t.after(() => transport.close());
  return transport;
}

/** A raw UDP socket on loopback, to send what a transport never would. */
async function rawSocket(t: TestContext, host = "127.0.0.1") {
  const socket = createSocket(host.includes(":") ? "udp6" : "udp4");
  socket.bind(0, host);
  await once(socket, "listening");
  t.after(() => socket.close());
  return socket;
}

function isTransportError(code: string) {
  return (error: unknown) => error instanceof TransportError && error.code === code;
}

describe("UDP transport", { timeout: 10_000 }, () => {
  for (const host of ["127.0.0.1", "::1"]) {
    it(`binds an ephemeral port on ${host} and exchanges datagrams both ways`, async (t) => {
      const a = await open(t, { bind: { host, port: 0 } });
      const b = await open(t, { bind: { host, port: 0 } });
      assert.equal(a.protocol, "udp");
      assert.equal(a.reliable, false);
      assert.equal(a.local.host, host);
      assert.ok(a.local.port > 0);
      assert.notEqual(a.local.port, b.local.port);

      const inboxB = new Inbox(b);
      const inboxA = new Inbox(a);
      await a.send(b.local, bytes("hello b"));
      const atB = await inboxB.next();
      assert.equal(text(atB.data), "hello b");
      assert.deepEqual(atB.source, a.local);
      assert.deepEqual(atB.local, b.local);

      await b.send(atB.source, bytes("hello a"));
      assert.equal(text((await inboxA.next()).data), "hello a");
    });
  }

  it("reaches an IPv4 peer from a dual-stack socket on ::", async (t) => {
    const transport = await open(t, { bind: { host: "::", port: 0 } });
    const peer = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    const inbox = new Inbox(peer);
    await transport.send(peer.local, bytes("over v4"));
    const message = await inbox.next();
    assert.equal(text(message.data), "over v4");
    assert.equal(message.source.port, transport.local.port);
  });

  it("hands up any bytes unparsed, one datagram per message", async (t) => {
    const transport = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    const inbox = new Inbox(transport);
    const raw = await rawSocket(t);
    const garbage = Buffer.from([0, 255, 13, 10, 13, 10, 1]);
    raw.send(garbage, transport.local.port, "127.0.0.1");
    const message = await inbox.next();
    assert.deepEqual([...message.data], [...garbage]);
    assert.equal(message.source.port, raw.address().port);
  });

  it("logs and drops oversize and empty datagrams, and keeps serving", async (t) => {
    const logger = memoryLogger();
    const transport = await open(t, { bind: { host: "127.0.0.1", port: 0 }, logger, datagramBytesMax: 100 });
    const inbox = new Inbox(transport);
    const raw = await rawSocket(t);
    raw.send(Buffer.alloc(101, 0x41), transport.local.port, "127.0.0.1");
    raw.send(Buffer.alloc(0), transport.local.port, "127.0.0.1");
    raw.send(Buffer.from("fits"), transport.local.port, "127.0.0.1");
    assert.equal(text((await inbox.next()).data), "fits");
    assert.equal(inbox.messages.length, 1);
    const warned = logger.lines.filter((line) => line.level === "warn");
    assert.equal(warned.length, 1);
    assert.match(warned[0]?.msg ?? "", /over 100 bytes dropped/);
    assert.ok(logger.lines.some((line) => line.level === "debug" && /empty udp datagram/.test(line.msg)));
  });

  it("survives a handler that throws", async (t) => {
    const logger = memoryLogger();
    const transport = await open(t, { bind: { host: "127.0.0.1", port: 0 }, logger });
    const raw = await rawSocket(t);
    const seen: string[] = [];
    let done: () => void = () => {};
    const second = new Promise<void>((resolve) => (done = resolve));
    transport.onMessage((message) => {
      seen.push(text(message.data));
      if (seen.length === 1) throw new Error("handler bug");
      done();
    });
    raw.send("one", transport.local.port, "127.0.0.1");
    raw.send("two", transport.local.port, "127.0.0.1");
    await second;
    assert.deepEqual(seen, ["one", "two"]);
    assert.ok(logger.lines.some((line) => line.level === "error" && /handler threw/.test(line.msg)));
  });

  it("rejects what it cannot send, without throwing synchronously", async (t) => {
    const transport = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    await assert.rejects(transport.send({ host: "registrar.example", port: 5060 }, bytes("x")), isTransportError("invalid_address"));
    await assert.rejects(transport.send({ host: "::1", port: 5060 }, bytes("x")), isTransportError("invalid_address"));
    await assert.rejects(
      transport.send(transport.local, new Uint8Array(UDP_PAYLOAD_BYTES_MAX + 1)),
      isTransportError("message_too_large"),
    );
  });

  it("sends unconfirmed: the datagram arrives, and what cannot be sent is returned, not thrown", async (t) => {
    const a = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    const b = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    const inbox = new Inbox(b);
    assert.equal(a.sendUnconfirmed(b.local, bytes("no callback")), null);
    assert.equal(text((await inbox.next()).data), "no callback");
    assert.ok(isTransportError("invalid_address")(a.sendUnconfirmed({ host: "registrar.example", port: 5060 }, bytes("x"))));
    assert.ok(isTransportError("message_too_large")(a.sendUnconfirmed(b.local, new Uint8Array(UDP_PAYLOAD_BYTES_MAX + 1))));
    await a.close();
    assert.ok(isTransportError("closed")(a.sendUnconfirmed(b.local, bytes("x"))));
  });

  it("sends reporting: the datagram arrives and null is reported; what cannot be sent is reported, never synchronously", async (t) => {
    const a = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    const b = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    const inbox = new Inbox(b);
    const report = (to: { host: string; port: number }, data: Uint8Array): Promise<TransportError | null> =>
      new Promise((resolve) => {
        let returned = false;
        a.sendReporting(to, data, (error) => {
          assert.ok(returned, "reported before sendReporting returned");
          resolve(error);
        });
        returned = true;
      });
    assert.equal(await report(b.local, bytes("reported")), null);
    assert.equal(text((await inbox.next()).data), "reported");
    assert.ok(isTransportError("invalid_address")(await report({ host: "registrar.example", port: 5060 }, bytes("x"))));
    assert.ok(isTransportError("message_too_large")(await report(b.local, new Uint8Array(UDP_PAYLOAD_BYTES_MAX + 1))));
    await a.close();
    assert.ok(isTransportError("closed")(await report(b.local, bytes("x"))));
  });

  it("rejects sends after close with closed, and close is idempotent", async () => {
    const transport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
    await transport.close();
    await transport.close();
    await assert.rejects(transport.send({ host: "127.0.0.1", port: 9 }, bytes("x")), isTransportError("closed"));
  });

  it("sets the socket buffer sizes asked for, and refuses sizes that are not positive whole numbers", async (t) => {
    const plain = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    // Below every system default and cap, so the size reported can only come from the option;
    // Linux reports twice the size asked for (its bookkeeping overhead), other systems the size.
    const asked = 24 * 1024;
    const sized = await open(t, { bind: { host: "127.0.0.1", port: 0 }, recvBufferBytes: asked, sendBufferBytes: asked });
    assert.ok([asked, 2 * asked].includes(sized.recvBufferBytes()), `receive buffer ${sized.recvBufferBytes()}`);
    assert.ok([asked, 2 * asked].includes(sized.sendBufferBytes()), `send buffer ${sized.sendBufferBytes()}`);
    const inbox = new Inbox(sized);
    await plain.send(sized.local, bytes("still serves"));
    assert.equal(text((await inbox.next()).data), "still serves");
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(createUdpTransport({ bind: { host: "127.0.0.1", port: 0 }, recvBufferBytes: bad }), RangeError);
      await assert.rejects(createUdpTransport({ bind: { host: "127.0.0.1", port: 0 }, sendBufferBytes: bad }), RangeError);
    }
  });

  it("fails to bind a port in use, or a host that is not an IP, with bind_failed", async (t) => {
    const first = await open(t, { bind: { host: "127.0.0.1", port: 0 } });
    await assert.rejects(createUdpTransport({ bind: first.local }), isTransportError("bind_failed"));
    await assert.rejects(createUdpTransport({ bind: { host: "localhost", port: 0 } }), isTransportError("bind_failed"));
  });
});
