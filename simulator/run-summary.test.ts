import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BindingView } from "./registrar.js";
import type { HandledRequest } from "./registrar-options.js";
import { RequestTally } from "./request-tally.js";
import { formatRunSummary } from "./run-summary.js";

function binding(aor: string, n: number): BindingView {
  return { aor, contact: `<sip:${n}@192.0.2.1:5060>`, expiresSec: 60 + n, expiresAtMs: 0, updatedAtMs: 0, callId: `c${n}`, cseq: n };
}

function handled(status: number | null, outcome: HandledRequest["outcome"] = "answered"): HandledRequest {
  return { atMs: 0, method: "REGISTER", source: "udp:192.0.2.1:5060", callId: "c", cseq: 1, aor: null, status, outcome, why: "", step: null };
}

describe("the run summary", () => {
  it("counts requests by outcome, codes in order, then raw and unanswered", () => {
    const tally = new RequestTally();
    for (const item of [handled(403), handled(200), handled(null, "unanswered"), handled(200), handled(401), handled(null, "raw")]) tally.record(item);
    assert.equal(formatRunSummary({ bindings: [], tally, pending: null, verbose: false }), "bindings: 0 contacts for 0 AORs\nrequests: 6 (200 2, 401 1, 403 1, raw 1, unanswered 1)");
  });

  it("lists up to 20 AORs with their counts, and past that counts AORs by their number of bindings", () => {
    const few = [binding("sip:a@x", 1), binding("sip:a@x", 2), binding("sip:b@x", 3)];
    assert.match(formatRunSummary({ bindings: few, tally: new RequestTally(), pending: null, verbose: false }), /^bindings: 3 contacts for 2 AORs\n {2}sip:a@x: 2\n {2}sip:b@x: 1\n/);
    const many = Array.from({ length: 25 }, (_, i) => binding(`sip:u${i}@x`, i)).concat([binding("sip:u0@x", 99)]);
    assert.match(formatRunSummary({ bindings: many, tally: new RequestTally(), pending: null, verbose: false }), /^bindings: 26 contacts for 25 AORs \(24 with 1, 1 with 2; --verbose lists them\)\n/);
    assert.match(formatRunSummary({ bindings: many, tally: new RequestTally(), pending: null, verbose: true }), /\n {2}sip:u0@x: 2\n {4}<sip:0@192\.0\.2\.1:5060> expires in 60 s \(call c0, CSeq 0\)\n {4}<sip:99@/);
  });

  it("names the rules that never matched and the steps not used up", () => {
    const pending = [
      { ruleIndex: 0, stepIndex: 0, for: "sip:user5@127.0.0.1", action: "respond" as const, uses: 0, times: 1 },
      { ruleIndex: 1, stepIndex: 1, for: "everyone", action: "default" as const, uses: 0, times: null },
    ];
    const text = formatRunSummary({ bindings: [], tally: new RequestTally(), pending, verbose: false });
    assert.match(text, /^script: rule 0 \(for sip:user5@127\.0\.0\.1\) never matched a request$/m);
    assert.doesNotMatch(text, /rule 1 .* never matched/);
    assert.match(text, /^script: rule 1 \(for everyone\) step 1 default: used 0, planned forever$/m);
  });
});
