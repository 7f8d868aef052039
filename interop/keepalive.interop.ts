/**
 * D37 on real sockets (loopback, real timers): the engine registers over TCP and TLS with
 * keepalive_interval on, through a relay the test controls, to the simulator. The test kills the
 * connection (a reset the engine hears at once) or silences it right after a pong (only an
 * unanswered ping tells), and the record registers again at once on a new connection. Waits are
 * bounded and generous; the one duration asserted is D37's promise, a silent connection found
 * dead within keepalive_interval of the registrar's last byte, which timers keep, not speed.
 */
import assert from "node:assert/strict";
import { before, describe, it, type TestContext } from "node:test";
import { generate } from "selfsigned";
import { MemoryRegistrantStore, StaticResolver, createEngine, cryptoRandom, systemClock, type RegistrantEvent } from "../engine/index.js";
import { startSimulator, UserTable } from "../simulator/index.js";
import { loopbackTransport, TRANSPORT_PARAM } from "../testkit/loopback-transports.js";
import { startTcpRelay, type TcpRelay } from "../testkit/tcp-relay.js";

/**
 * keepalive_interval 6 s and keepalive_timeout 3 s: a ping after 3 s of quiet, a silent connection
 * dead 6 s after the registrar's last byte, and a loaded machine has 3 s to carry a pong before it
 * counts as missing.
 */
const KEEPALIVE = { keepalive_interval: 6, keepalive_timeout: 3 } as const;
const INTERVAL_MS = KEEPALIVE.keepalive_interval * 1000;
/**
 * What a busy machine may add to the interval: a late timer, the close reaching the relay. The
 * bound stays below interval + timeout (9 s), when a connection pinged every interval whatever
 * it heard would be found dead.
 */
const LATE_ALLOWANCE_MS = 2_000;
/** A timer on a real clock may fire a millisecond early, and the clock reads whole ms. */
const EARLY_ALLOWANCE_MS = 5;
/** Far above any step here on loopback (the first visit comes after 1 s): only a hang fails. */
const STEP_WITHIN_MS = 15_000;

let certificate: { key: string; cert: string };

before(async () => {
  const pems = await generate([{ name: "commonName", value: "registrar.test" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  certificate = { key: pems.private, cert: pems.cert };
});

/** The engine registering alice through a relay to the simulator; `registered(n)` waits for the n-th REGISTERED. */
async function registeredThroughRelay(t: TestContext, protocol: "tcp" | "tls") {
  const simulator = await startSimulator({
    listen: [{ protocol, host: "127.0.0.1", port: 0 }],
    realm: "registrar.test",
    users: UserTable.fromEntries([{ realm: "registrar.test", username: "alice", password: "wonderland" }]),
    tls: certificate,
  });
  t.after(() => simulator.stop());
  const registrarSocket = simulator.sockets[0];
  assert.ok(registrarSocket !== undefined);
  const relay = await startTcpRelay(t, registrarSocket);
  const engineSide = await loopbackTransport(t, protocol, certificate);
  const store = new MemoryRegistrantStore([
    {
      aor: "sip:alice@registrar.test",
      contact: `sip:alice@127.0.0.1:${engineSide.local.port}${TRANSPORT_PARAM[protocol]}`,
      registrar: `sip:registrar.test:${relay.port}${TRANSPORT_PARAM[protocol]}`,
      username: "alice",
      password: "wonderland",
      expiry: 3600,
    },
  ]);
  const engine = createEngine(
    { hash_size: 1, timer_interval: 2, ...KEEPALIVE },
    { clock: systemClock, transports: [engineSide], resolver: new StaticResolver({ "registrar.test": ["127.0.0.1"] }), store, random: cryptoRandom() },
  );
  const events: RegistrantEvent[] = [];
  let heard: () => void = () => {};
  engine.onEvent((event) => {
    events.push(event);
    heard();
  });
  const registered = (count: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = systemClock.setTimeout(() => reject(new Error(`not registered ${count} times within ${STEP_WITHIN_MS} ms: ${events.map((e) => e.name).join(", ")}`)), STEP_WITHIN_MS);
      heard = () => {
        if (events.filter((e) => e.name === "E_REGISTRANT_REGISTERED").length < count) return;
        systemClock.clearTimeout(timer);
        resolve();
      };
      heard();
    });
  await engine.start();
  t.after(() => engine.stop());
  await registered(1);
  return { engine, events, relay, registered, simulator };
}

/** REGISTERs the relay carried on connection `index` (plain TCP only: TLS bytes are opaque). */
function registersOn(relay: TcpRelay, index: number): number {
  return (relay.connections[index]?.fromClient.match(/^REGISTER /gm) ?? []).length;
}

for (const protocol of ["tcp", "tls"] as const) {
  describe(`D37 keep-alive and flow recovery over real ${protocol.toUpperCase()}`, { timeout: 60_000 }, () => {
    it("a connection the registrar's side resets is noticed at once: the record registers again on a new connection", async (t) => {
      const { events, relay, registered } = await registeredThroughRelay(t, protocol);
      assert.equal(relay.connections.length, 1);
      relay.kill(0);
      await relay.connectionCount(2, STEP_WITHIN_MS);
      await registered(2);
      assert.deepEqual(
        events.map((e) => e.name),
        ["E_REGISTRANT_REGISTERING", "E_REGISTRANT_AUTHENTICATING", "E_REGISTRANT_REGISTERED", "E_REGISTRANT_REGISTERING", "E_REGISTRANT_AUTHENTICATING", "E_REGISTRANT_REGISTERED"],
      );
      if (protocol === "tcp") assert.equal(registersOn(relay, 1), 2);
    });

    it("a connection silenced right after a pong is found dead keepalive_interval after it, not later, and the record registers again at once on a new connection", async (t) => {
      const { events, relay, registered } = await registeredThroughRelay(t, protocol);
      const lastReply = await relay.silenceAfterNextReply(0, STEP_WITHIN_MS);
      if (protocol === "tcp") assert.equal(lastReply.bytes, "\r\n", "the last bytes carried are a pong");
      const closedAtMs = await relay.clientClosed(0, STEP_WITHIN_MS);
      const unnoticedMs = closedAtMs - lastReply.atMs;
      t.diagnostic(`silent connection found dead ${unnoticedMs} ms after the last pong (keepalive_interval ${INTERVAL_MS} ms)`);
      assert.ok(unnoticedMs <= INTERVAL_MS + LATE_ALLOWANCE_MS, `dead connection noticed ${unnoticedMs} ms after the last pong, keepalive_interval is ${INTERVAL_MS} ms`);
      assert.ok(unnoticedMs >= INTERVAL_MS - EARLY_ALLOWANCE_MS, `connection dropped ${unnoticedMs} ms after the last pong, before keepalive_interval (${INTERVAL_MS} ms) ran out`);
      await relay.connectionCount(2, STEP_WITHIN_MS);
      await registered(2);
      assert.equal(events.filter((e) => e.name === "E_REGISTRANT_REGISTERED").length, 2);
      if (protocol === "tcp") assert.equal(registersOn(relay, 1), 2, "the REGISTER and its authenticated retry went over the new connection");
    });
  });
}

describe("D37 the simulator answers the CRLF ping", { timeout: 30_000 }, () => {
  it("each double-CRLF ping from the engine gets a CRLF pong, and the connection stays", async (t) => {
    const { relay } = await registeredThroughRelay(t, "tcp");
    const connection = relay.connections[0];
    assert.ok(connection !== undefined);
    // What is left once the messages (none has a body) are taken out: the pings and the pongs.
    const pings = (): string => connection.fromClient.replace(/REGISTER [\s\S]*?\r\n\r\n/g, "");
    const pongs = (): string => connection.fromServer.replace(/SIP\/2\.0 [\s\S]*?\r\n\r\n/g, "");
    // Bounded: 16 s, about five quiet times of 3 s, until two pings have both had their pong.
    for (let waits = 0; waits < 80 && !(pings().length >= 8 && pongs().length * 2 === pings().length); waits++) {
      await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 200));
    }
    assert.match(pings(), /^(\r\n\r\n){2,}$/);
    assert.match(pongs(), /^(\r\n){2,}$/);
    assert.equal(pongs().length * 2, pings().length);
    assert.equal(relay.connections.length, 1);
    assert.equal(registersOn(relay, 0), 2);
  });
});
