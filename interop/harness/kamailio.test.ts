import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLocationDump } from "./kamailio.js";

/** `kamcmd ul.dump` of Kamailio 5.6.3 (fields cut short), with tabs as it prints them. */
function dump(aors: string): string {
  return ["{", "\tDomains: {", "\t\tDomain: {", "\t\t\tDomain: location", "\t\t\tSize: 1024", "\t\t\tAoRs: {", aors, "\t\t\t}", "\t\t\tStats: {", "\t\t\t\tRecords: 1", "\t\t\t}", "\t\t}", "\t}", "}", ""].join("\n");
}

function contact(address: string, expires: number, callId: string, cseq: number): string {
  return [
    "\t\t\t\t\t\tContact: {",
    `\t\t\t\t\t\t\tAddress: ${address}`,
    `\t\t\t\t\t\t\tExpires: ${expires}`,
    "\t\t\t\t\t\t\tQ: -1",
    `\t\t\t\t\t\t\tCall-ID: ${callId}`,
    `\t\t\t\t\t\t\tCSeq: ${cseq}`,
    "\t\t\t\t\t\t\tReceived: [not set]",
    "\t\t\t\t\t\t}",
  ].join("\n");
}

describe("kamcmd ul.dump", () => {
  it("an empty location table has no bindings", () => {
    assert.deepEqual(parseLocationDump(dump("")), []);
  });

  it("reads every contact with the AoR above it", () => {
    const aors = [
      "\t\t\t\tInfo: {",
      "\t\t\t\t\tAoR: alice",
      "\t\t\t\t\tContacts: {",
      contact("sip:alice@127.0.0.1:5062", 598, "a-1@x", 2),
      contact("sip:alice@127.0.0.1:5064;transport=tcp", 30, "a-2@x", 7),
      "\t\t\t\t\t}",
      "\t\t\t\t}",
      "\t\t\t\tInfo: {",
      "\t\t\t\t\tAoR: bob",
      "\t\t\t\t\tContacts: {",
      contact("sip:bob@127.0.0.1:5062", 3600, "b-1@x", 12),
      "\t\t\t\t\t}",
      "\t\t\t\t}",
    ].join("\n");
    assert.deepEqual(parseLocationDump(dump(aors)), [
      { aor: "alice", address: "sip:alice@127.0.0.1:5062", expires: 598, callId: "a-1@x", cseq: 2 },
      { aor: "alice", address: "sip:alice@127.0.0.1:5064;transport=tcp", expires: 30, callId: "a-2@x", cseq: 7 },
      { aor: "bob", address: "sip:bob@127.0.0.1:5062", expires: 3600, callId: "b-1@x", cseq: 12 },
    ]);
  });

  it("a contact before any AoR is an error, not a binding of nobody", () => {
    assert.throws(() => parseLocationDump(dump(contact("sip:x@127.0.0.1", 1, "c", 1))), /a contact before any AoR/);
  });
});
