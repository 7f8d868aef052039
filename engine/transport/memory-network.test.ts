import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import { memoryLogger } from "../log.js";
import { seededRandom } from "../random.js";
import { TransportError } from "./errors.js";
import { MemoryNetwork, NO_FAULTS, type NetworkEvent, type NetworkFaults } from "./memory-network.js";
import { formatSocketName } from "./socket-name.js";
import { bytes, text } from "../../testkit/transport-fixtures.js";
import type { Transport } from "./transport.js";
import { UDP_PAYLOAD_BYTES_MAX } from "./udp-transport.js";

function setup(options: { seed?: number; faults?: Partial<NetworkFaults> } = {}) {
  // runAll gives up after loopLimit timers; some tests send thousands of messages.
  const fake = createClock(0, 100_000);
  const logger = memoryLogger();
  const network = new MemoryNetwork({
    clock: fromFakeClock(fake),
    random: seededRandom(options.seed ?? 7),
    faults: options.faults ?? {},
    logger,
  });
  return { fake, network, logger };
}

interface Arrival {
  atMs: number;
  text: string;
  from: string;
}

/** Records what `transport` receives, with the fake clock's time. */
function record(transport: Transport, fake: { now: number }): Arrival[] {
  const arrivals: Arrival[] = [];
  transport.onMessage((message) => {
    arrivals.push({ atMs: fake.now, text: text(message.data), from: formatSocketName(message.source) });
  });
  return arrivals;
}

function isTransportError(code: string) {
  return (error: unknown) => error instanceof TransportError && error.code === code;
}

describe("MemoryNetwork", () => {
  it("D37: breakConnections ends the flows to a peer on the next clock turn; a ping to a peer gone is lost an interval after its last sign of life", async () => {
    const { fake, network } = setup();
    const client = network.bind("tcp:10.0.0.1:5060");
    const registrar = network.bind("tcp:10.0.0.2:5060");
    const unused = network.bind("tcp:10.0.0.3:5060");
    const lost: string[] = [];
    client.onConnectionLost?.((remote) => lost.push(`${fake.now} ${formatSocketName(remote)}`));
    unused.onConnectionLost?.((remote) => lost.push(`unused ${formatSocketName(remote)}`));
    client.enableKeepAlive?.({ intervalMs: 30_000, timeoutMs: 10_000 });
    await client.send({ host: "10.0.0.2", port: 5060 }, bytes("one"));
    network.breakConnections("tcp:10.0.0.2:5060");
    assert.deepEqual(lost, []);
    await fake.tickAsync(1);
    assert.deepEqual(lost, ["0 tcp:10.0.0.2:5060"]);
    // A flow once lost is not reported again; a new send makes a new one.
    network.breakConnections("tcp:10.0.0.2:5060");
    await fake.tickAsync(1);
    assert.equal(lost.length, 1);
    await client.send({ host: "10.0.0.2", port: 5060 }, bytes("two"));
    await registrar.close();
    // The new flow came up on 2 ms; its ping of 20,002 ms finds the registrar gone, 10,000 ms later the flow is lost.
    await fake.tickAsync(29_999);
    assert.equal(lost.length, 1);
    await fake.tickAsync(1);
    assert.deepEqual(lost, ["0 tcp:10.0.0.2:5060", "30002 tcp:10.0.0.2:5060"]);
    await fake.tickAsync(60_000);
    assert.equal(lost.length, 2);
  });

  it("D37: silenceConnections carries nothing more on a flow, unreported, until an unanswered ping finds it; a new flow is not silenced", async () => {
    const { fake, network } = setup();
    const client = network.bind("tcp:10.0.0.1:5060");
    const registrar = network.bind("tcp:10.0.0.2:5060");
    const atClient = record(client, fake);
    const atRegistrar = record(registrar, fake);
    const lost: number[] = [];
    client.onConnectionLost?.(() => lost.push(fake.now));
    client.enableKeepAlive?.({ intervalMs: 30_000, timeoutMs: 10_000 });
    await client.send(registrar.local, bytes("one"));
    await fake.tickAsync(5_000);
    await registrar.send(client.local, bytes("reply"));
    // Heard on 5,000 ms: pings on 25,000 and 45,000 ms, both answered.
    await fake.tickAsync(45_000);
    network.silenceConnections("tcp:10.0.0.2:5060");
    await client.send(registrar.local, bytes("into the void"));
    await registrar.send(client.local, bytes("nor back"));
    // The ping of 65,000 ms gets no pong: lost on 75,000 ms, 30,000 ms after the last pong.
    await fake.tickAsync(24_999);
    assert.deepEqual(lost, []);
    await fake.tickAsync(1);
    assert.deepEqual(lost, [75_000]);
    await client.send(registrar.local, bytes("new flow"));
    await fake.tickAsync(1);
    await registrar.send(client.local, bytes("answered"));
    await fake.tickAsync(1);
    assert.deepEqual(atRegistrar.map((arrival) => `${arrival.atMs} ${arrival.text}`), ["0 one", "75000 new flow"]);
    assert.deepEqual(atClient.map((arrival) => `${arrival.atMs} ${arrival.text}`), ["5000 reply", "75001 answered"]);
    assert.equal(network.stats("tcp").dropped, 2);
  });

  it("D37: keep-alive settings need a timeout below the interval", () => {
    const { network } = setup();
    const client = network.bind("tcp:10.0.0.1:5060");
    assert.throws(() => client.enableKeepAlive?.({ intervalMs: 10_000, timeoutMs: 10_000 }), { name: "RangeError", message: /timeoutMs 10000 must be below intervalMs 10000/ });
  });

  it("delivers nothing until the clock runs, even with zero latency", async () => {
    const { fake, network } = setup();
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const arrivals = record(b, fake);
    await a.send(b.local, bytes("hi"));
    await Promise.resolve();
    assert.deepEqual(arrivals, []);
    fake.tick(0);
    assert.deepEqual(arrivals, [{ atMs: 0, text: "hi", from: "udp:127.0.0.1:5060" }]);
  });

  it("binds names and SocketNames, hands out ephemeral ports, and refuses a taken address", async () => {
    const { network } = setup();
    const udp = network.bind("udp:127.0.0.1:5060");
    const tcp = network.bind({ protocol: "tcp", host: "127.0.0.1", port: 5060 });
    const tls = network.bind("tls:[::1]:5061");
    assert.deepEqual([udp.reliable, tcp.reliable, tls.reliable], [false, true, true]);
    assert.deepEqual(tls.local, { protocol: "tls", host: "::1", port: 5061 });
    const first = network.bind("udp:127.0.0.1:0");
    const second = network.bind("udp:127.0.0.1:0");
    assert.ok(first.local.port >= 49_152);
    assert.notEqual(first.local.port, second.local.port);
    assert.throws(() => network.bind("udp:127.0.0.1:5060"), isTransportError("bind_failed"));
    assert.throws(() => network.bind("udp:127.0.0.1"), isTransportError("invalid_socket_name"));
    assert.throws(() => network.bind({ protocol: "udp", host: "example.com", port: 1 }), isTransportError("bind_failed"));
    await udp.close();
    network.bind("udp:127.0.0.1:5060");
  });

  it("drops udp to nobody silently, and refuses tcp/tls to nobody", async () => {
    const { fake, network } = setup();
    const udp = network.bind("udp:127.0.0.1:5060");
    const tcp = network.bind("tcp:127.0.0.1:5060");
    const tls = network.bind("tls:127.0.0.1:5061");
    await udp.send({ host: "127.0.0.1", port: 9 }, bytes("lost"));
    await assert.rejects(tcp.send({ host: "127.0.0.1", port: 9 }, bytes("x")), (error: unknown) => {
      assert.ok(error instanceof TransportError);
      assert.equal(error.code, "connection_refused");
      assert.match(error.message, /tcp:127\.0\.0\.1:9/);
      return true;
    });
    await assert.rejects(tls.send({ host: "127.0.0.1", port: 9 }, bytes("x")), isTransportError("connection_refused"));
    fake.runAll();
    assert.deepEqual(network.stats("udp"), { ...zero(), sent: 1, undeliverable: 1 });
    assert.deepEqual(network.stats("tcp"), { ...zero(), refused: 1 });
    assert.equal(network.stats().refused, 2);
  });

  it("carries replies back to the sender's socket", async () => {
    const { fake, network } = setup();
    const client = network.bind("tcp:10.0.0.1:5060");
    const server = network.bind("tcp:10.0.0.2:5060");
    const atClient = record(client, fake);
    server.onMessage((message) => void server.send(message.source, bytes(`re: ${text(message.data)}`)));
    await client.send(server.local, bytes("ping"));
    fake.runAll();
    // fake-timers runs a zero delay set from inside a timer 1 ms later, hence the reply at 1.
    assert.deepEqual(atClient, [{ atMs: 1, text: "re: ping", from: "tcp:10.0.0.2:5060" }]);
  });

  it("keeps a stream in order when a reply sent from a handler meets a send made after the tick", async () => {
    const { fake, network } = setup();
    const a = network.bind("tcp:127.0.0.1:5060");
    const b = network.bind("tcp:127.0.0.1:5070");
    const arrivals = record(a, fake);
    b.onMessage(() => void b.send(a.local, bytes("first")));
    await a.send(b.local, bytes("request"));
    fake.tick(0);
    await b.send(a.local, bytes("second"));
    fake.runAll();
    assert.deepEqual(arrivals.map((arrival) => arrival.text), ["first", "second"]);
  });

  it("delays each message by a latency drawn from [min, max]", async () => {
    const { fake, network } = setup({ faults: { latencyMsMin: 10, latencyMsMax: 50 } });
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const arrivals = record(b, fake);
    for (let i = 0; i < 50; i++) await a.send(b.local, bytes(`m${i}`));
    fake.tick(9);
    assert.equal(arrivals.length, 0);
    fake.tick(41);
    assert.equal(arrivals.length, 50);
    assert.ok(arrivals.every((arrival) => arrival.atMs >= 10 && arrival.atMs <= 50));
  });

  it("keeps a udp path in order unless reordering is on", async () => {
    const inOrder = await sendSequence({ latencyMsMin: 0, latencyMsMax: 100 });
    assert.deepEqual(inOrder.order, [...Array(100).keys()]);
    assert.equal(inOrder.stats.reordered, 0);

    const shuffled = await sendSequence({ latencyMsMin: 0, latencyMsMax: 100, reorderRatio: 0.3 });
    assert.notDeepEqual(shuffled.order, [...Array(100).keys()]);
    assert.deepEqual([...shuffled.order].sort((x, y) => x - y), [...Array(100).keys()]);
    assert.ok(shuffled.stats.reordered > 10 && shuffled.stats.reordered < 50, `${shuffled.stats.reordered}`);
  });

  it("loses udp datagrams at lossRatio", async () => {
    const { fake, network } = setup({ faults: { lossRatio: 0.25 } });
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const arrivals = record(b, fake);
    for (let i = 0; i < 2000; i++) await a.send(b.local, bytes(`m${i}`));
    fake.runAll();
    const stats = network.stats();
    assert.equal(stats.sent, 2000);
    assert.ok(stats.dropped > 400 && stats.dropped < 600, `${stats.dropped}`);
    assert.equal(arrivals.length, 2000 - stats.dropped);
    network.setFaults({ lossRatio: 1 });
    await a.send(b.local, bytes("never"));
    fake.runAll();
    assert.equal(arrivals.length, 2000 - stats.dropped);
  });

  it("duplicates udp datagrams at duplicationRatio, each copy its own bytes", async () => {
    const { fake, network } = setup({ faults: { duplicationRatio: 1, latencyMsMax: 20 } });
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const received: Uint8Array[] = [];
    b.onMessage((message) => received.push(message.data));
    await a.send(b.local, bytes("twice"));
    fake.runAll();
    assert.equal(received.length, 2);
    assert.deepEqual(received.map(text), ["twice", "twice"]);
    received[0]?.fill(0);
    assert.equal(text(received[1] ?? new Uint8Array()), "twice");
    assert.equal(network.stats().duplicated, 1);
    assert.equal(network.stats().delivered, 2);
  });

  it("never loses, duplicates or reorders on tcp and tls", async () => {
    const faults = { latencyMsMin: 0, latencyMsMax: 100, lossRatio: 1, duplicationRatio: 1, reorderRatio: 1 };
    for (const protocol of ["tcp", "tls"] as const) {
      const { fake, network } = setup({ faults });
      const a = network.bind(`${protocol}:127.0.0.1:5060`);
      const b = network.bind(`${protocol}:127.0.0.1:5070`);
      const arrivals = record(b, fake);
      for (let i = 0; i < 100; i++) await a.send(b.local, bytes(String(i)));
      fake.runAll();
      assert.deepEqual(arrivals.map((arrival) => Number(arrival.text)), [...Array(100).keys()]);
      assert.ok(new Set(arrivals.map((arrival) => arrival.atMs)).size > 1, "latency still applies");
      assert.deepEqual(network.stats(), { ...zero(), sent: 100, delivered: 100 });
    }
  });

  it("replays the same run from the same seed", async () => {
    const first = await faultyRun(42);
    const second = await faultyRun(42);
    const other = await faultyRun(43);
    assert.ok(first.length > 300);
    assert.deepEqual(second, first);
    assert.notDeepEqual(other, first);
  });

  it("changes faults at run time and checks them", async () => {
    const { fake, network } = setup();
    assert.deepEqual(network.faults, NO_FAULTS);
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const arrivals = record(b, fake);
    network.setFaults({ latencyMsMin: 30, latencyMsMax: 30 });
    network.setFaults({ duplicationRatio: 0 });
    assert.equal(network.faults.latencyMsMin, 30);
    await a.send(b.local, bytes("slow"));
    fake.runAll();
    assert.deepEqual(arrivals.map((arrival) => arrival.atMs), [30]);
    for (const bad of [
      { latencyMsMin: 5, latencyMsMax: 4 },
      { latencyMsMin: -1 },
      { latencyMsMax: 1.5 },
      { lossRatio: 1.5 },
      { reorderRatio: Number.NaN },
    ]) {
      assert.throws(() => network.setFaults(bad), RangeError);
    }
    assert.equal(network.faults.latencyMsMin, 30);
  });

  it("copies bytes on send: the sender may reuse its buffer", async () => {
    const { fake, network } = setup();
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const arrivals = record(b, fake);
    const buffer = bytes("original");
    await a.send(b.local, buffer);
    buffer.fill(0x58);
    fake.runAll();
    assert.equal(arrivals[0]?.text, "original");
  });

  it("rejects sends on a closed endpoint and drops what was in flight to it", async () => {
    const { fake, network } = setup({ faults: { latencyMsMin: 10, latencyMsMax: 10 } });
    const a = network.bind("tcp:127.0.0.1:5060");
    const b = network.bind("tcp:127.0.0.1:5070");
    const arrivals = record(b, fake);
    await a.send(b.local, bytes("in flight"));
    await b.close();
    await assert.rejects(b.send(a.local, bytes("x")), isTransportError("closed"));
    fake.runAll();
    assert.deepEqual(arrivals, []);
    assert.equal(network.stats().undeliverable, 1);
  });

  it("rejects oversize datagrams and destinations it cannot reach", async () => {
    const { network } = setup();
    const udp = network.bind("udp:127.0.0.1:5060");
    await assert.rejects(udp.send({ host: "127.0.0.1", port: 5070 }, new Uint8Array(UDP_PAYLOAD_BYTES_MAX + 1)), isTransportError("message_too_large"));
    await assert.rejects(udp.send({ host: "registrar.example", port: 5070 }, bytes("x")), isTransportError("invalid_address"));
    await assert.rejects(udp.send({ host: "::1", port: 5070 }, bytes("x")), isTransportError("invalid_address"));
  });

  it("keeps delivering when a handler throws, and logs the error", async () => {
    const { fake, network, logger } = setup();
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const seen: string[] = [];
    b.onMessage((message) => {
      seen.push(text(message.data));
      throw new Error("handler bug");
    });
    await a.send(b.local, bytes("one"));
    await a.send(b.local, bytes("two"));
    fake.runAll();
    assert.deepEqual(seen, ["one", "two"]);
    assert.equal(logger.lines.filter((line) => line.level === "error").length, 2);
  });

  it("delivers to an endpoint bound on the wildcard address", async () => {
    const { fake, network } = setup();
    const any4 = network.bind("udp:0.0.0.0:5060");
    const any6 = network.bind("udp:[::]:5060");
    const a = network.bind("udp:127.0.0.1:6000");
    const b = network.bind("udp:[::1]:6000");
    const at4 = record(any4, fake);
    const at6 = record(any6, fake);
    await a.send({ host: "127.0.0.1", port: 5060 }, bytes("v4"));
    await b.send({ host: "::1", port: 5060 }, bytes("v6"));
    fake.runAll();
    assert.deepEqual(at4.map((arrival) => arrival.text), ["v4"]);
    assert.deepEqual(at6.map((arrival) => arrival.text), ["v6"]);
  });

  it("reports every counted event to observers until they stop", async () => {
    const { fake, network } = setup({ faults: { latencyMsMin: 5, latencyMsMax: 5 } });
    const a = network.bind("udp:127.0.0.1:5060");
    const b = network.bind("udp:127.0.0.1:5070");
    const events: NetworkEvent[] = [];
    const stop = network.observe((event) => events.push(event));
    await a.send(b.local, bytes("abc"));
    fake.runAll();
    stop();
    await a.send(b.local, bytes("unseen"));
    fake.runAll();
    assert.deepEqual(events, [
      { kind: "sent", atMs: 0, from: a.local, to: b.local, bytes: 3 },
      { kind: "delivered", atMs: 5, from: a.local, to: b.local, bytes: 3 },
    ]);
    assert.equal(network.stats().delivered, 2);
  });
});

function zero() {
  return { sent: 0, delivered: 0, dropped: 0, duplicated: 0, reordered: 0, undeliverable: 0, refused: 0 };
}

/** Sends 0..99 from one socket to another at time 0; the order they arrive in. */
async function sendSequence(faults: Partial<NetworkFaults>) {
  const { fake, network } = setup({ faults });
  const a = network.bind("udp:127.0.0.1:5060");
  const b = network.bind("udp:127.0.0.1:5070");
  const arrivals = record(b, fake);
  for (let i = 0; i < 100; i++) await a.send(b.local, bytes(String(i)));
  fake.runAll();
  return { order: arrivals.map((arrival) => Number(arrival.text)), stats: network.stats() };
}

/** Two clients and a server trading messages under every udp fault; the trace of what happened when. */
async function faultyRun(seed: number): Promise<string[]> {
  const { fake, network } = setup({
    seed,
    faults: { latencyMsMin: 5, latencyMsMax: 80, lossRatio: 0.2, duplicationRatio: 0.2, reorderRatio: 0.2 },
  });
  const server = network.bind("udp:10.0.0.1:5060");
  const clients = [network.bind("udp:10.0.0.2:5060"), network.bind("udp:10.0.0.3:5060")];
  const trace: string[] = [];
  network.observe((event) =>
    trace.push(`${event.atMs} ${event.kind} ${formatSocketName(event.from)}>${formatSocketName(event.to)}`),
  );
  server.onMessage((message) => void server.send(message.source, message.data));
  for (const client of clients) {
    client.onMessage((message) => trace.push(`${fake.now} got ${text(message.data)}`));
  }
  for (let i = 0; i < 100; i++) {
    for (const [n, client] of clients.entries()) await client.send(server.local, bytes(`c${n}-${i}`));
    fake.tick(7);
  }
  fake.runAll();
  return trace;
}
