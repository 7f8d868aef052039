import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAuthValues, getContacts, getMinExpires, headerValue, headerValues, type SipResponse } from "../engine/sip/index.js";
import { AOR, authorized, CONTACT, lab, rawRequest, register, statusOf, USERS_FILE, type Lab } from "../testkit/simulator-lab.js";

const ALICE = { username: "alice", password: "wonderland" };

/** The `expires` of each Contact in a 200, in order. */
function contactExpires(response: SipResponse): number[] {
  const contacts = getContacts(response);
  assert.equal(contacts.wildcard, false);
  return contacts.wildcard ? [] : contacts.contacts.map((c) => Number(c.params.find(([n]) => n === "expires")?.[1]));
}

/** 401, then the authorized REGISTER; gives the second answer. */
async function registerAlice(l: Lab, init: Parameters<typeof register>[0] = { cseq: 1 }): Promise<SipResponse> {
  const challenged = await l.send(register(init));
  assert.equal(challenged.status, 401);
  const { request } = authorized({ ...init, cseq: init.cseq + 1 }, challenged, ALICE, l.random);
  return l.send(request);
}

describe("registrar: bindings (RFC 3261 §10.3 steps 6-8)", () => {
  it("binds a Contact and lists it in the 200 with its expires and a Date", async () => {
    const l = lab();
    const response = await l.send(register({ cseq: 1, expires: 600 }));
    assert.equal(response.status, 200);
    assert.deepEqual(contactExpires(response), [600]);
    assert.equal(headerValue(response, "Date"), "Thu, 01 Jan 2026 00:00:00 GMT");
    const [binding] = l.registrar.bindings(AOR);
    assert.equal(binding?.contact, CONTACT);
    assert.equal(binding?.expiresSec, 600);
    assert.equal(binding?.cseq, 1);
  });

  it("shows the remaining time as simulated time passes, and drops the binding once expired", async () => {
    const l = lab();
    await l.send(register({ cseq: 1, expires: 600 }));
    await l.fake.tickAsync(200_000);
    const query = await l.send(register({ cseq: 2, contacts: [] }));
    assert.deepEqual(contactExpires(query), [400]);
    await l.fake.tickAsync(400_000);
    assert.deepEqual(l.registrar.bindings(), []);
    const after = await l.send(register({ cseq: 3, contacts: [] }));
    assert.equal(after.status, 200);
    assert.deepEqual(headerValues(after, "Contact"), []);
  });

  it("takes the Contact expires parameter over the Expires header, and the default when neither is given", async () => {
    const l = lab({ defaultExpiresSec: 1800 });
    const response = await l.send(
      register({ cseq: 1, contacts: ["<sip:a@10.0.0.1:5060>;expires=120", "<sip:b@10.0.0.1:5060>"], expires: 300 }),
    );
    assert.deepEqual(contactExpires(response), [120, 300]);
    const defaulted = await l.send(register({ cseq: 2, callId: "other", contacts: ["<sip:c@10.0.0.1:5060>"] }));
    assert.deepEqual(contactExpires(defaulted), [120, 300, 1800]);
  });

  it("answers 423 with Min-Expires below the minimum and binds nothing", async () => {
    const l = lab({ minExpiresSec: 60 });
    const response = await l.send(register({ cseq: 1, expires: 30 }));
    assert.equal(response.status, 423);
    assert.equal(getMinExpires(response), 60);
    assert.deepEqual(l.registrar.bindings(), []);
    assert.equal((await l.send(register({ cseq: 2, expires: 60 }))).status, 200);
  });

  it("never answers 423 to a removal (expires 0)", async () => {
    const l = lab({ minExpiresSec: 60 });
    await l.send(register({ cseq: 1, expires: 60 }));
    const removal = await l.send(register({ cseq: 2, expires: 0 }));
    assert.equal(removal.status, 200);
    assert.deepEqual(l.registrar.bindings(), []);
  });

  it("shortens an interval above the maximum", async () => {
    const l = lab({ maxExpiresSec: 900 });
    const response = await l.send(register({ cseq: 1, contacts: [`${CONTACT};expires=7200`] }));
    assert.deepEqual(contactExpires(response), [900]);
  });

  it("refreshes a binding matched by URI comparison and removes one with expires 0", async () => {
    const l = lab();
    await l.send(register({ cseq: 1, contacts: ["<sip:alice@10.0.0.1:5060;transport=udp>", "<sip:second@10.0.0.1>"], expires: 600 }));
    await l.fake.tickAsync(100_000);
    const refreshed = await l.send(register({ cseq: 2, contacts: ["<sip:alice@10.0.0.1:5060;TRANSPORT=UDP>"], expires: 600 }));
    assert.deepEqual(contactExpires(refreshed), [600, 500]);
    const removed = await l.send(register({ cseq: 3, contacts: ["<sip:second@10.0.0.1>;expires=0"] }));
    assert.deepEqual(contactExpires(removed), [600]);
    assert.equal(l.registrar.bindings().length, 1);
  });

  it("removes every binding of the AOR with Contact: * and Expires: 0", async () => {
    const l = lab();
    await l.send(register({ cseq: 1, contacts: ["<sip:a@10.0.0.1>", "<sip:b@10.0.0.1>"] }));
    await l.send(register({ cseq: 1, aor: "sip:bob@example.org" }));
    const response = await l.send(register({ cseq: 2, contacts: ["*"], expires: 0 }));
    assert.equal(response.status, 200);
    assert.deepEqual(headerValues(response, "Contact"), []);
    assert.deepEqual(l.registrar.bindings(AOR), []);
    assert.equal(l.registrar.bindings("sip:bob@example.org").length, 1, "other AORs keep theirs");
  });

  it("answers 400 to Contact: * without Expires: 0, or beside another Contact", async () => {
    const l = lab();
    const withoutZero = await l.send(register({ cseq: 1, contacts: ["*"], expires: 60 }));
    assert.equal(withoutZero.status, 400);
    assert.match(withoutZero.reason, /Expires header of 0/);
    const mixed = await l.send(register({ cseq: 2, contacts: ["*", CONTACT], expires: 0 }));
    assert.equal(mixed.status, 400);
    assert.match(mixed.reason, /only Contact/);
  });

  it("answers 500 to a CSeq not above the stored one on the same Call-ID, and accepts it on another Call-ID", async () => {
    const l = lab();
    await l.send(register({ cseq: 5, expires: 600 }));
    const old = await l.send(register({ cseq: 4, expires: 300 }));
    assert.equal(old.status, 500);
    assert.match(old.reason, /CSeq 4 is not above 5/);
    assert.equal(l.registrar.bindings()[0]?.expiresSec, 600, "nothing changed");
    const replay = await l.send(register({ cseq: 5, contacts: ["*"], expires: 0 }));
    assert.equal(replay.status, 500, "the wildcard checks ordering too");
    const otherCall = await l.send(register({ cseq: 1, callId: "call-2@client", expires: 300 }));
    assert.equal(otherCall.status, 200);
    assert.deepEqual(contactExpires(otherCall), [300]);
  });

  it("keeps AORs apart and compares them canonically (no parameters, host case-insensitive)", async () => {
    const l = lab();
    await l.send(register({ cseq: 1, aor: "sip:alice@EXAMPLE.org;transport=udp" }));
    assert.equal(l.registrar.bindings(AOR).length, 1);
    assert.equal(l.registrar.bindings()[0]?.aor, "sip:alice@example.org");
    assert.equal(l.registrar.bindings("sip:carol@example.org").length, 0);
  });
});

describe("registrar: requests it cannot serve", () => {
  it("answers 400 naming a Contact or Expires that does not parse, and keeps serving", async () => {
    const l = lab();
    const badContact = await l.send(register({ cseq: 1, contacts: ["<sip:alice@>"] }));
    assert.equal(badContact.status, 400);
    assert.match(badContact.reason, /Contact/);
    const badExpires = await l.send(register({ cseq: 2, expires: "soon" }));
    assert.equal(badExpires.status, 400);
    assert.match(badExpires.reason, /Expires/);
    const badParam = await l.send(register({ cseq: 3, contacts: [`${CONTACT};expires=later`] }));
    assert.equal(badParam.status, 400);
    assert.match(badParam.reason, /Contact 1 has an expires parameter/);
    assert.equal((await l.send(register({ cseq: 4 }))).status, 200);
  });

  it("answers 404 for an AOR that is not a SIP URI", async () => {
    const l = lab();
    const response = await l.send(register({ cseq: 1, aor: "tel:+15551234" }));
    assert.equal(response.status, 404);
  });

  it("answers 420 with Unsupported to a Require it does not support", async () => {
    const l = lab();
    const response = await l.send(register({ cseq: 1, headers: [["Require", "path"]] }));
    assert.equal(response.status, 420);
    assert.equal(headerValue(response, "Unsupported"), "path");
  });

  it("answers OPTIONS with 200 and INVITE with 405 and Allow", async () => {
    const l = lab({ users: USERS_FILE });
    const common = ["From: <sip:x@10.0.0.3>;tag=1", "To: <sip:example.org>", "Call-ID: raw-1", "Max-Forwards: 70"];
    const options = await l.sendRaw(rawRequest("OPTIONS sip:example.org SIP/2.0", [...common, "CSeq: 1 OPTIONS"]));
    assert.equal(options.length, 1);
    assert.equal(statusOf(options[0]!), 200);
    assert.match(options[0]!, /\r\nAllow: REGISTER, OPTIONS\r\n/);
    const invite = await l.sendRaw(rawRequest("INVITE sip:alice@example.org SIP/2.0", [...common, "CSeq: 2 INVITE"]));
    assert.equal(statusOf(invite[0]!), 405);
    assert.match(invite[0]!, /\r\nAllow: REGISTER, OPTIONS\r\n/);
  });

  it("answers a REGISTER whose CSeq does not parse with a 400 naming it, and keeps serving", async () => {
    const l = lab();
    const common = ["From: <sip:x@10.0.0.3>;tag=1", "To: <sip:x@example.org>", "Call-ID: raw-2", "Max-Forwards: 70"];
    const replies = await l.sendRaw(rawRequest("REGISTER sip:example.org SIP/2.0", [...common, "CSeq: one REGISTER"]));
    assert.equal(replies.length, 1);
    assert.equal(statusOf(replies[0]!), 400);
    assert.match(replies[0]!, /^SIP\/2\.0 400 Bad CSeq: /);
    assert.equal((await l.send(register({ cseq: 1 }))).status, 200);
  });

  it("drops bytes that are not SIP, and keeps serving", async () => {
    const l = lab();
    assert.deepEqual(await l.sendRaw("this is not SIP\r\n\r\n"), []);
    assert.equal((await l.send(register({ cseq: 1 }))).status, 200);
  });
});

describe("registrar: digest (RFC 3261 §22, RFC 7616)", () => {
  it("challenges, verifies the answer, and lists the binding in the 200", async () => {
    const l = lab({ users: USERS_FILE, auth: { algorithms: ["SHA-256"], opaque: true } });
    const challenged = await l.send(register({ cseq: 1, expires: 600 }));
    assert.equal(challenged.status, 401);
    const [challenge] = getAuthValues(challenged, "WWW-Authenticate");
    assert.equal(challenge?.params.get("realm"), "example.org");
    assert.equal(challenge?.params.get("algorithm"), "SHA-256");
    assert.equal(challenge?.params.get("qop"), "auth");
    assert.match(challenge?.params.get("opaque") ?? "", /^[0-9a-f]{16}$/);
    const { request } = authorized({ cseq: 2, expires: 600 }, challenged, ALICE, l.random);
    const response = await l.send(request);
    assert.equal(response.status, 200);
    assert.deepEqual(contactExpires(response), [600]);
  });

  it("offers several algorithms as several WWW-Authenticate headers sharing one nonce", async () => {
    const l = lab({ users: USERS_FILE, auth: { algorithms: ["SHA-256", "MD5"] } });
    const challenged = await l.send(register({ cseq: 1 }));
    const challenges = getAuthValues(challenged, "WWW-Authenticate");
    assert.equal(headerValues(challenged, "WWW-Authenticate").length, 2);
    assert.deepEqual(challenges.map((c) => c.params.get("algorithm")), ["SHA-256", "MD5"]);
    assert.equal(challenges[0]?.params.get("nonce"), challenges[1]?.params.get("nonce"));
    const { request } = authorized({ cseq: 2 }, challenged, ALICE, l.random);
    assert.equal((await l.send(request)).status, 200);
  });

  it("challenges each configured realm", async () => {
    const users = `${USERS_FILE}\n[other.example]\nalice other-secret\n`;
    const l = lab({ users, auth: { realms: ["other.example", "example.org"] } });
    const challenged = await l.send(register({ cseq: 1 }));
    assert.deepEqual(getAuthValues(challenged, "WWW-Authenticate").map((c) => c.params.get("realm")), ["other.example", "example.org"]);
    const { request } = authorized({ cseq: 2 }, challenged, { username: "alice", password: "other-secret" }, l.random);
    assert.equal((await l.send(request)).status, 200);
  });

  it("accepts answers without qop and with auth-int when those are offered", async () => {
    const none = lab({ users: USERS_FILE, auth: { qop: [] } });
    const first = await none.send(register({ cseq: 1 }));
    assert.equal(getAuthValues(first, "WWW-Authenticate")[0]?.params.has("qop"), false);
    assert.equal((await none.send(authorized({ cseq: 2 }, first, ALICE, none.random).request)).status, 200);
    const integrity = lab({ users: USERS_FILE, auth: { qop: ["auth-int"], algorithms: ["SHA-512-256-sess"] } });
    const init = { cseq: 1, body: "hello", headers: [["Content-Type", "text/plain"]] as const };
    const challenged = await integrity.send(register(init));
    const { request } = authorized({ ...init, cseq: 2 }, challenged, ALICE, integrity.random);
    assert.equal((await integrity.send(request)).status, 200);
  });

  it("verifies against an HA1 from the users file", async () => {
    const { createHash } = await import("node:crypto");
    const ha1 = createHash("md5").update("bob:example.org:builder").digest("hex");
    const l = lab({ users: `[example.org]\nbob 0x${ha1}\n` });
    const init = { cseq: 1, aor: "sip:bob@example.org" };
    const challenged = await l.send(register(init));
    const { request } = authorized({ ...init, cseq: 2 }, challenged, { username: "bob", password: "builder" }, l.random);
    assert.equal((await l.send(request)).status, 200);
  });

  it("answers a right digest on an expired nonce with a new challenge carrying stale=true", async () => {
    const l = lab({ users: USERS_FILE, auth: { nonceLifetimeSec: 30 } });
    const challenged = await l.send(register({ cseq: 1 }));
    await l.fake.tickAsync(31_000);
    const late = await l.send(authorized({ cseq: 2 }, challenged, ALICE, l.random).request);
    assert.equal(late.status, 401);
    assert.equal(getAuthValues(late, "WWW-Authenticate")[0]?.params.get("stale"), "true");
    const again = await l.send(authorized({ cseq: 3 }, late, ALICE, l.random).request);
    assert.equal(again.status, 200);
  });

  it("accepts a nonce again with a higher nc, and challenges a replayed nc", async () => {
    const l = lab({ users: USERS_FILE });
    const challenged = await l.send(register({ cseq: 1 }));
    const first = authorized({ cseq: 2 }, challenged, ALICE, l.random);
    assert.equal((await l.send(first.request)).status, 200);
    const second = authorized({ cseq: 3 }, challenged, { ...ALICE, nonceCount: first.nonceCount }, l.random);
    assert.equal((await l.send(second.request)).status, 200);
    const replayed = authorized({ cseq: 4 }, challenged, ALICE, l.random);
    const response = await l.send(replayed.request);
    assert.equal(response.status, 401);
    assert.equal(getAuthValues(response, "WWW-Authenticate")[0]?.params.has("stale"), false);
  });

  it("answers a wrong password or an unknown user with 403 by default", async () => {
    const l = lab({ users: USERS_FILE });
    const challenged = await l.send(register({ cseq: 1 }));
    const wrong = await l.send(authorized({ cseq: 2 }, challenged, { username: "alice", password: "looking-glass" }, l.random).request);
    assert.equal(wrong.status, 403);
    const unknown = await l.send(authorized({ cseq: 3 }, challenged, { username: "mallory", password: "x" }, l.random).request);
    assert.equal(unknown.status, 403);
    assert.deepEqual(l.registrar.bindings(), []);
  });

  it("answers wrong credentials with a new challenge when so configured", async () => {
    const l = lab({ users: USERS_FILE, auth: { wrongCredentials: "challenge" } });
    const challenged = await l.send(register({ cseq: 1 }));
    const wrong = await l.send(authorized({ cseq: 2 }, challenged, { username: "alice", password: "looking-glass" }, l.random).request);
    assert.equal(wrong.status, 401);
    assert.notEqual(
      getAuthValues(wrong, "WWW-Authenticate")[0]?.params.get("nonce"),
      getAuthValues(challenged, "WWW-Authenticate")[0]?.params.get("nonce"),
    );
  });

  it("challenges with 407 and Proxy-Authenticate, and reads Proxy-Authorization, when so configured", async () => {
    const l = lab({ users: USERS_FILE, auth: { status: 407 } });
    const challenged = await l.send(register({ cseq: 1 }));
    assert.equal(challenged.status, 407);
    assert.equal(getAuthValues(challenged, "Proxy-Authenticate").length, 1);
    assert.deepEqual(getAuthValues(challenged, "WWW-Authenticate"), []);
    const { request } = authorized({ cseq: 2 }, challenged, ALICE, l.random);
    assert.equal(headerValues(request, "Proxy-Authorization").length, 1);
    assert.equal((await l.send(request)).status, 200);
  });

  it("refuses credentials whose opaque does not echo the one sent", async () => {
    const l = lab({ users: USERS_FILE, auth: { opaque: "fixed-opaque" } });
    const challenged = await l.send(register({ cseq: 1 }));
    const tampered = structuredClone(challenged);
    tampered.headers = tampered.headers.map((h) => (h.name === "WWW-Authenticate" ? { ...h, value: h.value.replace("fixed-opaque", "other") } : h));
    assert.equal((await l.send(authorized({ cseq: 2 }, tampered, ALICE, l.random).request)).status, 403);
  });

  it("answers 400 naming the field of credentials that are malformed", async () => {
    const l = lab({ users: USERS_FILE });
    const response = await l.send(register({ cseq: 1, headers: [["Authorization", 'Digest username="alice", realm="example.org"']] }));
    assert.equal(response.status, 400);
    assert.match(response.reason, /nonce is missing/);
  });

  it("an authorized registration refreshes and expires like any other", async () => {
    const l = lab({ users: USERS_FILE });
    const response = await registerAlice(l, { cseq: 1, expires: 120 });
    assert.deepEqual(contactExpires(response), [120]);
    await l.fake.tickAsync(120_000);
    assert.deepEqual(l.registrar.bindings(), []);
  });
});

describe("registrar: transcript", () => {
  it("records every message in and out with time, peer, raw text and summary, and draws a ladder", async () => {
    const l = lab({ users: USERS_FILE });
    await registerAlice(l);
    const entries = l.registrar.transcript.entries();
    assert.deepEqual(entries.map((e) => e.direction), ["in", "out", "in", "out"]);
    assert.equal(entries[0]?.peer, "udp:10.0.0.1:5060");
    assert.equal(entries[0]?.local, "udp:10.0.0.2:5060");
    assert.match(entries[0]?.raw ?? "", /^REGISTER sip:example.org SIP\/2.0\r\n/);
    assert.equal(entries[1]?.summary, "401 Unauthorized CSeq 1 REGISTER (challenge MD5)");
    assert.equal(entries[2]?.summary, "REGISTER sip:example.org CSeq 2 (Authorization; Contact 1)");
    assert.equal(entries[3]?.summary, "200 OK CSeq 2 REGISTER (Contact 1)");
    const ladder = l.registrar.transcript.ladder();
    assert.match(ladder, /^ladder from 2026-01-01T00:00:00\.000Z\n/);
    assert.match(ladder, /udp:10\.0\.0\.1:5060  ── REGISTER sip:example\.org CSeq 1 \(Contact 1\) ─+▶  udp:10\.0\.0\.2:5060/);
    assert.match(ladder, /◀─ 200 OK CSeq 2 REGISTER \(Contact 1\) ─+  udp:10\.0\.0\.2:5060/);
    const json = JSON.parse(JSON.stringify(l.registrar.transcript)) as { entries: unknown[]; capacity: number };
    assert.equal(json.entries.length, 4);
    assert.equal(json.capacity, 1000);
  });

  it("records unparsable bytes too", async () => {
    const l = lab();
    await l.sendRaw("garbage\r\n\r\n");
    const [entry] = l.registrar.transcript.entries();
    assert.match(entry?.summary ?? "", /^unparsable: /);
  });

  it("can be turned off", async () => {
    const l = lab({ transcript: { capacity: 0 } });
    await l.send(register({ cseq: 1 }));
    assert.deepEqual(l.registrar.transcript.entries(), []);
  });
});
