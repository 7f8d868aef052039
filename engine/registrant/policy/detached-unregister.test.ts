import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../random.js";
import type { SendAction } from "./actions.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  afterRetirement,
  DETACHED_TRANSITIONS,
  detachedStep,
  findDetachedRow,
  startDetachedUnregister,
  type DetachedEvent,
  type DetachedOutcome,
  type DetachedState,
} from "./detached-unregister.js";
import { renderDetachedTable } from "./detached-unregister-doc.js";
import { challenge, freshRuntime, reply, testConfig } from "../../../testkit/registrant-fixtures.js";

const random = seededRandom(3);

function registered() {
  const config = testConfig();
  const runtime = { ...freshRuntime(config), state: "REGISTERED_STATE" as const, cseq: 4 };
  return { config, runtime };
}

describe("detached unREGISTER (D26)", () => {
  it("D26 goes out in the record's dialog: same Call-ID and tag, CSeq+1, expires=0, no credentials", () => {
    const { config, runtime } = registered();
    const first = startDetachedUnregister(config, runtime);
    assert.deepEqual(first.send, {
      kind: "send",
      request: "unregister",
      generation: 0,
      callId: runtime.callId,
      fromTag: runtime.fromTag,
      cseq: 5,
      expiresSec: 0,
      credentials: null,
    });
  });

  it("D26 a 401 gets one authenticated retry (CSeq+1); a second 401 ends the exchange", () => {
    const { config, runtime } = registered();
    const first = startDetachedUnregister(config, runtime);
    const retry = detachedStep(first.exchange, { kind: "response", response: reply(401, [challenge("n1")]) }, random);
    assert.equal(retry.send?.cseq, 6);
    assert.equal(retry.send?.credentials?.header, "Authorization");
    assert.match(retry.send?.credentials?.value ?? "", /^Digest username="alice", realm="example.com", nonce="n1"/);
    const end = detachedStep(retry.exchange, { kind: "response", response: reply(401, [challenge("n2")]) }, random);
    assert.deepEqual([end.send, end.result], [null, "401"]);
  });

  it("D26 a 407 is answered with Proxy-Authorization", () => {
    const { config, runtime } = registered();
    const first = startDetachedUnregister(config, runtime);
    const header: [string, string] = ["Proxy-Authenticate", challenge("p1")[1]];
    const retry = detachedStep(first.exchange, { kind: "response", response: reply(407, [header]) }, random);
    assert.equal(retry.send?.credentials?.header, "Proxy-Authorization");
  });

  it("D26 a 200, an error, a timeout or a transport error ends it; so does a challenge without credentials or a usable challenge", () => {
    const { config, runtime } = registered();
    const { exchange } = startDetachedUnregister(config, runtime);
    assert.equal(detachedStep(exchange, { kind: "response", response: reply(200) }, random).send, null);
    assert.equal(detachedStep(exchange, { kind: "response", response: reply(503) }, random).send, null);
    assert.equal(detachedStep(exchange, { kind: "timeout" }, random).result, "timeout");
    assert.equal(detachedStep(exchange, { kind: "transport-error" }, random).result, "transport-error");
    const noCredentials = startDetachedUnregister(testConfig({ password: null }), runtime).exchange;
    assert.equal(detachedStep(noCredentials, { kind: "response", response: reply(401, [challenge("n")]) }, random).send, null);
    const basic = reply(401, [["WWW-Authenticate", 'Basic realm="x"']]);
    assert.match(detachedStep(exchange, { kind: "response", response: basic }, random).result, /no usable challenge/);
  });
});

describe("a request in flight when its record was retired (D26)", () => {
  const config = testConfig();
  function sent(request: SendAction["request"], credentials: SendAction["credentials"] = null): SendAction {
    return { kind: "send", request, generation: 7, callId: "cid-1", fromTag: "tag-1", cseq: 3, expiresSec: request === "register" ? 3600 : 0, credentials };
  }

  it("D26 a REGISTER that gets a 2xx is followed by an unREGISTER in its dialog (CSeq+1, no credentials)", () => {
    for (const status of [200, 202, 299]) {
      const next = afterRetirement(config, sent("register"), { kind: "response", response: reply(status) }, random);
      assert.deepEqual(next?.send, { kind: "send", request: "unregister", generation: 0, callId: "cid-1", fromTag: "tag-1", cseq: 4, expiresSec: 0, credentials: null });
      assert.equal(next?.exchange.authenticated, false);
    }
  });

  it("D26 a REGISTER that gets no 2xx made no binding: nothing follows", () => {
    for (const status of [199, 300, 401, 407, 423, 503]) {
      assert.equal(afterRetirement(config, sent("register"), { kind: "response", response: reply(status, [challenge("n")]) }, random), null, String(status));
    }
    assert.equal(afterRetirement(config, sent("register"), { kind: "timeout" }, random), null);
    assert.equal(afterRetirement(config, sent("register"), { kind: "transport-error" }, random), null);
  });

  it("D26 an unREGISTER without credentials that is challenged gets its authenticated retry in its dialog", () => {
    const next = afterRetirement(config, sent("unregister"), { kind: "response", response: reply(401, [challenge("n9")]) }, random);
    assert.equal(next?.send?.request, "unregister");
    assert.deepEqual([next?.send?.callId, next?.send?.cseq, next?.send?.expiresSec], ["cid-1", 4, 0]);
    assert.match(next?.send?.credentials?.value ?? "", /nonce="n9"/);
    assert.equal(next?.exchange.authenticated, true);
  });

  it("D26 an unREGISTER that already carried credentials, or that got a 200, ends there; a wildcard is not carried on", () => {
    const credentials = { header: "Authorization", value: "Digest x" } as const;
    assert.equal(afterRetirement(config, sent("unregister", credentials), { kind: "response", response: reply(401, [challenge("n")]) }, random), null);
    assert.equal(afterRetirement(config, sent("unregister"), { kind: "response", response: reply(200) }, random), null);
    assert.equal(afterRetirement(config, sent("wildcard"), { kind: "response", response: reply(401, [challenge("n")]) }, random), null);
  });
});

describe("the detached unREGISTER's table (D26)", () => {
  const states: readonly DetachedState[] = ["unauthenticated", "authenticated"];
  const events: readonly DetachedEvent[] = ["401/407", "other-response", "timeout", "transport-error"];

  it("D26 the table is total: every state, event and answerability has a row", () => {
    for (const state of states) for (const event of events) for (const answerable of [true, false]) assert.ok(findDetachedRow(state, event, answerable));
  });

  it("D26 every row decides the step it names, and no row is shadowed", () => {
    const { config, runtime } = registered();
    const first = startDetachedUnregister(config, runtime).exchange;
    const retried = { ...first, authenticated: true };
    const cases: ReadonlyArray<readonly [string, typeof first, DetachedOutcome, "send" | "finished"]> = [
      ["detached-answer-challenge", first, { kind: "response", response: reply(401, [challenge("a")]) }, "send"],
      ["detached-unanswerable-challenge", first, { kind: "response", response: reply(401, [["WWW-Authenticate", 'Basic realm="x"']]) }, "finished"],
      ["detached-challenged-again", retried, { kind: "response", response: reply(407, [["Proxy-Authenticate", challenge("b")[1]]]) }, "finished"],
      ["detached-answered", retried, { kind: "response", response: reply(200) }, "finished"],
      ["detached-failed", first, { kind: "timeout" }, "finished"],
    ];
    for (const [row, exchange, outcome, next] of cases) {
      const decided = detachedStep(exchange, outcome, random);
      assert.equal(decided.row, row);
      assert.equal(decided.send === null ? "finished" : "send", next, row);
    }
    assert.deepEqual(new Set(cases.map(([row]) => row)), new Set(DETACHED_TRANSITIONS.map((row) => row.id)));
  });

  it("docs/detached-unregister.md is rendered from the table (regenerate: node --import tsx scripts/write-transition-table.ts)", () => {
    const path = fileURLToPath(new URL("../../../docs/detached-unregister.md", import.meta.url));
    assert.equal(readFileSync(path, "utf8"), renderDetachedTable());
  });
});
