import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseMessage, type SipResponse } from "../../engine/sip/index.js";
import type { SocketName } from "../../engine/transport/index.js";
import { labUsersFile, REALM } from "../../testkit/lab.js";
import { testRegistrant } from "../../testkit/socket-registrant.js";
import type { BindingView } from "../registrar.js";
import { loadScriptFile, parseScript } from "../script/index.js";
import { startSimulator, type SimulatorOptions } from "../server.js";
import { parseUsersFile } from "../users.js";
import { checkShardable, startShardedSimulator } from "./sharded-simulator.js";

const USERS = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`user${i}`, `secret${i}`]));
const UDP: SocketName = { protocol: "udp", host: "127.0.0.1", port: 0 };

/** What the tests need of a simulator, whichever way it runs. */
interface Running {
  readonly socket: SocketName;
  bindings(aor?: string): Promise<BindingView[]>;
  summary(): Promise<string>;
  readonly lines: string[];
  stop(): Promise<void>;
}

/** user2 to user4 are refused twice with 403, then registered as usual; nobody else is touched. */
const SCRIPT = parseScript(
  "rules:\n  - for: user2..user4\n    when: { kind: authenticated }\n    steps:\n      - respond: { code: 403, reason: Not Yet }\n        times: 2\n  - for: user7\n    steps:\n      - respond: { code: 404 }\n",
  "per-AOR test script",
);

async function start(workers: number, extra: Partial<SimulatorOptions> = {}): Promise<Running> {
  const lines: string[] = [];
  const options: SimulatorOptions = { listen: [UDP], realm: REALM, users: parseUsersFile(labUsersFile(USERS)), print: (line) => void lines.push(line), ...extra };
  if (workers === 1) {
    const handle = await startSimulator(options);
    return { socket: handle.sockets[0]!, bindings: async (aor) => handle.registrar.bindings(aor), summary: async () => handle.summary(false), lines, stop: () => handle.stop() };
  }
  const handle = await startShardedSimulator(options, workers);
  return { socket: handle.sockets[0]!, bindings: (aor) => handle.bindings(aor), summary: () => handle.summary(false), lines, stop: () => handle.stop() };
}

/** Sends `bytes` from one socket and resolves with the first answer (bounded wait). */
async function exchange(server: SocketName, bytes: Buffer, copies: number): Promise<Buffer[]> {
  const socket = createSocket("udp4");
  const answers: Buffer[] = [];
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  try {
    const got = new Promise<void>((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error(`only ${answers.length} of ${copies} answers`)), 5000);
      socket.on("message", (data) => {
        answers.push(data);
        if (answers.length === copies) {
          clearTimeout(guard);
          resolve();
        }
      });
    });
    for (let n = 0; n < copies; n++) socket.send(bytes, server.port, server.host);
    await got;
    return answers;
  } finally {
    socket.close();
  }
}

for (const workers of [1, 2]) {
  describe(`the simulator on UDP with ${workers} worker${workers === 1 ? "" : "s"}`, () => {
    let simulator: Running;
    before(async () => {
      simulator = await start(workers);
    });
    after(() => simulator.stop());

    it("registers every user with digest and holds each binding once", async () => {
      const client = await testRegistrant(simulator.socket);
      try {
        for (const [user, password] of Object.entries(USERS)) assert.equal((await client.register(user, password, 600)).status, 200, user);
      } finally {
        await client.close();
      }
      const bindings = await simulator.bindings();
      assert.deepEqual(bindings.map((binding) => binding.aor).sort(), Object.keys(USERS).map((user) => `sip:${user}@${REALM}`).sort());
      assert.equal((await simulator.bindings(`sip:user3@${REALM}:5060`)).length, 1, "an AOR is looked up as the registrar matches it");
      assert.match(await simulator.summary(), /^bindings: 8 contacts for 8 AORs$/m);
      assert.match(await simulator.summary(), /^requests: 16 \(200 8, 401 8\)$/m, "the shards' tallies summed");
    });

    it("answers a retransmission with the same bytes, from the registrar's port", async () => {
      const request = Buffer.from(
        "REGISTER sip:example.org SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-retrans;rport\r\nFrom: <sip:user5@example.org>;tag=r\r\n" +
          "To: <sip:user5@example.org>\r\nCall-ID: retrans@test\r\nCSeq: 1 REGISTER\r\nContact: <sip:user5@127.0.0.1:9>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
      );
      const answers = await exchange(simulator.socket, request, 2);
      const [first, second] = answers.map((answer) => parseMessage(answer) as SipResponse);
      assert.equal(first?.status, 401);
      assert.deepEqual(answers[1], answers[0], "the retransmission got the first answer again");
      assert.equal(second?.status, 401);
    });

    it("prints a line per message with the refusal's reason", async () => {
      const client = await testRegistrant(simulator.socket);
      try {
        assert.equal((await client.register("user6", "wrong", 600)).status, 403);
      } finally {
        await client.close();
      }
      assert.ok(simulator.lines.some((line) => / out .* 403 .*sip:user6@example\.org.*wrong digest response/.test(line)), simulator.lines.slice(-4).join("\n"));
    });
  });
}

for (const workers of [1, 2]) {
  describe(`a script's per-AOR rules with ${workers} worker${workers === 1 ? "" : "s"}`, () => {
    let simulator: Running;
    before(async () => {
      simulator = await start(workers, { script: SCRIPT });
    });
    after(() => simulator.stop());

    it("plays each AOR's steps as one registrar would, and lists the steps no AOR finished", async () => {
      const client = await testRegistrant(simulator.socket);
      const statuses: Record<string, number[]> = {};
      try {
        for (let round = 0; round < 3; round++) {
          for (const [user, password] of Object.entries(USERS)) (statuses[user] ??= []).push((await client.register(user, password, 600)).status);
        }
      } finally {
        await client.close();
      }
      for (const user of ["user2", "user3", "user4"]) assert.deepEqual(statuses[user], [403, 403, 200], user);
      assert.deepEqual(statuses["user7"], [404, 200, 200]);
      for (const user of ["user0", "user1", "user5", "user6"]) assert.deepEqual(statuses[user], [200, 200, 200], user);
      assert.equal((await simulator.bindings()).length, 8);
      assert.match(await simulator.summary(), /^requests: \d+ \(200 \d+, 401 \d+, 403 6, 404 1\)$/m);
      assert.doesNotMatch(await simulator.summary(), /never matched/);
    });
  });
}

describe("a simulator split over workers refuses what it cannot split by AOR", () => {
  const options: SimulatorOptions = { listen: [UDP], realm: REALM };
  it("a script with carrier habits, naming it", async () => {
    const script = await loadScriptFile(fileURLToPath(new URL("../../fixtures/scripts/carrier-rate-limit.yaml", import.meta.url)));
    assert.throws(() => checkShardable({ ...options, script }, 2), /registrar option workers: the carrier habits of script .*carrier-rate-limit\.yaml cannot be split over workers/);
  });
  it("a TCP socket", () => assert.throws(() => checkShardable({ ...options, listen: [{ ...UDP, protocol: "tcp" }] }, 2), /workers: tcp:127\.0\.0\.1:0: only UDP/));
  it("a count below 2", () => assert.throws(() => checkShardable(options, 1), /workers: must be a whole number from 2/));
});

describe("a simulator split over workers whose worker has ended", () => {
  it("says so when its bindings or summary are asked for, instead of waiting for it", async () => {
    const handle = await startShardedSimulator({ listen: [UDP], realm: REALM, users: parseUsersFile(labUsersFile(USERS)) }, 2);
    await handle.stop();
    await assert.rejects(handle.bindings(), /simulator worker 0 has stopped: the bindings and counts of its AORs cannot be read/);
    await assert.rejects(handle.summary(false), /simulator worker 0 has stopped/);
  });
});
