import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Via } from "../sip/index.js";
import type { SocketName } from "../transport/index.js";
import {
  bareHost,
  clientTransactionKey,
  receivedViaParams,
  responseDestination,
  serverTransactionKey,
  viaHost,
  type LegacyRequestIdentity,
} from "./addressing.js";

function via(host: string, port: number | null, params: Via["params"]): Via {
  return { protocolVersion: "SIP/2.0", transport: "UDP", host, port, params };
}

const source: SocketName = { protocol: "udp", host: "192.0.2.7", port: 40_000 };
const legacy = (callId: string) => (): LegacyRequestIdentity => ({
  requestUri: "sip:example.com",
  toTag: null,
  fromTag: "f",
  callId,
  cseq: "1 REGISTER",
  topVia: "SIP/2.0/UDP h",
});

describe("transaction addressing (RFC 3261 §17.1.3, §17.2.3, §18.2)", () => {
  it("writes IPv6 hosts in brackets and compares hosts without them", () => {
    assert.equal(viaHost("2001:db8::1"), "[2001:db8::1]");
    assert.equal(viaHost("[2001:db8::1]"), "[2001:db8::1]");
    assert.equal(viaHost("10.0.0.1"), "10.0.0.1");
    assert.equal(bareHost("[2001:DB8::1]"), "2001:db8::1");
  });

  it("answers UDP to the source address and the sent-by port, or the source port with rport", () => {
    assert.deepEqual(responseDestination(via("pbx.example.com", 5070, []), source, false), { host: "192.0.2.7", port: 5070 });
    assert.deepEqual(responseDestination(via("192.0.2.7", null, []), source, false), { host: "192.0.2.7", port: 5060 });
    assert.deepEqual(responseDestination(via("10.0.0.1", 5060, [["rport", null]]), source, false), {
      host: "192.0.2.7",
      port: 40_000,
    });
  });

  it("answers a stream request to its source, where the connection is", () => {
    const tcp: SocketName = { protocol: "tcp", host: "192.0.2.7", port: 51_000 };
    assert.deepEqual(responseDestination(via("10.0.0.1", 5060, []), tcp, true), { host: "192.0.2.7", port: 51_000 });
  });

  it("stamps received when the sent-by host differs, and fills rport when asked", () => {
    assert.deepEqual(receivedViaParams(via("10.0.0.1", 5060, [["branch", "z9hG4bKa"], ["rport", null]]), source), [
      ["branch", "z9hG4bKa"],
      ["rport", "40000"],
      ["received", "192.0.2.7"],
    ]);
    assert.deepEqual(receivedViaParams(via("192.0.2.7", 5060, [["branch", "z9hG4bKa"], ["received", "forged"]]), source), [
      ["branch", "z9hG4bKa"],
    ]);
  });

  it("keys client transactions by branch and CSeq method", () => {
    assert.notEqual(clientTransactionKey("z9hG4bKa", "REGISTER"), clientTransactionKey("z9hG4bKa", "OPTIONS"));
    assert.equal(clientTransactionKey("z9hG4bKa", "REGISTER"), clientTransactionKey("z9hG4bKa", "REGISTER"));
  });

  it("keys server transactions by branch, sent-by and method; ACK goes with its INVITE", () => {
    const a = via("10.0.0.1", 5060, [["branch", "z9hG4bKa"]]);
    const key = serverTransactionKey(a, "REGISTER", legacy("c1"));
    assert.equal(serverTransactionKey(via("10.0.0.1", 5060, [["branch", "z9hG4bKa"], ["rport", null]]), "REGISTER", legacy("c2")), key);
    assert.notEqual(serverTransactionKey(via("10.0.0.2", 5060, [["branch", "z9hG4bKa"]]), "REGISTER", legacy("c1")), key);
    assert.notEqual(serverTransactionKey(a, "OPTIONS", legacy("c1")), key);
    assert.equal(serverTransactionKey(a, "ACK", legacy("c1")), serverTransactionKey(a, "INVITE", legacy("c1")));
  });

  it("falls back to the RFC 2543 fields when the branch has no magic cookie", () => {
    const old = via("10.0.0.1", 5060, [["branch", "abc"]]);
    assert.equal(serverTransactionKey(old, "REGISTER", legacy("c1")), serverTransactionKey(old, "REGISTER", legacy("c1")));
    assert.notEqual(serverTransactionKey(old, "REGISTER", legacy("c1")), serverTransactionKey(old, "REGISTER", legacy("c2")));
  });
});
