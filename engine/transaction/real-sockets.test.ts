import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../clock.js";
import { seededRandom } from "../random.js";
import { createTcpTransport, createUdpTransport, type Transport } from "../transport/index.js";
import { TransactionLayer } from "./transaction-layer.js";
import { register } from "../../testkit/transaction-pair.js";

describe("transaction layer over real UDP on 127.0.0.1 (port 0)", () => {
  const transports: Transport[] = [];
  const layers: TransactionLayer[] = [];
  let client: TransactionLayer;
  let server: TransactionLayer;
  let clientTransport: Transport;
  let serverTransport: Transport;

  before(async () => {
    clientTransport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
    serverTransport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
    transports.push(clientTransport, serverTransport);
    const timers = { t1Ms: 20, t2Ms: 80, t4Ms: 100, finalTimeoutMs: 400 };
    client = new TransactionLayer({ clock: systemClock, random: seededRandom(1), timers });
    server = new TransactionLayer({ clock: systemClock, random: seededRandom(2), timers });
    layers.push(client, server);
    client.attach(clientTransport);
    server.attach(serverTransport);
  });

  after(async () => {
    for (const layer of layers) layer.close();
    await Promise.all(transports.map((t) => t.close()));
  });

  it("registers through a server transaction and gets its 200", async () => {
    server.onRequest((incoming) => {
      assert.equal(incoming.source.port, clientTransport.local.port);
      void incoming.respond(incoming.createResponse(200, { headers: [["Expires", "3600"]] }));
    });
    const destination = { host: "127.0.0.1", port: serverTransport.local.port };
    const outcome = await client.sendRequest(register(1), { transport: clientTransport, destination });
    assert.equal(outcome.kind, "response");
    assert.equal(outcome.kind === "response" && outcome.response.status, 200);
  });

  it("retransmits and times out when nobody answers", async () => {
    server.onRequest(() => {});
    const destination = { host: "127.0.0.1", port: serverTransport.local.port };
    const before = client.stats.retransmissionsSent;
    const outcome = await client.sendRequest(register(2), { transport: clientTransport, destination });
    assert.deepEqual(outcome, { kind: "timeout", afterMs: 400 });
    assert.ok(client.stats.retransmissionsSent - before >= 3);
  });
});

describe("transaction layer over real TCP on 127.0.0.1", () => {
  const transports: Transport[] = [];
  const layers: TransactionLayer[] = [];

  after(async () => {
    for (const layer of layers) layer.close();
    await Promise.all(transports.map((t) => t.close()));
  });

  it("gets the response over the connection the request went out on, without retransmissions", async () => {
    const clientTransport = await createTcpTransport({ bind: { host: "127.0.0.1", port: 0 }, clock: systemClock });
    const serverTransport = await createTcpTransport({ bind: { host: "127.0.0.1", port: 0 }, clock: systemClock });
    transports.push(clientTransport, serverTransport);
    const client = new TransactionLayer({ clock: systemClock, random: seededRandom(3) });
    const server = new TransactionLayer({ clock: systemClock, random: seededRandom(4) });
    layers.push(client, server);
    client.attach(clientTransport);
    server.attach(serverTransport);
    server.onRequest((incoming) => {
      assert.notEqual(incoming.source.port, clientTransport.local.port, "the connection's own port, not the listener's");
      void incoming.respond(incoming.createResponse(200));
    });
    const destination = { host: "127.0.0.1", port: serverTransport.local.port };
    const outcome = await client.sendRequest(register(1), { transport: clientTransport, destination });
    assert.equal(outcome.kind === "response" && outcome.response.status, 200);
    assert.equal(client.stats.retransmissionsSent, 0);
  });

  it("reports a refused connection as a transport-error outcome", async () => {
    const clientTransport = await createTcpTransport({ bind: { host: "127.0.0.1", port: 0 }, clock: systemClock });
    const closedTransport = await createTcpTransport({ bind: { host: "127.0.0.1", port: 0 }, clock: systemClock });
    const closedPort = closedTransport.local.port;
    await closedTransport.close();
    transports.push(clientTransport);
    const client = new TransactionLayer({ clock: systemClock, random: seededRandom(5) });
    layers.push(client);
    client.attach(clientTransport);
    const outcome = await client.sendRequest(register(1), {
      transport: clientTransport,
      destination: { host: "127.0.0.1", port: closedPort },
    });
    assert.equal(outcome.kind === "transport-error" && outcome.error.code, "connection_refused");
  });
});
