/**
 * What `uacreg simulate` shows of what it did, on real sockets: per-message lines naming the AOR,
 * the Call-ID, the expiry asked and the reason for a refusal; the summary; the transcript file
 * with its rotation; and the read-only HTTP view.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseUsersFile } from "./index.js";
import { startSimulator, type SimulatorHandle } from "./server.js";
import { LAB_USERS, labUsersFile, REALM } from "../testkit/lab.js";
import { testRegistrant } from "../testkit/socket-registrant.js";

describe("what the simulator shows of what it did", () => {
  let dir: string;
  let simulator: SimulatorHandle;
  const lines: string[] = [];
  let transcriptPath: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "uacreg-view-"));
    transcriptPath = join(dir, "transcript.jsonl");
    simulator = await startSimulator({
      listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }],
      realm: REALM,
      users: parseUsersFile(labUsersFile()),
      print: (line) => void lines.push(line),
      // Small enough that the messages below rotate it at least once.
      transcriptFile: { path: transcriptPath, maxBytes: 2000 },
      http: { host: "127.0.0.1", port: 0 },
    });
    const client = await testRegistrant(simulator.sockets[0]!);
    try {
      assert.equal((await client.register("alice", "wonderland", 600)).status, 200);
      assert.equal((await client.register("bob", "not-rosebud", 300)).status, 403);
      assert.equal((await client.register("bob", LAB_USERS.bob, 300)).status, 200);
      assert.equal((await client.register("bob", LAB_USERS.bob, 0)).status, 200);
    } finally {
      await client.close();
    }
  });
  after(async () => {
    await simulator.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("names the AOR, a short Call-ID and the expiry asked on each REGISTER line", () => {
    const aliceIn = lines.filter((line) => / in  .* REGISTER .* sip:alice@example\.org call \S+ asks 600 s$/.test(line));
    // Two REGISTERs, or more lines when a loaded machine made the client retransmit.
    assert.ok(aliceIn.length >= 2, lines.join("\n"));
  });

  it("gives the reason for a refusal on the answer's line, never a password", () => {
    const refused = lines.filter((line) => / out .* 403 Forbidden CSeq 2 REGISTER sip:bob@example\.org call \S+: wrong digest response from user "bob"$/.test(line));
    assert.equal(refused.length, 1, lines.join("\n"));
    assert.doesNotMatch(lines.join("\n"), /rosebud|wonderland/);
  });

  it("marks an unREGISTER", () => {
    assert.ok(lines.filter((line) => / in  .* sip:bob@example\.org call \S+ unREGISTER$/.test(line)).length >= 2, lines.join("\n"));
  });

  it("sums up bindings per AOR and requests by outcome", () => {
    const summary = simulator.summary(false);
    assert.match(summary, /^bindings: 1 contact for 1 AOR\n {2}sip:alice@example\.org: 1$/m);
    assert.match(summary, /^requests: 8 \(200 3, 401 4, 403 1\)$/m);
    assert.match(simulator.summary(true), /^ {4}<sip:alice@127\.0\.0\.1:\d+;transport=udp> expires in \d+ s \(call \S+, CSeq 2\)$/m);
  });

  it("writes every message to the transcript file as JSON lines, rotating it past its size", async () => {
    assert.ok(existsSync(`${transcriptPath}.1`), "rotated at least once");
    const text = (await readFile(`${transcriptPath}.1`, "utf8")) + (await readFile(transcriptPath, "utf8"));
    const entries = text.trim().split("\n").map((line) => JSON.parse(line) as { seq: number; direction: string; aor: string | null; why?: string; raw: string });
    assert.ok(entries.length >= 2 && entries.length <= simulator.counters.messagesIn + simulator.counters.messagesOut);
    const seqs = entries.map((entry) => entry.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "in order across the rotation");
    assert.ok(entries.every((entry) => entry.raw.startsWith("REGISTER ") || entry.raw.startsWith("SIP/2.0 ")));
    const refusals = entries.filter((entry) => entry.why !== undefined).map((entry) => entry.why);
    assert.ok(refusals.length > 0);
    assert.ok(refusals.every((why) => why === "no Authorization" || why === 'wrong digest response from user "bob"'), refusals.join(", "));
  });

  it("serves /bindings, /transcript and /metrics read-only", async () => {
    const base = `http://127.0.0.1:${simulator.http?.port}`;
    const bindings = (await (await fetch(`${base}/bindings`)).json()) as { bindings: Array<{ aor: string }> };
    assert.deepEqual(bindings.bindings.map((binding) => binding.aor), ["sip:alice@example.org"]);
    // Every message on the wire, retransmissions included (a loaded machine may cause some).
    const onWire = simulator.counters.messagesIn + simulator.counters.messagesOut;
    const transcript = (await (await fetch(`${base}/transcript`)).json()) as { entries: unknown[] };
    assert.ok(transcript.entries.length >= 16);
    assert.equal(transcript.entries.length, onWire);
    const page = await (await fetch(`${base}/transcript`, { headers: { accept: "text/html" } })).text();
    assert.match(page, new RegExp(`<svg [^>]*data-messages="${onWire}"`));
    assert.match(page, /class="msg out refusal"/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /^uacreg_simulator_requests_total\{method="REGISTER",outcome="403"\} 1$/m);
    assert.match(metrics, /^uacreg_simulator_bindings 1$/m);
    assert.equal((await fetch(`${base}/bindings`, { method: "POST" })).status, 405);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
  });
});
