import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { afterOutcome, afterProbe, circuitAdmits, CLOSED_CIRCUIT, isRegistrarFailure } from "./registrar-circuit.js";
import { learnedContact } from "./nat-learning.js";
import { foreignReplyField } from "./reply-identity.js";
import { getCSeq, getVias, type SipResponse } from "../../sip/index.js";
import { nextSendMs, sendPriority, spreadDelayMs } from "./send-pacing.js";
import { reply } from "../../../testkit/registrant-fixtures.js";

describe("D33 send pacing", () => {
  it("one send every 1000/R ms, refreshes before retries before first REGISTERs", () => {
    assert.equal(nextSendMs(null, 100, 5000), 5000);
    assert.equal(nextSendMs(5000, 100, 5003), 5010);
    assert.equal(nextSendMs(5000, 100, 6000), 6000);
    assert.deepEqual(["REGISTERED_STATE", "AUTHENTICATING_STATE", "REGISTRAR_ERROR_STATE", "NOT_REGISTERED_STATE"].map((s) => sendPriority(s as never)), [0, 0, 1, 2]);
    assert.equal(spreadDelayMs(60, 0.5), 30_000);
  });
});

describe("D34 registrar circuit", () => {
  it("opens after N failures, probes per interval, closes on any other answer", () => {
    assert.equal(isRegistrarFailure("timeout", null), true);
    assert.deepEqual([408, 500, 599, 404, 499, 600, 200].map((s) => isRegistrarFailure("response", s)), [true, true, true, false, false, false, false]);
    const one = afterOutcome(CLOSED_CIRCUIT, true, 100, 2, 60);
    assert.deepEqual(one, { state: { failures: 1, open: false, nextProbeSec: 0 }, change: null });
    const two = afterOutcome(one.state, true, 110, 2, 60);
    assert.deepEqual(two, { state: { failures: 2, open: true, nextProbeSec: 170 }, change: "opened" });
    assert.equal(circuitAdmits(two.state, 169), "open");
    assert.equal(circuitAdmits(two.state, 170), "probe");
    assert.equal(afterProbe(two.state, 170, 60).nextProbeSec, 230);
    assert.deepEqual(afterOutcome(two.state, false, 200, 2, 60), { state: CLOSED_CIRCUIT, change: "closed" });
  });
});

describe("D28 foreign replies and D35 NAT learning", () => {
  const sent = { callId: "c1", fromTag: "t1", cseq: 1, sentBy: { host: "10.0.0.1", port: 5060 } };
  const answer = (via: string, callId = "c1", tag = "t1", cseq = "1 REGISTER") => ({
    ...reply(200),
    headers: [
      { name: "Via", value: via },
      { name: "From", value: `<sip:a@x>;tag=${tag}` },
      { name: "To", value: "<sip:a@x>;tag=z" },
      { name: "Call-ID", value: callId },
      { name: "CSeq", value: cseq },
    ],
  });

  /** As the transaction layer calls it: with the Via and CSeq it read to match the reply. */
  const field = (response: SipResponse) => foreignReplyField(response, { topVia: getVias(response)[0]!, cseq: getCSeq(response) }, sent);

  it("names the first field that is not ours", () => {
    assert.equal(field(answer("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa")), null);
    assert.equal(field(answer("SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKa")), null);
    assert.equal(field(answer("SIP/2.0/TLS 10.0.0.1;branch=z9hG4bKa")), "Via sent-by");
    assert.equal(field(answer("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa", "c2")), "Call-ID");
    assert.equal(field(answer("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa", "c1", "t2")), "From tag");
    assert.equal(field(answer("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa", "c1", "t1", "2 REGISTER")), "CSeq number");
  });

  it("reads the CSeq number and sent-by from what the layer matched, not from the headers again", () => {
    const response = answer("SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKa", "c1", "t1", "7 REGISTER");
    const matched = { topVia: getVias(answer("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa"))[0]!, cseq: { seq: 1, method: "REGISTER" } };
    assert.equal(foreignReplyField(response, matched, sent), null);
  });

  it("learns received and rport, IPv6 included", () => {
    const via = (params: string) => answer(`SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;${params}`);
    assert.equal(learnedContact(via("received=203.0.113.7;rport=4000"), "sip:a@10.0.0.1:5060"), "sip:a@203.0.113.7:4000");
    assert.equal(learnedContact(via("rport=5060"), "sip:a@10.0.0.1"), null);
    assert.equal(learnedContact(via("received=2001:db8::1;rport=5060"), "sip:a@10.0.0.1:5060"), "sip:a@[2001:db8::1]:5060");
    assert.equal(learnedContact(via("received=203.0.113.7"), "sip:a@10.0.0.1;transport=tcp"), "sip:a@203.0.113.7:5060;transport=tcp");
  });
});
