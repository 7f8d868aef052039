/**
 * How scripts choose steps, end to end on the memory network: rule order, per-AOR places,
 * request kinds, and retransmissions (Timer E copies, losses) that never use up a step.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AOR, authorized, CONTACT, lab, register, USERS_FILE, type Lab, type LabOptions } from "../../testkit/simulator-lab.js";
import { parseScript } from "./load.js";
import { formatPendingSteps } from "./script-runner.js";

const BOB = "sip:bob@example.org";

function scriptLab(yaml: string, options: LabOptions = {}): Lab {
  return lab({ ...options, script: parseScript(yaml, "inline.yaml") });
}

async function statuses(l: Lab, inits: ReadonlyArray<Parameters<typeof register>[0]>): Promise<number[]> {
  const out: number[] = [];
  for (const init of inits) out.push((await l.send(register(init))).status);
  return out;
}

describe("scripts: which step answers", () => {
  it("a rule for the AOR wins over an everyone-rule; a used-up rule steps aside; then the default", async () => {
    const l = scriptLab(`
rules:
  - for: everyone
    steps:
      - respond: { code: 480 }
  - for: sip:alice@example.org
    steps:
      - respond: { code: 486 }
        times: 2
`);
    assert.deepEqual(await statuses(l, [{ cseq: 1 }, { cseq: 2 }, { cseq: 3 }, { cseq: 4 }]), [486, 486, 480, 200]);
    assert.deepEqual(await statuses(l, [{ cseq: 1, aor: BOB, callId: "b" }, { cseq: 2, aor: BOB, callId: "b" }]), [480, 200]);
    assert.deepEqual(l.registrar.pendingSteps(), []);
  });

  it("an everyone-rule keeps a place for each AOR", async () => {
    const l = scriptLab("rules:\n  - for: everyone\n    steps:\n      - respond: { code: 500 }\n      - respond: { code: 501 }\n");
    assert.deepEqual(await statuses(l, [{ cseq: 1 }, { cseq: 1, aor: BOB, callId: "b" }, { cseq: 2 }, { cseq: 2, aor: BOB, callId: "b" }]), [500, 500, 501, 501]);
  });

  it("routes by kind: initial, refresh, unregister, wildcard, authenticated", async () => {
    const l = scriptLab(
      `
rules:
  - for: everyone
    when: { kind: authenticated }
    steps: [ { respond: { code: 481 } } ]
  - for: everyone
    when: { kind: refresh }
    steps: [ { respond: { code: 482 } } ]
  - for: everyone
    when: { kind: unregister }
    steps: [ { respond: { code: 483 } } ]
  - for: everyone
    when: { kind: wildcard }
    steps: [ { respond: { code: 484 } } ]
`,
      { users: USERS_FILE },
    );
    const challenged = await l.send(register({ cseq: 1 }));
    assert.equal(challenged.status, 401, "initial: no rule, the registrar challenges");
    assert.equal((await l.send(authorized({ cseq: 2 }, challenged, { username: "alice", password: "wonderland" }, l.random).request)).status, 481);
    const second = await l.send(register({ cseq: 3 }));
    const bound = await l.send(authorized({ cseq: 4 }, second, { username: "alice", password: "wonderland" }, l.random).request);
    assert.equal(bound.status, 200, "the authenticated rule is used up: default binds");
    assert.equal((await l.send(register({ cseq: 5 }))).status, 482, "same Call-ID as a live binding: refresh");
    assert.equal((await l.send(register({ cseq: 6, expires: 0 }))).status, 483);
    assert.equal((await l.send(register({ cseq: 7, contacts: [`${CONTACT};expires=0`] }))).status, 401, "unregister rule used up");
    assert.equal((await l.send(register({ cseq: 8, contacts: ["*"], expires: 0 }))).status, 484);
    assert.deepEqual(l.registrar.pendingSteps(), []);
  });

  it("reports the steps that were never used up", async () => {
    const l = scriptLab("rules:\n  - for: sip:carol@example.org\n    steps:\n      - respond: { code: 500 }\n  - for: everyone\n    steps:\n      - accept: {}\n        times: 2\n      - silence: true\n        repeat: forever\n");
    await l.send(register({ cseq: 1 }));
    const pending = l.registrar.pendingSteps();
    assert.deepEqual(pending.map((p) => [p.ruleIndex, p.stepIndex, p.action, p.uses]), [[0, 0, "respond", 0], [1, 0, "accept", 1], [1, 1, "silence", 0]]);
    assert.match(formatPendingSteps(pending), /^3 scripted step\(s\) not used up:\nrule 0 \(for sip:carol@example.org\) step 0 respond: used 0, planned 1x\n/);
  });
});

describe("scripts: retransmissions never use up a step", () => {
  it("Timer E copies during a delay and a silence are absorbed", async () => {
    const l = scriptLab(`
rules:
  - for: everyone
    steps:
      - delay: { ms: 2000, then: { respond: { code: 503 } } }
      - silence: true
      - accept: {}
`);
    const delayed = await l.outcome(register({ cseq: 1 }));
    assert.equal(delayed.kind === "response" && delayed.response.status, 503);
    const silent = await l.outcome(register({ cseq: 2 }));
    assert.equal(silent.kind, "timeout");
    const accepted = await l.outcome(register({ cseq: 3 }));
    assert.equal(accepted.kind === "response" && accepted.response.status, 200);
    const ins = l.registrar.transcript.entries().filter((e) => e.direction === "in");
    assert.ok(ins.length > 10, `retransmissions reached the registrar (${ins.length} REGISTERs in)`);
    assert.deepEqual(l.registrar.pendingSteps(), []);
  });

  it("on a lossy network, each transaction uses one step however many copies arrive", async () => {
    const l = scriptLab("rules:\n  - for: everyone\n    steps:\n      - respond: { code: 500 }\n        times: 3\n      - accept: {}\n        repeat: forever\n");
    l.network.setFaults({ lossRatio: 0.3, duplicationRatio: 0.3 });
    const seen: string[] = [];
    for (let cseq = 1; cseq <= 6; cseq++) {
      const outcome = await l.outcome(register({ cseq }));
      seen.push(outcome.kind === "response" ? String(outcome.response.status) : outcome.kind);
    }
    assert.deepEqual(seen, ["500", "500", "500", "200", "200", "200"]);
    const ins = l.registrar.transcript.entries().filter((e) => e.direction === "in").length;
    assert.ok(ins > 6, `copies arrived (${ins} REGISTERs in for 6 transactions)`);
  });

  it("close() drops an answer still waiting on a delay", async () => {
    const l = scriptLab("rules:\n  - for: everyone\n    steps:\n      - delay: { ms: 1000, then: { accept: {} } }\n");
    const pending = l.outcome(register({ cseq: 1 }));
    await l.fake.tickAsync(100);
    l.registrar.close();
    assert.equal((await pending).kind, "timeout");
    assert.deepEqual(l.registrar.bindings(AOR), []);
  });
});
