import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scannedAor, shardOf } from "./shard-of.js";

function request(toLines: string): Uint8Array {
  return Buffer.from(
    "REGISTER sip:example.org SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nFrom: <sip:alice@example.org>;tag=1\r\n" +
      toLines +
      "Call-ID: a@b\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
  );
}

describe("the shard of a datagram (its To AOR)", () => {
  it("reads the To AOR as the registrar matches it: port, parameters, tag and case of the host ignored", () => {
    for (const to of [
      "To: <sip:user5@example.org>\r\n",
      "t: sip:user5@EXAMPLE.org;tag=x\r\n",
      "TO : \"User <5>\" <sip:user5@example.org:5060;transport=udp>;tag=y\r\n",
      "to:<sip:user5@example.org>\r\n",
    ]) {
      assert.equal(scannedAor(request(to), "registrar"), "sip:user5@example.org", to);
    }
    assert.equal(scannedAor(request("To: <sip:user5@example.org:5080>\r\n"), "strict"), "sip:user5@example.org:5080");
  });

  it("leaves a folded To, or none, to the parser, which gives the same shard", () => {
    const folded = request("To:\r\n <sip:user5@example.org>\r\n");
    assert.equal(scannedAor(folded, "registrar"), null);
    assert.equal(shardOf(folded, 4, "registrar"), shardOf(request("To: <sip:user5@example.org>\r\n"), 4, "registrar"));
    assert.equal(scannedAor(request(""), "registrar"), null);
    assert.equal(shardOf(request(""), 4, "registrar"), 0, "no AOR: worker 0");
    assert.equal(shardOf(Buffer.from("garbage"), 4, "registrar"), 0);
  });

  it("does not take a header that only starts with t for To", () => {
    assert.equal(scannedAor(request("Timestamp: 5\r\nTo: <sip:user7@example.org>\r\n"), "registrar"), "sip:user7@example.org");
  });

  it("spreads user1..userN over every worker", () => {
    const counts = [0, 0];
    for (let n = 0; n < 1000; n++) counts[shardOf(request(`To: <sip:user${n}@example.org>\r\n`), 2, "registrar")]!++;
    assert.ok(counts.every((count) => count > 400), counts.join(", "));
    assert.equal(shardOf(request("To: <sip:user1@example.org>\r\n"), 1, "registrar"), 0);
  });
});
