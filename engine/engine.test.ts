process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createEngine } from "./index.js";
import { seededRandom } from "./random.js";
import { bucketOf, ModuleParamError } from "./registrant/index.js";
import { getCSeq, headerValue } from "./sip/index.js";
import { MemoryRegistrantStore } from "./store/memory-store.js";
import { MemoryNetwork, StaticResolver } from "./transport/index.js";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "./clock.js";
import { ENGINE_HOST, harness, headerNames, PROXY_HOST, REGISTRAR, row } from "../testkit/engine-harness.js";

const ALICE = "sip:alice@example.org";
const aliceId = { aor: ALICE, contact: `sip:alice@${ENGINE_HOST}:5060`, registrar: REGISTRAR };

function bareDeps() {
  const clock = fromFakeClock(createClock(0));
  const network = new MemoryNetwork({ clock });
  return {
    clock,
    transports: [network.bind("udp:10.0.0.1:5060")],
    resolver: new StaticResolver(),
    store: new MemoryRegistrantStore(),
    random: seededRandom(1),
  };
}

describe("createEngine: module parameters (§1.1, D4)", () => {
  for (const [param, value] of [
    ["hash_size", 0],
    ["hash_size", 21],
    ["reregister_expiry_percentage", 101],
    ["default_expires", 14],
    ["timer_interval", "ten"],
    ["transaction_timeout", 0],
    ["transaction_timeout", "soon"],
  ] as const) {
    it(`D4 refuses to start with ${param}=${JSON.stringify(value)}, naming the parameter`, () => {
      assert.throws(
        () => createEngine({ [param]: value }, bareDeps()),
        (error: unknown) => error instanceof ModuleParamError && error.param === param,
      );
    });
  }

  it("D4 timer_interval below 2^hash_size is refused (T=7, hash_size=3)", () => {
    assert.throws(() => createEngine({ timer_interval: 7, hash_size: 3 }, bareDeps()), (e: unknown) => e instanceof ModuleParamError && e.param === "timer_interval");
  });

  it("D4 / §3.2 the guide's example starts: T=8, hash_size=2 -> 4 buckets, one every 2 s", () => {
    const engine = createEngine({ timer_interval: 8, hash_size: 2 }, bareDeps());
    assert.equal(engine.params.bucketCount, 4);
    assert.equal(engine.params.visitPeriodSec, 2);
  });
});

describe("bucket timer (§3.2, C-HASH-3/4)", () => {
  it("§3.2 T=8, hash_size=2: bucket k is first visited at (k+1)*2 s, in order 0..3", async () => {
    // user4 -> 0, user3 -> 1, user1 -> 2, user0 -> 3 (core_hash & 3).
    const aors = ["sip:user4@example.org", "sip:user3@example.org", "sip:user1@example.org", "sip:user0@example.org"];
    aors.forEach((aor, bucket) => assert.equal(bucketOf(aor, 4), bucket));
    const h = harness({ config: { timer_interval: 8, hash_size: 2 }, rows: aors.map((aor) => row(aor, { username: null, password: null })) });
    h.registrar.script = (incoming) => incoming.createResponse(503);
    await h.engine.start();
    await h.until(17);
    const firstSends = h.registrar.received.map((r) => [headerValue(r.request, "To"), Math.floor(r.atMs / 1000)]);
    assert.deepEqual(firstSends, [
      ["<sip:user4@example.org>", 2],
      ["<sip:user3@example.org>", 4],
      ["<sip:user1@example.org>", 6],
      ["<sip:user0@example.org>", 8],
    ]);
    await h.engine.stop();
  });
});

describe("alice: challenged, registered, refreshed (§3.3, §5.4, D1, D27)", () => {
  it("D1 T=100, N=2, E=3600, P=100: REGISTERED at second 50, refresh at 3550 with the same Call-ID and CSeq 3", async () => {
    assert.equal(bucketOf(ALICE, 2), 0);
    const h = harness({ rows: [row(ALICE)] });
    await h.engine.start();
    await h.until(49);
    assert.equal(h.registrar.received.length, 0, "nothing before the first visit of bucket 0");
    await h.until(51);
    assert.deepEqual(
      h.events.map((e) => [e.name, e.atSec]),
      [
        ["E_REGISTRANT_REGISTERING", 50],
        ["E_REGISTRANT_AUTHENTICATING", 50],
        ["E_REGISTRANT_REGISTERED", 50],
      ],
    );
    const listed = h.engine.list(aliceId).Registrant;
    assert.equal(listed.state, "REGISTERED_STATE");
    assert.equal(listed.registration_t_out, "Thu Jan  1 00:59:10 1970", "TO = 50 + 3600 - 100 = 3550");
    const callId = headerValue(h.registrar.received[0]!.request, "Call-ID");
    await h.until(3549);
    assert.equal(h.registrar.received.length, 2);
    await h.until(3551);
    const refresh = h.registrar.received[2]!;
    assert.equal(Math.floor(refresh.atMs / 1000), 3550);
    assert.equal(headerValue(refresh.request, "Call-ID"), callId);
    assert.equal(getCSeq(refresh.request).seq, 3);
    assert.equal(headerValue(refresh.request, "Authorization"), null, "§5.2: every refresh starts without credentials");
    await h.engine.stop();
  });
});

describe("the REGISTER on the wire (§6.1, D18, D19)", () => {
  it("§6.1 headers in OpenSIPS order after the Via; Request-URI is the registrar; Contact carries expires=W", async () => {
    const h = harness({ rows: [row(ALICE)], config: { user_agent: "uacreg-test" } });
    await h.engine.start();
    await h.until(51);
    const [first, second] = h.registrar.received;
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(first.request.method, "REGISTER");
    assert.equal(first.request.uri.kind === "sip" ? first.request.uri.host : "", "example.org");
    assert.deepEqual(headerNames(first.request), ["Via", "To", "From", "CSeq", "Call-ID", "Max-Forwards", "Content-Length", "User-Agent", "Contact"]);
    assert.deepEqual(headerNames(second.request), [...headerNames(first.request), "Authorization"]);
    assert.equal(headerValue(first.request, "To"), `<${ALICE}>`);
    assert.match(headerValue(first.request, "From") ?? "", /^<sip:alice@example\.org>;tag=[0-9a-f]{5}$/);
    assert.match(headerValue(first.request, "Call-ID") ?? "", /^[0-9a-f]{27}$/);
    assert.equal(headerValue(first.request, "CSeq"), "1 REGISTER");
    assert.equal(headerValue(first.request, "User-Agent"), "uacreg-test");
    assert.equal(headerValue(first.request, "Contact"), `<sip:alice@${ENGINE_HOST}:5060>;expires=3600`);
    assert.match(headerValue(first.request, "Via") ?? "", /^SIP\/2\.0\/UDP 10\.0\.0\.1:5060;branch=z9hG4bK/);
    await h.engine.stop();
  });

  it("D18 the outbound proxy is the next hop only: no Route, Request-URI stays the registrar, reg_list shows dst", async () => {
    const h = harness({ rows: [row(ALICE, { proxy: "sip:proxy.example.org" })] });
    await h.engine.start();
    await h.until(51);
    assert.equal(h.registrar.received.length, 0);
    assert.equal(h.proxy.received.length, 2);
    const request = h.proxy.received[0]!.request;
    assert.equal(headerValue(request, "Route"), null);
    assert.equal(request.uri.kind === "sip" ? request.uri.host : "", "example.org");
    const listed = h.engine.list({ ...aliceId }).Registrant;
    assert.equal(listed.state, "REGISTERED_STATE");
    assert.equal(listed.proxy, "sip:proxy.example.org");
    assert.equal(listed.dst_IP, "IPv4");
    assert.equal(listed.ip, PROXY_HOST);
    await h.engine.stop();
  });

  it("D19 the forced socket is the source of the request; reg_list shows it", async () => {
    const h = harness({
      sockets: [`udp:${ENGINE_HOST}:5060`, `udp:${ENGINE_HOST}:5070`],
      rows: [row(ALICE, { forced_socket: `udp:${ENGINE_HOST}:5070` })],
    });
    await h.engine.start();
    await h.until(51);
    assert.deepEqual(h.registrar.received.map((r) => r.source.port), [5070, 5070]);
    assert.equal(h.engine.list(aliceId).Registrant.socket, `udp:${ENGINE_HOST}:5070`);
    await h.engine.stop();
  });

  it("D19 a forced socket that is not listening rejects the row at start-up, the others load", async () => {
    const h = harness({ rows: [row(ALICE, { forced_socket: `udp:${ENGINE_HOST}:5999` }), row("sip:bob@example.org")] });
    const report = await h.engine.start();
    assert.equal(report.loaded, 1);
    assert.deepEqual(report.rejected.map((r) => [r.index, r.param]), [[0, "forced_socket"]]);
    await h.engine.stop();
  });
});

describe("outcomes (D15, D25)", () => {
  it("D25 a transport error (TCP connection refused) is INTERNAL_ERROR at once, TO as D5", async () => {
    const h = harness({ sockets: [`udp:${ENGINE_HOST}:5060`, `tcp:${ENGINE_HOST}:5060`], rows: [row(ALICE, { registrar: "sip:example.org;transport=tcp" })] });
    await h.engine.start();
    await h.until(50);
    const id = { ...aliceId, registrar: "sip:example.org;transport=tcp" };
    const listed = h.engine.list(id).Registrant;
    assert.equal(listed.state, "INTERNAL_ERROR_STATE");
    assert.equal(listed.registration_t_out, "Thu Jan  1 00:59:10 1970", "TO = 50 + 3600 - 100");
    assert.deepEqual(h.events.map((e) => [e.name, e.atSec]), [["E_REGISTRANT_REGISTERING", 50], ["E_REGISTRANT_INTERNAL_ERROR", 50]]);
    await h.engine.stop();
  });

  it("D25 / §6.5 a next hop that does not resolve is a local send failure: INTERNAL_ERROR", async () => {
    const h = harness({ rows: [row(ALICE, { registrar: "sip:nowhere.example.net" })] });
    await h.engine.start();
    await h.until(50);
    assert.equal(h.engine.list({ ...aliceId, registrar: "sip:nowhere.example.net" }).Registrant.state, "INTERNAL_ERROR_STATE");
    await h.engine.stop();
  });

  it("D15 / D25 the transaction's final timeout (transaction_timeout) reaches the FSM as REGISTER_TIMEOUT", async () => {
    const h = harness({ rows: [row(ALICE)], config: { transaction_timeout: 10 } });
    h.registrar.script = () => "silent";
    await h.engine.start();
    await h.until(59);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERING_STATE");
    await h.until(61);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTER_TIMEOUT_STATE");
    assert.deepEqual(h.events.at(-1), { name: "E_REGISTRANT_REGISTER_TIMEOUT", params: { aor: ALICE, contact: aliceId.contact, registrar: REGISTRAR }, atSec: 60 });
    await h.engine.stop();
  });

  it("D15 a reply to a record that was replaced meanwhile is ignored (upsert while REGISTERING)", async () => {
    const h = harness({ rows: [row(ALICE)] });
    let hold: (() => void) | null = null;
    h.registrar.script = (incoming, registrar) => {
      hold = () => void incoming.respond(registrar.defaultResponse(incoming));
      return "silent";
    };
    await h.engine.start();
    await h.until(50);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERING_STATE");
    await h.engine.upsert(row(ALICE, { expiry: 1800 }));
    (hold as (() => void) | null)?.();
    await h.until(52);
    const listed = h.engine.list(aliceId).Registrant;
    assert.equal(listed.state, "NOT_REGISTERED_STATE", "the 401 of the old record's REGISTER changed nothing");
    assert.equal(listed.expires, 1800);
    assert.equal(h.registrar.received.length, 1, "no authenticated retry for the replaced record");
    await h.engine.stop();
  });
});

describe("start and stop (§1.2, §13, D22)", () => {
  it("§13 / D22 one bad row never stops the others: rejected rows come back with the column and reason", async () => {
    const h = harness({
      rows: [
        row(ALICE),
        row("sip:bob@example.org", { registrar: "sip:user@example.org" }),
        row("sip:carol@example.org", { cluster_shtag: "tag/abc" }),
        row("sip:dave@example.org", { expiry: 50 }),
        { aor: null, contact: "sip:x@10.0.0.1", registrar: REGISTRAR },
      ],
    });
    const report = await h.engine.start();
    assert.equal(report.loaded, 1);
    assert.deepEqual(
      report.rejected.map((r) => [r.index, r.aor, r.param]),
      [
        [1, "sip:bob@example.org", "registrar"],
        [2, "sip:carol@example.org", "cluster_shtag"],
        [3, "sip:dave@example.org", "expiry"],
        [4, null, "aor"],
      ],
    );
    assert.match(report.rejected[0]!.reason, /user part/);
    assert.equal(h.logger.lines.filter((l) => l.level === "warn").length, 4);
    await h.engine.stop();
  });

  it("§1.2 stop ends the timer and sends no unREGISTER", async () => {
    const h = harness({ rows: [row(ALICE)] });
    await h.engine.start();
    await h.until(51);
    const before = h.registrar.received.length;
    await h.engine.stop();
    await h.until(10_000);
    assert.equal(h.registrar.received.length, before);
  });

  it("store failure at start-up rejects with store_failed", async () => {
    const h = harness();
    h.store.loadAll = () => Promise.reject(new Error("database is down"));
    await assert.rejects(h.engine.start(), (e: unknown) => e instanceof Error && "code" in e && e.code === "store_failed");
  });

  it("§10 / C-EV-1 events carry aor, contact and registrar, after the state change", async () => {
    const h = harness({ rows: [row(ALICE)] });
    await h.engine.start();
    const seen: string[] = [];
    h.engine.onEvent((event) => seen.push(`${event.name}:${h.engine.list(aliceId).Registrant.state}`));
    await h.until(51);
    assert.deepEqual(seen, [
      "E_REGISTRANT_REGISTERING:REGISTERING_STATE",
      "E_REGISTRANT_AUTHENTICATING:AUTHENTICATING_STATE",
      "E_REGISTRANT_REGISTERED:REGISTERED_STATE",
    ]);
    assert.deepEqual(h.events[0]?.params, { aor: ALICE, contact: aliceId.contact, registrar: REGISTRAR });
    await h.engine.stop();
  });
});

describe("run log (ARCHITECTURE.md layer 9)", () => {
  it("records every state change, event and SIP exchange with its time, in order", async () => {
    const h = harness({ rows: [row(ALICE)] });
    await h.engine.start();
    await h.until(51);
    const entries = h.runLog.entries();
    assert.deepEqual(
      entries.map((e) => [e.kind, Math.floor(e.atMs / 1000), e.kind === "state" ? e.to : e.kind === "event" ? e.name : e.kind === "sip-in" ? e.status : e.cseq]),
      [
        ["state", 50, "REGISTERING_STATE"],
        ["event", 50, "E_REGISTRANT_REGISTERING"],
        ["sip-out", 50, 1],
        ["sip-in", 50, 401],
        ["state", 50, "AUTHENTICATING_STATE"],
        ["event", 50, "E_REGISTRANT_AUTHENTICATING"],
        ["sip-out", 50, 2],
        ["sip-in", 50, 200],
        ["state", 50, "REGISTERED_STATE"],
        ["event", 50, "E_REGISTRANT_REGISTERED"],
      ],
    );
    assert.ok(entries.every((e) => e.aor === ALICE && e.contact === aliceId.contact && e.registrar === REGISTRAR));
    await h.engine.stop();
  });

  it("onRule hears the row behind every step, rows that change nothing included", async () => {
    const h = harness({ config: { timer_interval: 100, hash_size: 1 }, rows: [row(ALICE)], runLog: false });
    await h.engine.start();
    await h.until(151);
    await h.engine.enable(aliceId);
    // alice is in bucket 0 of 2: visited on seconds 50 (registered) and 150 (not due).
    assert.deepEqual(h.rules, [
      `${ALICE} visit-register`,
      `${ALICE} auth-register`,
      `${ALICE} 2xx-registered`,
      `${ALICE} visit-not-due`,
      `${ALICE} enable-already`,
    ]);
    await h.engine.stop();
  });

  it("is off unless asked for", async () => {
    const h = harness({ rows: [row(ALICE)], runLog: false });
    await h.engine.start();
    await h.until(51);
    assert.equal(h.runLog.lines.length, 0);
    await h.engine.stop();
  });

  it("§8 a failed state-column write is logged and the operation still succeeds", async () => {
    const h = harness({ rows: [row(ALICE)] });
    h.store.writeState = () => Promise.reject(new Error("read-only"));
    await h.engine.start();
    await h.engine.disable(aliceId);
    assert.equal(h.engine.list(aliceId).Registrant.enabled, "no");
    assert.ok(h.logger.lines.some((l) => l.level === "warn" && l.msg === "state column write failed"));
    await h.engine.stop();
  });
});
