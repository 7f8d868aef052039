import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { generate } from "selfsigned";
import { TransportError, type SocketName } from "../engine/transport/index.js";
import { loadScriptFile, parseUsersFile } from "./index.js";
import { startSimulator, type SimulatorHandle } from "./server.js";
import { LAB_USERS, labUsersFile, REALM } from "../testkit/lab.js";
import { testRegistrant } from "../testkit/socket-registrant.js";

const LINE = /^\d\d:\d\d:\d\d\.\d{3} (in |out) (udp|tcp|tls):127\.0\.0\.1:\d+ \S/;
const FORBIDDEN_SCRIPT = fileURLToPath(new URL("../fixtures/scripts/403-forbidden.yaml", import.meta.url));

describe("startSimulator on real sockets", () => {
  let simulator: SimulatorHandle;
  const lines: string[] = [];

  before(async () => {
    simulator = await startSimulator({
      listen: [
        { protocol: "udp", host: "127.0.0.1", port: 0 },
        { protocol: "tcp", host: "127.0.0.1", port: 0 },
      ],
      realm: REALM,
      users: parseUsersFile(labUsersFile()),
      print: (line) => void lines.push(line),
    });
  });
  after(() => simulator.stop());

  const server = (protocol: "udp" | "tcp"): SocketName => {
    const socket = simulator.sockets.find((s) => s.protocol === protocol);
    assert.ok(socket !== undefined);
    return socket;
  };

  it("binds the ports it was given port 0 for", () => {
    assert.equal(simulator.sockets.length, 2);
    for (const socket of simulator.sockets) assert.ok(socket.port > 0);
  });

  for (const [protocol, user, password] of [["udp", "alice", LAB_USERS.alice], ["tcp", "bob", LAB_USERS.bob]] as const) {
    it(`registers ${user} with digest over ${protocol} and holds the binding`, async () => {
      const client = await testRegistrant(server(protocol));
      try {
        const printedBefore = lines.length;
        const response = await client.register(user, password, 600);
        assert.equal(response.status, 200);
        const bindings = simulator.registrar.bindings(`sip:${user}@${REALM}`);
        assert.equal(bindings.length, 1);
        assert.match(bindings[0]?.contact ?? "", new RegExp(`sip:${user}@127\\.0\\.0\\.1:${client.transport.local.port};transport=${protocol}`));
        assert.ok((bindings[0]?.expiresSec ?? 0) > 590);
        // Four lines, or more when a loaded machine made the client retransmit over UDP (each copy is printed).
        const printed = lines.slice(printedBefore);
        assert.ok(printed.length >= 4, printed.join("\n"));
        for (const line of printed) assert.match(line, LINE);
        assert.match(printed[0] ?? "", new RegExp(` in  .* REGISTER .* sip:${user}@example\\.org call \\S+ asks 600 s$`));
        assert.ok(printed.some((line) => new RegExp(` out .* 401 Unauthorized CSeq 1 REGISTER \\(challenge MD5\\) sip:${user}@example\\.org call \\S+: no Authorization$`).test(line)), printed.join("\n"));
        assert.match(printed.at(-1) ?? "", / out .* 200 OK CSeq 2 REGISTER/);
      } finally {
        await client.close();
      }
    });
  }

  it("answers a wrong password with no binding", async () => {
    const client = await testRegistrant(server("udp"));
    try {
      const response = await client.register("alice", "not her password", 600);
      assert.notEqual(response.status, 200);
      assert.equal(simulator.registrar.bindings("sip:alice@example.org").length, 1, "only the earlier binding");
    } finally {
      await client.close();
    }
  });

  it("counts every message in and out", () => {
    assert.ok(simulator.counters.messagesIn >= 4);
    assert.equal(simulator.counters.messagesIn, simulator.counters.messagesOut);
  });
});

describe("startSimulator with a script", () => {
  it("answers the shipped 403 script with 403 after the challenge, and keeps no binding", async () => {
    const simulator = await startSimulator({
      listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }],
      realm: REALM,
      users: parseUsersFile(labUsersFile()),
      script: await loadScriptFile(FORBIDDEN_SCRIPT),
    });
    const socket = simulator.sockets[0];
    assert.ok(socket !== undefined);
    const client = await testRegistrant(socket);
    try {
      const response = await client.register("alice", "wonderland", 600);
      assert.equal(response.status, 403);
      assert.deepEqual(simulator.registrar.bindings(), []);
    } finally {
      await client.close();
      await simulator.stop();
    }
  });
});

describe("startSimulator failures", () => {
  it("closes the sockets it bound when a later one cannot be bound", async () => {
    const taken = createSocket("udp4");
    await new Promise<void>((resolve) => taken.bind(0, "127.0.0.1", resolve));
    const takenPort = taken.address().port;
    try {
      const probe = await startSimulator({ listen: [{ protocol: "tcp", host: "127.0.0.1", port: 0 }], realm: REALM });
      const freePort = probe.sockets[0]?.port ?? 0;
      await probe.stop();
      await assert.rejects(
        startSimulator({
          listen: [
            { protocol: "tcp", host: "127.0.0.1", port: freePort },
            { protocol: "udp", host: "127.0.0.1", port: takenPort },
          ],
          realm: REALM,
        }),
        (error) => error instanceof TransportError && error.code === "bind_failed",
      );
      const again = await startSimulator({ listen: [{ protocol: "tcp", host: "127.0.0.1", port: freePort }], realm: REALM });
      await again.stop();
    } finally {
      taken.close();
    }
  });

  it("refuses a tls socket without a certificate", async () => {
    await assert.rejects(
      startSimulator({ listen: [{ protocol: "tls", host: "127.0.0.1", port: 0 }], realm: REALM }),
      /needs a TLS certificate and key/,
    );
  });

  it("stops twice without complaint", async () => {
    const simulator = await startSimulator({ listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }], realm: REALM });
    await simulator.stop();
    await simulator.stop();
  });
});

describe("startSimulator over TLS", () => {
  it("registers over tls with the given certificate", async () => {
    const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], { keyType: "ec" });
    const tls = { cert: pems.cert, key: pems.private };
    const simulator = await startSimulator({ listen: [{ protocol: "tls", host: "127.0.0.1", port: 0 }], realm: REALM, users: parseUsersFile(labUsersFile()), tls });
    const socket = simulator.sockets[0];
    assert.ok(socket !== undefined);
    const client = await testRegistrant(socket, tls);
    try {
      assert.equal((await client.register("alice", "wonderland", 600)).status, 200);
      assert.equal(simulator.registrar.bindings("sip:alice@example.org").length, 1);
    } finally {
      await client.close();
      await simulator.stop();
    }
  });
});
