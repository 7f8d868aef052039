/**
 * Every script in fixtures/scripts/, run end to end: a registrant built from our transaction
 * layer sends REGISTERs over the memory network on a fake clock, and each test checks what
 * crossed the wire (responses as parsed, and the registrar's transcript of raw messages).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findHeaders, getAuthValues, getContacts, getMinExpires, getRetryAfter, headerValue, headerValues, SipParseError, type SipResponse } from "../../engine/sip/index.js";
import { AOR, authorized, lab, register, START_MS as START, USERS_FILE, type Lab, type LabOptions } from "../../testkit/simulator-lab.js";
import { loadScriptFile } from "./load.js";

const ALICE = { username: "alice", password: "wonderland" };

async function scripted(name: string, options: LabOptions = {}): Promise<Lab> {
  const script = await loadScriptFile(fileURLToPath(new URL(`../../fixtures/scripts/${name}`, import.meta.url)));
  return lab({ ...options, script });
}

/** Each Contact of a response with its expires parameter. */
function contactsOf(response: SipResponse): Array<[string, string | null]> {
  const contacts = getContacts(response);
  if (contacts.wildcard) throw new Error("wildcard in a response");
  return contacts.contacts.map((c) => [`${c.uri.kind === "sip" ? c.uri.user : ""}@${c.uri.kind === "sip" ? c.uri.host : ""}`, c.params.find(([n]) => n === "expires")?.[1] ?? null]);
}

/** The summaries of what the registrar sent, in order. */
function sent(l: Lab): string[] {
  return l.registrar.transcript.entries().filter((e) => e.direction === "out").map((e) => e.summary);
}

function challengeParams(response: SipResponse, header: "WWW-Authenticate" | "Proxy-Authenticate"): ReadonlyMap<string, string> {
  const [value] = getAuthValues(response, header);
  if (value === undefined) throw new Error(`no ${header}`);
  return value.params;
}

describe("shipped registrar scripts", () => {
  it("200-ok.yaml: accepts at once, without a challenge even when users are configured", async () => {
    const l = await scripted("200-ok.yaml", { users: USERS_FILE });
    const response = await l.send(register({ cseq: 1, expires: 600 }));
    assert.equal(response.status, 200);
    assert.deepEqual(contactsOf(response), [["alice@10.0.0.1", "600"]]);
    assert.deepEqual(sent(l), ["200 OK CSeq 1 REGISTER (Contact 1)"]);
    assert.deepEqual(l.registrar.pendingSteps(), []);
  });

  it("401-then-200.yaml: challenges each AOR once, then verifies the answer against the users file", async () => {
    const l = await scripted("401-then-200.yaml", { users: USERS_FILE });
    const challenged = await l.send(register({ cseq: 1 }));
    assert.equal(challenged.status, 401);
    const params = challengeParams(challenged, "WWW-Authenticate");
    assert.equal(params.get("realm"), "example.org");
    assert.equal(params.get("algorithm"), "MD5");
    assert.equal(params.get("qop"), "auth");
    const ok = await l.send(authorized({ cseq: 2 }, challenged, ALICE, l.random).request);
    assert.equal(ok.status, 200);
    const wrong = await l.send(authorized({ cseq: 3 }, challenged, { username: "alice", password: "nope" }, l.random).request);
    assert.equal(wrong.status, 403, "the default step really checks the password");
    const bob = await l.send(register({ cseq: 1, aor: "sip:bob@example.org", callId: "bob-1" }));
    assert.equal(bob.status, 401, "every AOR starts the rule from its first step");
    assert.deepEqual(sent(l).map((s) => s.slice(0, 16)), ["401 Unauthorized", "200 OK CSeq 2 RE", "403 Forbidden CS", "401 Unauthorized"]);
  });

  it("401-wrong-credentials.yaml: answers every REGISTER, credentials or not, with a fresh 401", async () => {
    const l = await scripted("401-wrong-credentials.yaml", { users: USERS_FILE });
    let challenged = await l.send(register({ cseq: 1 }));
    const nonces = [challengeParams(challenged, "WWW-Authenticate").get("nonce")];
    for (let cseq = 2; cseq <= 4; cseq++) {
      challenged = await l.send(authorized({ cseq }, challenged, ALICE, l.random).request);
      assert.equal(challenged.status, 401);
      nonces.push(challengeParams(challenged, "WWW-Authenticate").get("nonce"));
    }
    assert.equal(new Set(nonces).size, 4, "a new nonce each time");
    assert.deepEqual(l.registrar.bindings(), []);
  });

  it("403-forbidden.yaml: challenges, then refuses the credentials with 403", async () => {
    const l = await scripted("403-forbidden.yaml");
    const challenged = await l.send(register({ cseq: 1 }));
    assert.equal(challenged.status, 401);
    const refused = await l.send(authorized({ cseq: 2 }, challenged, ALICE, l.random).request);
    assert.equal(refused.status, 403);
    assert.equal(refused.reason, "Forbidden");
    assert.equal((await l.send(register({ cseq: 3 }))).status, 401);
    assert.deepEqual(l.registrar.pendingSteps(), []);
  });

  it("timeout.yaml: never answers; the registrant's retransmissions arrive and the transaction times out", async () => {
    const l = await scripted("timeout.yaml");
    const outcome = await l.outcome(register({ cseq: 1 }));
    assert.equal(outcome.kind, "timeout");
    const entries = l.registrar.transcript.entries();
    assert.equal(entries.filter((e) => e.direction === "out").length, 0);
    assert.ok(entries.length >= 10, `Timer E retransmissions arrive (${entries.length} copies)`);
    assert.ok(entries.every((e) => e.summary === entries[0]?.summary), "all copies of the one REGISTER");
  });

  it("multi-binding.yaml: lists two foreign bindings beside the registrant's own, and stores only its own", async () => {
    const l = await scripted("multi-binding.yaml");
    const response = await l.send(register({ cseq: 1, expires: 300 }));
    assert.equal(response.status, 200);
    assert.deepEqual(contactsOf(response), [
      ["alice@10.0.0.1", "300"],
      ["desk@192.0.2.7", "1800"],
      ["mobile@198.51.100.23", "90"],
    ]);
    assert.match(headerValues(response, "Contact")[2] ?? "", /^"Mobile" <sip:mobile@198\.51\.100\.23:40312;transport=tcp>;expires=90$/);
    assert.equal(l.registrar.bindings(AOR).length, 1);
  });

  it("423-then-200.yaml: 423 with Min-Expires 3600 below an hour, then 200 for an hour", async () => {
    const l = await scripted("423-then-200.yaml");
    const brief = await l.send(register({ cseq: 1, expires: 600 }));
    assert.equal(brief.status, 423);
    assert.equal(getMinExpires(brief), 3600);
    const ok = await l.send(register({ cseq: 2, expires: 3600 }));
    assert.equal(ok.status, 200);
    assert.deepEqual(contactsOf(ok), [["alice@10.0.0.1", "3600"]]);
    assert.deepEqual(sent(l), ["423 Interval Too Brief CSeq 1 REGISTER (Min-Expires 3600)", "200 OK CSeq 2 REGISTER (Contact 1)"]);
  });

  it("407-then-200.yaml: 407 with Proxy-Authenticate, then 200 to the Proxy-Authorization", async () => {
    const l = await scripted("407-then-200.yaml", { users: USERS_FILE });
    const challenged = await l.send(register({ cseq: 1 }));
    assert.equal(challenged.status, 407);
    assert.equal(headerValue(challenged, "WWW-Authenticate"), null);
    assert.equal(challengeParams(challenged, "Proxy-Authenticate").get("realm"), "example.org");
    const { request } = authorized({ cseq: 2 }, challenged, ALICE, l.random);
    assert.notEqual(headerValue(request, "Proxy-Authorization"), null);
    assert.equal((await l.send(request)).status, 200);
  });

  it("302-moved.yaml: 302 with the Contact of another registrar, every time", async () => {
    const l = await scripted("302-moved.yaml");
    for (const cseq of [1, 2]) {
      const moved = await l.send(register({ cseq }));
      assert.equal(moved.status, 302);
      assert.equal(moved.reason, "Moved Temporarily");
      assert.deepEqual(headerValues(moved, "Contact"), ["<sip:registrar2.example.org:5060>"]);
    }
    assert.deepEqual(l.registrar.bindings(), []);
  });

  it("503-retry-after.yaml: 503 with Retry-After 120 and a Warning once, then served", async () => {
    const l = await scripted("503-retry-after.yaml");
    const busy = await l.send(register({ cseq: 1 }));
    assert.equal(busy.status, 503);
    assert.equal(getRetryAfter(busy)?.seconds, 120);
    assert.equal(headerValue(busy, "Warning"), '399 registrar.example.org "maintenance window"');
    assert.equal((await l.send(register({ cseq: 2 }))).status, 200);
    assert.deepEqual(l.registrar.pendingSteps(), []);
  });

  it("stale-nonce.yaml: 401, then 401 stale=true to the right answer, then 200 to the answer on the new nonce", async () => {
    const l = await scripted("stale-nonce.yaml", { users: USERS_FILE });
    const first = await l.send(register({ cseq: 1 }));
    assert.equal(first.status, 401);
    assert.equal(challengeParams(first, "WWW-Authenticate").get("stale"), undefined);
    const stale = await l.send(authorized({ cseq: 2 }, first, ALICE, l.random).request);
    assert.equal(stale.status, 401);
    assert.equal(challengeParams(stale, "WWW-Authenticate").get("stale"), "true");
    assert.notEqual(challengeParams(stale, "WWW-Authenticate").get("nonce"), challengeParams(first, "WWW-Authenticate").get("nonce"));
    assert.equal((await l.send(authorized({ cseq: 3 }, stale, ALICE, l.random).request)).status, 200);
    assert.match(sent(l)[1] ?? "", /^401 Unauthorized CSeq 2 REGISTER/);
  });

  it("200-without-contact.yaml: binds, but the 200 carries no Contact", async () => {
    const l = await scripted("200-without-contact.yaml");
    const response = await l.send(register({ cseq: 1, expires: 600 }));
    assert.equal(response.status, 200);
    assert.deepEqual(headerValues(response, "Contact"), []);
    assert.notEqual(headerValue(response, "Date"), null);
    assert.equal(l.registrar.bindings(AOR)[0]?.expiresSec, 600);
    assert.deepEqual(sent(l), ["200 OK CSeq 1 REGISTER"]);
  });

  it("200-grants-less.yaml: grants 60 s when an hour is asked, and the binding lapses after 60 s", async () => {
    const l = await scripted("200-grants-less.yaml");
    const response = await l.send(register({ cseq: 1, expires: 3600 }));
    assert.deepEqual(contactsOf(response), [["alice@10.0.0.1", "60"]]);
    await l.fake.tickAsync(60_000);
    assert.deepEqual(l.registrar.bindings(), []);
  });

  it("malformed-200.yaml: a 200 that matches the transaction but whose Contact does not parse, then a good one", async () => {
    const l = await scripted("malformed-200.yaml");
    const broken = await l.send(register({ cseq: 1 }));
    assert.equal(broken.status, 200);
    assert.deepEqual(findHeaders(broken, "Contact").map((h) => h.value), ["<sip:alice@;expires=abc"]);
    assert.throws(() => getContacts(broken), SipParseError);
    const [raw] = l.registrar.transcript.entries().filter((e) => e.direction === "out");
    assert.match(raw?.raw ?? "", /^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/UDP 10\.0\.0\.1:5060;branch=z9hG4bK[^\r]+\r\nFrom: <sip:alice@example\.org>;tag=f1\r\nTo: <sip:alice@example\.org>;tag=[0-9a-f]{16}\r\n/);
    assert.match(raw?.raw ?? "", /\r\nContent-Length: 0\r\n\r\n$/);
    assert.equal((await l.send(register({ cseq: 2 }))).status, 200);
  });

  it("slow-200.yaml: answers after 5 s; the retransmissions meanwhile are absorbed", async () => {
    const l = await scripted("slow-200.yaml");
    const startMs = l.clock.now();
    const outcome = await l.outcome(register({ cseq: 1 }));
    assert.equal(outcome.kind === "response" && outcome.response.status, 200);
    assert.ok(l.clock.now() - startMs >= 5000);
    const entries = l.registrar.transcript.entries();
    const ins = entries.filter((e) => e.direction === "in");
    assert.ok(ins.length >= 4, `REGISTER plus Timer E copies at 0.5, 1.5 and 3.5 s (${ins.length})`);
    assert.equal(entries.filter((e) => e.direction === "out").length, 1);
  });

  it("carrier-refuse-fraction.yaml: refuses about a quarter with 503 and Retry-After, the same ones on every run", async () => {
    const run = async (): Promise<number[]> => {
      const l = await scripted("carrier-refuse-fraction.yaml");
      const statuses: number[] = [];
      for (let cseq = 1; cseq <= 200; cseq++) {
        const response = await l.send(register({ cseq }));
        if (response.status === 503) assert.equal(getRetryAfter(response)?.seconds, 5);
        statuses.push(response.status);
      }
      return statuses;
    };
    const first = await run();
    const refused = first.filter((status) => status === 503).length;
    assert.ok(refused >= 30 && refused <= 70, `${refused} of 200 refused`);
    assert.deepEqual(new Set(first), new Set([200, 503]));
    assert.deepEqual(await run(), first, "seeded: the same requests get the same answers");
  });

  it("carrier-rate-limit.yaml: the third REGISTER of an AOR within 60 s gets 503 with Retry-After 30; other AORs are not held back", async () => {
    const l = await scripted("carrier-rate-limit.yaml");
    const statuses = [];
    for (let cseq = 1; cseq <= 3; cseq++) statuses.push(await l.send(register({ cseq })));
    assert.deepEqual(statuses.map((r) => r.status), [200, 200, 503]);
    assert.equal(getRetryAfter(statuses[2]!)?.seconds, 30);
    assert.equal((await l.send(register({ cseq: 1, aor: "sip:bob@example.org", callId: "bob" }))).status, 200);
    await l.fake.tickAsync(60_000);
    assert.equal((await l.send(register({ cseq: 4 }))).status, 200, "a minute later the window has moved on");
  });

  it("carrier-silent-windows.yaml: answers before 50 s, leaves REGISTERs unanswered from 50 to 60 s, answers again after", async () => {
    const l = await scripted("carrier-silent-windows.yaml");
    assert.equal((await l.send(register({ cseq: 1 }))).status, 200);
    await l.fake.tickAsync(50_000 - (l.clock.now() - START));
    const silent = await l.outcome(register({ cseq: 2 }), 40_000);
    assert.equal(silent.kind, "timeout");
    const answered = await l.outcome(register({ cseq: 3 }));
    assert.equal(answered.kind === "response" && answered.response.status, 200, "at about 82 s the window is over");
  });

  it("carrier-restart.yaml: every binding is lost 300 s after start, then registering works again", async () => {
    const l = await scripted("carrier-restart.yaml");
    assert.equal((await l.send(register({ cseq: 1, expires: 3600 }))).status, 200);
    assert.equal((await l.send(register({ cseq: 1, aor: "sip:bob@example.org", callId: "bob" }))).status, 200);
    await l.fake.tickAsync(299_000);
    assert.equal(l.registrar.bindings().length, 2);
    await l.fake.tickAsync(1_000);
    assert.deepEqual(l.registrar.bindings(), []);
    assert.equal((await l.send(register({ cseq: 2, expires: 3600 }))).status, 200);
    assert.equal(l.registrar.bindings().length, 1);
  });

  it("carrier-random-grant.yaml: grants each REGISTER 300 to 900 s of its own choosing, never more than asked", async () => {
    const l = await scripted("carrier-random-grant.yaml");
    const granted = new Set<string>();
    for (let cseq = 1; cseq <= 20; cseq++) {
      const [[, expires] = ["", null]] = contactsOf(await l.send(register({ cseq, expires: 3600 })));
      const seconds = Number(expires);
      assert.ok(seconds >= 300 && seconds <= 900, `granted ${expires}`);
      granted.add(String(expires));
    }
    assert.ok(granted.size >= 5, `chosen per request: ${[...granted].join(", ")}`);
    assert.deepEqual(contactsOf(await l.send(register({ cseq: 21, expires: 120 }))), [["alice@10.0.0.1", "120"]]);
  });

  it("carrier-latency.yaml: every answer waits about 200 ms, never more than 400 ms", async () => {
    const l = await scripted("carrier-latency.yaml");
    const waits: number[] = [];
    for (let cseq = 1; cseq <= 30; cseq++) {
      const sentAt = l.clock.now();
      const outcome = await l.outcome(register({ cseq }));
      assert.equal(outcome.kind === "response" && outcome.response.status, 200);
      waits.push(l.clock.now() - sentAt);
    }
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    assert.ok(mean >= 140 && mean <= 260, `mean ${mean} ms of ${waits.join(", ")}`);
    assert.ok(Math.max(...waits) <= 410 && new Set(waits).size > 5, waits.join(", "));
  });
});
