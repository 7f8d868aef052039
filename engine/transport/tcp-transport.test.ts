import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { describe, it, type TestContext } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import { memoryLogger } from "../log.js";
import { TransportError } from "./errors.js";
import type { StreamTransportOptions } from "./stream-connections.js";
import { createTcpTransport } from "./tcp-transport.js";
import { bytes, closed, Inbox, listenTcp, RawReader, sipRequest, text } from "../../testkit/transport-fixtures.js";
import type { SocketAddress } from "./transport.js";

type Options = Omit<StreamTransportOptions, "bind" | "clock"> & { host?: string };

async function openTcp(t: TestContext, options: Options = {}) {
  const fake = createClock();
  const { host = "127.0.0.1", ...rest } = options;
  const transport = await createTcpTransport({ bind: { host, port: 0 }, clock: fromFakeClock(fake), ...rest });
  t.after(() => transport.close());
  return { transport, fake };
}

/** A raw TCP client connected to `to`. */
async function rawClient(t: TestContext, to: SocketAddress): Promise<Socket> {
  const socket = connect({ host: to.host, port: to.port });
  t.after(() => socket.destroy());
  await once(socket, "connect");
  return socket;
}

/** A raw TCP server on loopback that records its connections. */
async function rawServer(t: TestContext, host = "127.0.0.1") {
  const readers: RawReader[] = [];
  let waiter: () => void = () => {};
  const { server, sockets, local } = await listenTcp(
    t,
    (socket) => {
      readers.push(new RawReader(socket));
      waiter();
    },
    host,
  );
  /** The reader of the connection number `index` (0-based), once it is accepted. */
  const reader = async (index: number): Promise<RawReader> => {
    while (readers.length <= index) await new Promise<void>((resolve) => (waiter = resolve));
    const found = readers[index];
    assert.ok(found !== undefined);
    return found;
  };
  return { server, sockets, reader, local };
}

/** A loopback port nobody listens on. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

function isTransportError(code: string) {
  return (error: unknown) => error instanceof TransportError && error.code === code;
}

describe("TCP transport", { timeout: 10_000 }, () => {
  for (const host of ["127.0.0.1", "::1"]) {
    it(`on ${host}: replies go back over the connection the request came in on (RFC 3261 §18.2.2)`, async (t) => {
      const { transport: client } = await openTcp(t, { host });
      const { transport: server } = await openTcp(t, { host });
      assert.equal(client.protocol, "tcp");
      assert.equal(client.reliable, true);
      assert.equal(client.local.host, host);
      assert.ok(client.local.port > 0);
      const atServer = new Inbox(server);
      const atClient = new Inbox(client);

      await client.send(server.local, sipRequest("r1"));
      const request = await atServer.next();
      assert.equal(text(request.data), text(sipRequest("r1")));
      // The source is the client's end of the connection, not its listening port: nobody
      // listens there, so only the existing connection can carry the reply.
      assert.notEqual(request.source.port, client.local.port);
      assert.deepEqual(request.local, server.local);

      await server.send(request.source, sipRequest("reply"));
      const reply = await atClient.next();
      assert.equal(text(reply.data), text(sipRequest("reply")));
      assert.deepEqual(reply.source, server.local);

      await client.send(server.local, sipRequest("r2"));
      assert.deepEqual((await atServer.next()).source, request.source);
    });
  }

  it("sends everything for one destination over one connection, even sends made while connecting", async (t) => {
    const { transport } = await openTcp(t);
    const peer = await rawServer(t);
    await Promise.all([
      transport.send(peer.local, sipRequest("a")),
      transport.send(peer.local, sipRequest("b")),
      transport.send(peer.local, sipRequest("c")),
    ]);
    await transport.send(peer.local, sipRequest("d"));
    const reader = await peer.reader(0);
    await reader.until("Call-ID: d");
    assert.equal(peer.sockets.length, 1);
    assert.deepEqual(
      [...reader.received.matchAll(/Call-ID: (\w)/g)].map((match) => match[1]),
      ["a", "b", "c", "d"],
    );
  });

  it("opens a new connection when the peer closed the old one", async (t) => {
    const { transport } = await openTcp(t);
    const peer = await rawServer(t);
    await transport.send(peer.local, sipRequest("first"));
    await (await peer.reader(0)).until("Call-ID: first");
    const old = peer.sockets[0];
    assert.ok(old !== undefined);
    // A graceful close completes only once the transport has answered the FIN with its own,
    // i.e. has seen the connection end; a send before that could still meet the old socket.
    old.end();
    await closed(old);
    await delay(20);
    await transport.send(peer.local, sipRequest("second"));
    await (await peer.reader(1)).until("Call-ID: second");
    assert.equal(peer.sockets.length, 2);
  });

  it("answers a raw client over its own connection", async (t) => {
    const { transport } = await openTcp(t);
    transport.onMessage((message) => void transport.send(message.source, bytes("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")));
    const client = await rawClient(t, transport.local);
    const reader = new RawReader(client);
    client.write(sipRequest("q"));
    await reader.until("200 OK");
  });

  it("frames messages across partial reads and coalesced writes, skipping CRLF keep-alives", async (t) => {
    const { transport } = await openTcp(t);
    const inbox = new Inbox(transport);
    const client = await rawClient(t, transport.local);
    const one = sipRequest("one", "x".repeat(300));
    client.write(one.subarray(0, 10));
    await delay(20);
    client.write(one.subarray(10, 200));
    await delay(20);
    assert.equal(inbox.messages.length, 0);
    client.write(one.subarray(200));
    assert.equal(text((await inbox.next()).data), text(one));

    client.write(Buffer.concat([sipRequest("two"), Buffer.from("\r\n"), sipRequest("three", "")]));
    assert.equal(text((await inbox.next()).data), text(sipRequest("two")));
    assert.equal(text((await inbox.next()).data), text(sipRequest("three", "")));
  });

  it("answers a double-CRLF ping with a CRLF pong (RFC 5626 §4.4.1)", async (t) => {
    const { transport } = await openTcp(t);
    const inbox = new Inbox(transport);
    const client = await rawClient(t, transport.local);
    const reader = new RawReader(client);
    client.write("\r\n\r\n");
    await reader.until("\r\n");
    assert.equal(reader.received, "\r\n");
    client.write(sipRequest("after-ping"));
    assert.equal(text((await inbox.next()).data), text(sipRequest("after-ping")));
  });

  it("logs and drops a connection whose bytes can never frame, and keeps serving others", async (t) => {
    const logger = memoryLogger();
    const { transport } = await openTcp(t, { logger });
    const inbox = new Inbox(transport);
    const broken = await rawClient(t, transport.local);
    const healthy = await rawClient(t, transport.local);
    broken.write("OPTIONS sip:x SIP/2.0\r\nCall-ID: no-length\r\n\r\n");
    await closed(broken);
    const warning = logger.lines.find((line) => line.level === "warn");
    assert.match(warning?.msg ?? "", /unframeable bytes/);
    assert.match(JSON.stringify(warning?.ctx), /Content-Length/);
    healthy.write(sipRequest("still-fine"));
    assert.equal(text((await inbox.next()).data), text(sipRequest("still-fine")));
  });

  it("drops a connection announcing a message over its limits", async (t) => {
    const logger = memoryLogger();
    const { transport } = await openTcp(t, { logger, limits: { messageBytesMax: 200 } });
    const client = await rawClient(t, transport.local);
    client.write("OPTIONS sip:x SIP/2.0\r\nContent-Length: 1000\r\n\r\n");
    await closed(client);
    assert.ok(logger.lines.some((line) => line.level === "warn" && /longer than 200 bytes/.test(JSON.stringify(line.ctx))));
  });

  it("closes a connection idle for idleTimeoutMs on the injected clock", async (t) => {
    const { transport, fake } = await openTcp(t, { idleTimeoutMs: 1000 });
    const inbox = new Inbox(transport);
    const client = await rawClient(t, transport.local);
    const reader = new RawReader(client);
    client.write(sipRequest("m1"));
    await inbox.next();
    fake.tick(999);
    client.write(sipRequest("m2"));
    const m2 = await inbox.next();
    fake.tick(999);
    // Alive 1998 ms after it opened, because m2 came at 999: the reply needs that connection.
    await transport.send(m2.source, sipRequest("reply"));
    await reader.until("Call-ID: reply");
    fake.tick(999);
    fake.tick(1);
    await closed(client);
  });

  it("rejects a send to a port nobody listens on with connection_refused", async (t) => {
    const { transport } = await openTcp(t);
    const port = await freePort();
    await assert.rejects(transport.send({ host: "127.0.0.1", port }, sipRequest("x")), (error: unknown) => {
      assert.ok(error instanceof TransportError);
      assert.equal(error.code, "connection_refused");
      assert.equal(error.fault, "remote");
      assert.match(error.message, new RegExp(`tcp:127\\.0\\.0\\.1:${port}`));
      return true;
    });
    const peer = await rawServer(t);
    await transport.send(peer.local, sipRequest("y"));
  });

  it("refuses connections beyond connectionsMax", async (t) => {
    const logger = memoryLogger();
    const { transport } = await openTcp(t, { connectionsMax: 1, logger });
    const inbox = new Inbox(transport);
    const first = await rawClient(t, transport.local);
    first.write(sipRequest("first"));
    await inbox.next();
    const second = await rawClient(t, transport.local);
    await closed(second);
    assert.ok(logger.lines.some((line) => /1 connections open/.test(line.msg)));
    const peer = await rawServer(t);
    await assert.rejects(transport.send(peer.local, sipRequest("x")), (error: unknown) =>
      error instanceof TransportError && error.code === "send_failed" && error.fault === "local",
    );
  });

  it("closes every connection on close, then rejects sends with closed", async (t) => {
    const { transport } = await openTcp(t);
    const inbox = new Inbox(transport);
    const client = await rawClient(t, transport.local);
    client.write(sipRequest("m"));
    await inbox.next();
    await transport.close();
    await closed(client);
    await assert.rejects(transport.send({ host: "127.0.0.1", port: 9 }, sipRequest("x")), isTransportError("closed"));
  });

  it("fails to listen on a port in use with bind_failed", async (t) => {
    const { transport } = await openTcp(t);
    await assert.rejects(
      createTcpTransport({ bind: transport.local, clock: fromFakeClock(createClock()) }),
      isTransportError("bind_failed"),
    );
  });

  describe("D37 keep-alive of the connections it opened (fake clock)", () => {
    const settings = { intervalMs: 30_000, timeoutMs: 10_000 };

    /** Polls real I/O until `done` (bounded: 100 rounds of 10 ms); the fake clock stays put. */
    async function until(done: () => boolean): Promise<void> {
      for (let round = 0; round < 100 && !done(); round++) await delay(10);
      assert.ok(done(), "condition not met within 100 rounds");
    }

    async function pinging(t: TestContext) {
      const { transport, fake } = await openTcp(t);
      transport.enableKeepAlive?.(settings);
      const lost: string[] = [];
      transport.onConnectionLost?.((remote) => lost.push(`${remote.protocol}:${remote.host}:${remote.port}`));
      const peer = await rawServer(t);
      await transport.send(peer.local, sipRequest("a"));
      const reader = await peer.reader(0);
      await reader.until("Call-ID: a");
      return { transport, fake, lost, peer, reader, name: `tcp:127.0.0.1:${peer.local.port}` };
    }

    /** The peer answers each ping with a pong, as RFC 5626 §4.4.1 asks. */
    function ponging(socket: Socket | undefined): void {
      assert.ok(socket !== undefined);
      // The transport's close at the end may reset the connection under a pong.
      socket.on("error", () => {});
      socket.on("data", (chunk: Buffer) => {
        if (chunk.toString("latin1").endsWith("\r\n\r\n")) socket.write("\r\n");
      });
    }

    /** The bytes the peer has had since `from`, once real I/O had a moment to carry them. */
    async function since(reader: RawReader, from: number): Promise<string> {
      await delay(20);
      return reader.received.slice(from);
    }

    const quietMs = settings.intervalMs - settings.timeoutMs;

    it("pings once the peer has been quiet for interval - timeout; a peer that answers keeps the connection, one ping per quiet spell", async (t) => {
      const { fake, lost, peer, reader } = await pinging(t);
      ponging(peer.sockets[0]);
      const sent = reader.received.length;
      await fake.tickAsync(quietMs - 1);
      assert.equal(await since(reader, sent), "", "no ping before the quiet time");
      await fake.tickAsync(1);
      await reader.until("body of a\r\n\r\n");
      // Answered: the next ping comes a quiet time after the pong, not a whole interval after the ping.
      await delay(50);
      await fake.tickAsync(quietMs - 1);
      assert.equal(await since(reader, sent), "\r\n\r\n");
      await fake.tickAsync(1);
      await until(() => reader.received.endsWith("\r\n\r\n\r\n\r\n"));
      assert.equal(reader.received.slice(sent), "\r\n\r\n\r\n\r\n");
      await delay(20);
      await fake.tickAsync(settings.timeoutMs);
      assert.deepEqual(lost, []);
      assert.equal(peer.sockets.length, 1);
    });

    it("only bytes from the peer put the ping off; what this side sends does not", async (t) => {
      const { transport, fake, peer, reader } = await pinging(t);
      await fake.tickAsync(quietMs / 2);
      peer.sockets[0]?.write("\r\n");
      await delay(20);
      await transport.send(peer.local, sipRequest("b"));
      await reader.until("Call-ID: b");
      const afterB = reader.received.length;
      await fake.tickAsync(quietMs / 2);
      assert.equal(await since(reader, afterB), "", "heard from the peer half a quiet time ago");
      await fake.tickAsync(quietMs / 2 - 1);
      assert.equal(await since(reader, afterB), "");
      await fake.tickAsync(1);
      await until(() => reader.received.endsWith("\r\n\r\n"));
      assert.equal(reader.received.slice(afterB), "\r\n\r\n");
    });

    it("a ping with no answer drops the connection and reports it lost, exactly an interval after the peer's last byte", async (t) => {
      const { fake, lost, reader, name } = await pinging(t);
      await fake.tickAsync(quietMs);
      await reader.until("body of a\r\n\r\n");
      await fake.tickAsync(settings.timeoutMs - 1);
      await delay(20);
      assert.deepEqual(lost, [], "still within the interval");
      await fake.tickAsync(1);
      await until(() => lost.length > 0);
      assert.deepEqual(lost, [name]);
      assert.equal(fake.now, settings.intervalMs);
    });

    it("refuses settings whose timeout is not below the interval, naming both", async (t) => {
      const { transport } = await openTcp(t);
      assert.throws(() => transport.enableKeepAlive?.({ intervalMs: 10_000, timeoutMs: 10_000 }), {
        name: "RangeError",
        message: /keep-alive timeoutMs 10000 must be below intervalMs 10000/,
      });
    });

    it("a connection the peer closes is reported at once; connections it closes itself are not", async (t) => {
      const { transport, lost, peer, name } = await pinging(t);
      peer.sockets[0]?.destroy();
      await until(() => lost.length > 0);
      assert.deepEqual(lost, [name]);
      await transport.send(peer.local, sipRequest("b"));
      await (await peer.reader(1)).until("Call-ID: b");
      await transport.close();
      await delay(20);
      assert.deepEqual(lost, [name]);
    });
  });
});
