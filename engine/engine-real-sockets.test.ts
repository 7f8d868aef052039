/**
 * The same engine on real sockets (ARCHITECTURE: it runs the same on the memory network with a
 * fake clock as on real UDP/TCP/TLS): real timers, loopback only, one record per transport.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { generate } from "selfsigned";
import { systemClock } from "./clock.js";
import { createEngine } from "./index.js";
import { cryptoRandom } from "./random.js";
import type { RegistrantEvent } from "./registrant/index.js";
import { MemoryRegistrantStore } from "./store/memory-store.js";
import { Registrar } from "../testkit/engine-harness.js";
import { loopbackTransport, TRANSPORT_PARAM } from "../testkit/loopback-transports.js";
import { StaticResolver } from "./transport/index.js";

/** Generous: the first bucket visit comes after 1 s, then two transactions on loopback. */
const REGISTERED_WITHIN_MS = 8_000;

/** One self-signed certificate for both ends, made by the test (valid for 127.0.0.1). */
let certificate: { key: string; cert: string };

before(async () => {
  const pems = await generate([{ name: "commonName", value: "registrar.test" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  certificate = { key: pems.private, cert: pems.cert };
});


for (const protocol of ["udp", "tcp", "tls"] as const) {
  describe(`createEngine on real ${protocol.toUpperCase()} (loopback, real timers)`, () => {
    it("registers with digest at the first visit of the record's bucket", async (t) => {
      const registrarSide = await loopbackTransport(t, protocol, certificate);
      const registrar = new Registrar(registrarSide, systemClock, cryptoRandom());
      registrar.users.set("alice", "wonderland");
      const engineSide = await loopbackTransport(t, protocol, certificate);
      const target = `sip:registrar.test:${registrarSide.local.port}${TRANSPORT_PARAM[protocol]}`;
      const store = new MemoryRegistrantStore([
        {
          aor: "sip:alice@registrar.test",
          contact: `sip:alice@127.0.0.1:${engineSide.local.port}`,
          registrar: target,
          username: "alice",
          password: "wonderland",
          expiry: 3600,
        },
      ]);
      // hash_size 1, T=2: a bucket every second, so the record goes out within 2 s of start.
      const engine = createEngine(
        { hash_size: 1, timer_interval: 2 },
        {
          clock: systemClock,
          transports: [engineSide],
          resolver: new StaticResolver({ "registrar.test": ["127.0.0.1"] }),
          store,
          random: cryptoRandom(),
        },
      );
      const events: RegistrantEvent[] = [];
      const registered = new Promise<void>((resolve, reject) => {
        const timer = systemClock.setTimeout(() => reject(new Error("not registered in time")), REGISTERED_WITHIN_MS);
        engine.onEvent((event) => {
          events.push(event);
          if (event.name === "E_REGISTRANT_REGISTERED") {
            systemClock.clearTimeout(timer);
            resolve();
          }
        });
      });
      await engine.start();
      t.after(() => engine.stop());
      await registered;
      assert.deepEqual(
        events.map((e) => e.name),
        ["E_REGISTRANT_REGISTERING", "E_REGISTRANT_AUTHENTICATING", "E_REGISTRANT_REGISTERED"],
      );
      const requests = registrar.requests();
      assert.equal(requests.length, 2);
      assert.equal(requests[1]?.request.headers.some((h) => h.name === "Authorization"), true);
      assert.equal(requests[0]?.source.protocol, protocol);
    });
  });
}
