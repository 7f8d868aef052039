/**
 * Hostile bytes on real sockets: for a bounded time, the simulator's socket and the engine's
 * socket receive the mutation fuzzer's output (testkit/sip-mutations.ts: damaged corpus and RFC
 * 4475 messages) over UDP, TCP and TLS on loopback, while the engine keeps registering against the
 * simulator (digest, a forced re-registration every second). Both must keep serving correct
 * requests in between, log no error, and end with the binding in place.
 */
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { connect as connectTcp, type Socket } from "node:net";
import { describe, it } from "node:test";
import { connect as connectTls } from "node:tls";
import { generate } from "selfsigned";
import {
  createEngine,
  cryptoRandom,
  memoryLogger,
  MemoryRegistrantStore,
  StaticResolver,
  systemClock,
  type RegistrantEvent,
  type SocketName,
  type TransportProtocol,
} from "../engine/index.js";
import { startSimulator, UserTable } from "../simulator/index.js";
import { loopbackTransport, TRANSPORT_PARAM } from "../testkit/loopback-transports.js";
import { mutatedCorpusSample } from "../testkit/sip-mutations.js";

/** How long each protocol's run sends hostile bytes, and how many messages per burst. */
const HOSTILE_MS = 6_000;
const BURST_EVERY_MS = 50;
const BURST_MESSAGES = 20;
/** Loopback datagrams above this are refused by the kernel; longer mutations are cut. */
const UDP_PAYLOAD_MAX = 65_000;
/** The whole run replays with the same hostile bytes; change it to explore. */
const SEED = 4475;
const REALM = "hostile.test";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => systemClock.setTimeout(resolve, ms));

async function selfSigned(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: REALM }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Sends hostile messages to one socket: datagrams, or one fresh connection per burst on a stream. */
interface HostileSender {
  burst(messages: readonly Uint8Array[]): void;
  /** Messages handed to the network so far. */
  readonly sent: number;
  close(): void;
}

function hostileSender(protocol: TransportProtocol, target: SocketName): HostileSender {
  let sent = 0;
  if (protocol === "udp") {
    const socket = createSocket("udp4");
    // A send error (a refused port answered with ICMP) must not end the test: it is the point.
    socket.on("error", () => {});
    return {
      burst(messages) {
        for (const message of messages) {
          socket.send(message.subarray(0, UDP_PAYLOAD_MAX), target.port, target.host);
          sent++;
        }
      },
      get sent() {
        return sent;
      },
      close: () => socket.close(),
    };
  }
  const open = new Set<Socket>();
  return {
    burst(messages) {
      const connection =
        protocol === "tcp"
          ? connectTcp({ host: target.host, port: target.port })
          : connectTls({ host: target.host, port: target.port, rejectUnauthorized: false });
      open.add(connection);
      // The peer may reset the connection on the first bad message; that is its right.
      connection.on("error", () => {});
      connection.on("close", () => open.delete(connection));
      for (const message of messages) {
        connection.write(message);
        sent++;
      }
      connection.end();
    },
    get sent() {
      return sent;
    },
    close() {
      for (const connection of open) connection.destroy();
    },
  };
}


describe(`hostile bytes on real sockets (${HOSTILE_MS} ms per protocol, seed ${SEED})`, () => {
  for (const protocol of ["udp", "tcp", "tls"] as const) {
    it(`over ${protocol.toUpperCase()}: the simulator and the engine keep registering while fuzzed messages arrive`, async (t) => {
      const certificate = await selfSigned();
      const simulatorLog = memoryLogger();
      const simulator = await startSimulator({
        listen: [{ protocol, host: "127.0.0.1", port: 0 }],
        realm: REALM,
        users: UserTable.fromEntries([{ realm: REALM, username: "alice", password: "wonderland" }]),
        tls: certificate,
        transcriptCapacity: 0,
        logger: simulatorLog,
      });
      t.after(() => simulator.stop());
      const registrarSocket = simulator.sockets[0]!;

      const engineSide = await loopbackTransport(t, protocol, certificate);
      const record = {
        aor: `sip:alice@${REALM}`,
        contact: `sip:alice@127.0.0.1:${engineSide.local.port}${TRANSPORT_PARAM[protocol]}`,
        registrar: `sip:${REALM}:${registrarSocket.port}${TRANSPORT_PARAM[protocol]}`,
      };
      const engineLog = memoryLogger();
      const engine = createEngine(
        { hash_size: 1, timer_interval: 2 },
        {
          clock: systemClock,
          transports: [engineSide],
          resolver: new StaticResolver({ [REALM]: ["127.0.0.1"] }),
          store: new MemoryRegistrantStore([{ ...record, username: "alice", password: "wonderland", expiry: 3600 }]),
          random: cryptoRandom(),
          logger: engineLog,
        },
      );
      const events: RegistrantEvent[] = [];
      engine.onEvent((event) => events.push(event));
      await engine.start();
      t.after(() => engine.stop());

      const toSimulator = hostileSender(protocol, registrarSocket);
      const toEngine = hostileSender(protocol, engineSide.local);
      t.after(() => {
        toSimulator.close();
        toEngine.close();
      });
      const hostile = mutatedCorpusSample(SEED, 2_000);
      let next = 0;
      const take = (): Uint8Array[] =>
        Array.from({ length: BURST_MESSAGES }, () => hostile[next++ % hostile.length]!);

      const registeredAt = (): number => events.filter((event) => event.name === "E_REGISTRANT_REGISTERED").length;
      const until = systemClock.now() + HOSTILE_MS;
      let forcedAt = systemClock.now();
      let forced = 0;
      while (systemClock.now() < until) {
        toSimulator.burst(take());
        toEngine.burst(take());
        if (systemClock.now() - forcedAt >= 1_000) {
          await engine.forceRegister(record);
          forced++;
          forcedAt = systemClock.now();
        }
        await sleep(BURST_EVERY_MS);
      }
      // One last forced registration after the hostile bytes, which must succeed.
      const before = registeredAt();
      await engine.forceRegister(record);
      for (let waited = 0; registeredAt() === before && waited < 8_000; waited += 100) await sleep(100);

      t.diagnostic(
        `${protocol}: ${toSimulator.sent} hostile messages to the simulator, ${toEngine.sent} to the engine; ` +
          `${forced} forced re-registrations, ${registeredAt()} REGISTERED events`,
      );
      assert.ok(registeredAt() > before, "the engine registered again after the hostile bytes");
      // At the start plus most forced re-registrations (a forced one can come while one is in flight).
      assert.ok(registeredAt() >= 1 + Math.floor(forced / 2), `${registeredAt()} registrations for ${forced} forced`);
      assert.equal(engine.list(record).Registrant.state, "REGISTERED_STATE");
      const bindings = simulator.registrar.bindings(record.aor);
      assert.equal(bindings.length, 1);
      assert.equal(bindings[0]!.contact, `<${record.contact}>`);
      assert.deepEqual(
        engineLog.lines.filter((line) => line.level === "error"),
        [],
        "the engine logged no error",
      );
      assert.deepEqual(
        simulatorLog.lines.filter((line) => line.level === "error"),
        [],
        "the simulator logged no error",
      );
      assert.ok(toSimulator.sent > 1_000 && toEngine.sent > 1_000);
    });
  }
});
