import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseNameAddr } from "../engine/sip/index.js";
import { BindingTable, remainingSec } from "./bindings.js";
import { resolveExpiries } from "./expiry.js";

const contact = (text: string) => parseNameAddr(text);
const AOR = "sip:alice@example.org";

describe("expiry resolution (RFC 3261 §10.3 step 7)", () => {
  const policy = { defaultExpiresSec: 3600, minExpiresSec: 60, maxExpiresSec: 7200 };

  it("prefers the Contact parameter, then the Expires header, then the default, and clamps to the maximum", () => {
    const result = resolveExpiries([contact("<sip:a@h>;expires=120"), contact("<sip:b@h>;expires=99999")], 300, policy);
    assert.deepEqual(result.kind === "ok" && result.contacts.map((c) => c.expiresSec), [120, 7200]);
    const header = resolveExpiries([contact("<sip:a@h>")], 300, policy);
    assert.deepEqual(header.kind === "ok" && header.contacts.map((c) => c.expiresSec), [300]);
    const fallback = resolveExpiries([contact("<sip:a@h>")], null, policy);
    assert.deepEqual(fallback.kind === "ok" && fallback.contacts.map((c) => c.expiresSec), [3600]);
  });

  it("refuses a non-zero interval below the minimum, and never a zero one", () => {
    assert.deepEqual(resolveExpiries([contact("<sip:a@h>;expires=59")], null, policy), { kind: "too-brief", minExpiresSec: 60, requestedSec: 59 });
    assert.equal(resolveExpiries([contact("<sip:a@h>")], 0, policy).kind, "ok");
  });

  it("names a Contact whose expires is not delta-seconds", () => {
    for (const text of ["<sip:a@h>;expires", "<sip:a@h>;expires=-1", "<sip:a@h>;expires=4294967296"]) {
      const result = resolveExpiries([contact("<sip:ok@h>"), contact(text)], null, policy);
      assert.equal(result.kind, "malformed");
      assert.match(result.kind === "malformed" ? result.reason : "", /^Contact 2 has an expires parameter/);
    }
  });
});

describe("binding table", () => {
  it("adds, refreshes by URI comparison, and drops expired bindings when read", () => {
    const table = new BindingTable();
    table.apply({ aor: AOR, callId: "c1", cseq: 1, change: { kind: "contacts", contacts: [{ contact: contact("<sip:a@h>;expires=60;+sip.instance=\"<urn:x>\""), expiresSec: 60 }] } }, 0);
    const [added] = table.current(0, AOR);
    assert.deepEqual(added?.contact.params, [["+sip.instance", '"<urn:x>"']], "expires is not stored");
    table.apply({ aor: AOR, callId: "c1", cseq: 2, change: { kind: "contacts", contacts: [{ contact: contact("<sip:a@H>"), expiresSec: 100 }] } }, 30_000);
    assert.equal(table.current(30_000).length, 1);
    assert.equal(remainingSec(table.current(30_000)[0]!, 30_500), 100, "rounded up");
    assert.deepEqual(table.current(130_000), []);
    assert.deepEqual(table.aors(130_000), []);
  });

  it("is all or nothing: one stale Contact leaves every binding as it was", () => {
    const table = new BindingTable();
    const a = { contact: contact("<sip:a@h>"), expiresSec: 60 };
    const b = { contact: contact("<sip:b@h>"), expiresSec: 60 };
    table.apply({ aor: AOR, callId: "c1", cseq: 5, change: { kind: "contacts", contacts: [a] } }, 0);
    table.apply({ aor: AOR, callId: "c2", cseq: 1, change: { kind: "contacts", contacts: [b] } }, 0);
    const outcome = table.apply({ aor: AOR, callId: "c2", cseq: 2, change: { kind: "contacts", contacts: [b, { ...a, expiresSec: 0 }] } }, 0);
    assert.equal(outcome.kind, "applied", "a is held by c1, so c2 may update it");
    const stale = table.apply({ aor: AOR, callId: "c2", cseq: 2, change: { kind: "contacts", contacts: [{ ...b, expiresSec: 0 }] } }, 0);
    assert.equal(stale.kind, "out-of-order");
    assert.equal(table.current(0).length, 1);
  });

  it("removes every binding with the wildcard, unless one was written later on the same Call-ID", () => {
    const table = new BindingTable();
    table.apply({ aor: AOR, callId: "c1", cseq: 3, change: { kind: "contacts", contacts: [{ contact: contact("<sip:a@h>"), expiresSec: 60 }] } }, 0);
    assert.equal(table.apply({ aor: AOR, callId: "c1", cseq: 3, change: { kind: "remove-all" } }, 0).kind, "out-of-order");
    assert.deepEqual(table.apply({ aor: AOR, callId: "c9", cseq: 1, change: { kind: "remove-all" } }, 0), { kind: "applied", bindings: [] });
  });
});
