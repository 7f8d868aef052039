/**
 * D36 on real sockets (loopback, real timers): a DNS server the test starts on 127.0.0.1 (dns2)
 * publishes the registrar as NAPTR, SRV (priority and weight) and A/AAAA records; two simulated
 * registrars stand behind the SRV targets, and one of them stops answering. The engine's resolver
 * asks only that server (dns_server's `serverDns`), never /etc/resolv.conf. Waits are bounded and
 * generous; no duration is asserted.
 */
import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { DnsResolver, MemoryRegistrantStore, createEngine, cryptoRandom, memoryRunLog, serverDns, systemClock, type RegistrantEvent } from "../engine/index.js";
import { startSimulator } from "../simulator/index.js";
import { startDnsServer } from "../testkit/dns-server.js";
import { loopbackTransport } from "../testkit/loopback-transports.js";

/** Far above any step here on loopback (visits every second, 2 s transaction timeout): only a hang fails. */
const STEP_WITHIN_MS = 15_000;
const NO_CERTIFICATE = { key: "", cert: "" };

describe("D36 RFC 3263 against a real DNS server on loopback", { timeout: 60_000 }, () => {
  it("NAPTR by order, then each replacement's SRV by priority and weight, then A and AAAA: the targets in that order", async (t) => {
    const dns = await startDnsServer(t, {
      naptr: {
        "registrar.test": [
          { order: 20, preference: 10, flags: "s", service: "SIP+D2T", regexp: "", replacement: "_sip._tcp.registrar.test" },
          { order: 10, preference: 10, flags: "S", service: "SIP+D2U", regexp: "", replacement: "_sip._udp.registrar.test" },
          { order: 5, preference: 10, flags: "s", service: "SIP+D2W", regexp: "", replacement: "_sip._ws.registrar.test" },
        ],
      },
      srv: {
        "_sip._udp.registrar.test": [
          { priority: 20, weight: 0, port: 5080, target: "b.registrar.test" },
          { priority: 10, weight: 10, port: 5070, target: "a.registrar.test" },
          { priority: 10, weight: 90, port: 5071, target: "c.registrar.test" },
        ],
        "_sip._tcp.registrar.test": [{ priority: 10, weight: 0, port: 5090, target: "a.registrar.test" }],
      },
      a: { "a.registrar.test": ["127.0.0.1"], "b.registrar.test": ["127.0.0.2"], "c.registrar.test": ["127.0.0.3"] },
      aaaa: { "a.registrar.test": ["::1"] },
    });
    const resolver = new DnsResolver({ dns: serverDns([dns.address]) });
    const targets = await resolver.resolve({ scheme: "sip", host: "registrar.test" });
    assert.deepEqual(targets, [
      { protocol: "udp", host: "127.0.0.3", port: 5071 },
      { protocol: "udp", host: "127.0.0.1", port: 5070 },
      { protocol: "udp", host: "::1", port: 5070 },
      { protocol: "udp", host: "127.0.0.2", port: 5080 },
      { protocol: "tcp", host: "127.0.0.1", port: 5090 },
      { protocol: "tcp", host: "::1", port: 5090 },
    ]);
    assert.equal(dns.questions[0], "NAPTR registrar.test");
    // The WebSocket NAPTR is not a transport we speak: its replacement is never looked up.
    assert.equal(dns.questions.includes("SRV _sip._ws.registrar.test"), false);
  });

  it("the registrar of the first SRV target stops answering: the REGISTER fails over to the second, which keeps the record", async (t) => {
    const first = await startSimulator({ listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }], realm: "registrar.test" });
    const second = await startSimulator({ listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }], realm: "registrar.test" });
    t.after(() => first.stop());
    t.after(() => second.stop());
    const [firstSocket] = first.sockets;
    const [secondSocket] = second.sockets;
    assert.ok(firstSocket !== undefined && secondSocket !== undefined);
    const dns = await startDnsServer(t, {
      naptr: { "registrar.test": [{ order: 10, preference: 10, flags: "s", service: "SIP+D2U", regexp: "", replacement: "_sip._udp.registrar.test" }] },
      srv: {
        "_sip._udp.registrar.test": [
          { priority: 10, weight: 50, port: firstSocket.port, target: "one.registrar.test" },
          { priority: 20, weight: 50, port: secondSocket.port, target: "two.registrar.test" },
        ],
      },
      a: { "one.registrar.test": ["127.0.0.1"], "two.registrar.test": ["127.0.0.1"] },
    });
    const engineSide = await loopbackTransport(t, "udp", NO_CERTIFICATE);
    const record = { aor: "sip:alice@registrar.test", contact: `sip:alice@127.0.0.1:${engineSide.local.port}`, registrar: "sip:registrar.test" };
    const runLog = memoryRunLog();
    const engine = createEngine(
      { hash_size: 1, timer_interval: 2, dns_failover: 1, transaction_timeout: 2 },
      {
        clock: systemClock,
        transports: [engineSide],
        resolver: new DnsResolver({ dns: serverDns([dns.address]), ipv6: false }),
        store: new MemoryRegistrantStore([{ ...record, expiry: 3600 }]),
        random: cryptoRandom(),
        runLog,
      },
    );
    const registered = waitForRegistered(t, engine);
    await engine.start();
    t.after(() => engine.stop());
    const destinations = (): string[] => runLog.entries().flatMap((entry) => (entry.kind === "sip-out" ? [entry.destination] : []));
    const one = `udp:127.0.0.1:${firstSocket.port}`;
    const two = `udp:127.0.0.1:${secondSocket.port}`;

    await registered(1);
    assert.deepEqual(destinations(), [one]);
    assert.equal(first.registrar.bindings(record.aor).length, 1);

    await first.stop();
    await engine.forceRegister(record);
    await registered(2);
    assert.deepEqual(destinations(), [one, one, two]);
    assert.equal(second.registrar.bindings(record.aor).length, 1);

    // The pin moved to the second target: the next REGISTER goes there first.
    await engine.forceRegister(record);
    await registered(3);
    assert.deepEqual(destinations(), [one, one, two, two]);
  });
});

/** `registered(n)` resolves once the record has been REGISTERED n times in all. */
function waitForRegistered(t: TestContext, engine: ReturnType<typeof createEngine>): (count: number) => Promise<void> {
  const events: RegistrantEvent[] = [];
  let heard: () => void = () => {};
  engine.onEvent((event) => {
    events.push(event);
    heard();
  });
  t.after(() => {
    heard = () => {};
  });
  return (count) =>
    new Promise((resolve, reject) => {
      const timer = systemClock.setTimeout(() => reject(new Error(`not registered ${count} times within ${STEP_WITHIN_MS} ms: ${events.map((e) => e.name).join(", ")}`)), STEP_WITHIN_MS);
      heard = () => {
        if (events.filter((e) => e.name === "E_REGISTRANT_REGISTERED").length < count) return;
        systemClock.clearTimeout(timer);
        resolve();
      };
      heard();
    });
}
