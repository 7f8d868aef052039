import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DialogState, DialogStateRow } from "../contracts.js";
import { bindingExpiryAfter, dialogChanged, readDialogState, resumeRuntime } from "./dialog-resume.js";
import { RecordError } from "./errors.js";
import { TRANSITIONS } from "./transition-table.js";
import { freshRuntime, testConfig, testParams } from "../../../testkit/registrant-fixtures.js";

const SAVED: DialogState = {
  aor: "sip:alice@example.com",
  contact: "sip:alice@10.0.0.5:5060",
  registrar: "sip:registrar.example.com",
  callId: "0123456789abcdef0123456789a",
  fromTag: "f00d1",
  cseq: 7,
  expiresSec: 3600,
  // The worked example: a 200 OK at 1000 s that granted 3600 s.
  bindingExpiresMs: 4_600_000,
  shtag: null,
  epoch: 0,
};

function row(change: Partial<Record<keyof DialogState, unknown>>): DialogStateRow {
  return { ...SAVED, ...change };
}

function rule(id: string) {
  const found = TRANSITIONS.find((r) => r.id === id);
  assert.ok(found !== undefined, id);
  return found;
}

describe("readDialogState", () => {
  it("takes a valid row, BIGINTs given as text or bigint included", () => {
    assert.deepEqual(readDialogState(SAVED), SAVED);
    assert.deepEqual(readDialogState(row({ bindingExpiresMs: "4600000", epoch: 3n, cseq: "7" })), { ...SAVED, epoch: 3 });
    assert.deepEqual(readDialogState(row({ bindingExpiresMs: null, shtag: "tag1/1" })), { ...SAVED, bindingExpiresMs: null, shtag: "tag1/1" });
  });

  const bad: Array<[string, Partial<Record<keyof DialogState, unknown>>, string, RegExp]> = [
    ["a missing AOR", { aor: null }, "aor", /non-empty text, got null/],
    ["a contact that is not text", { contact: 5 }, "binding_uri", /non-empty text, got 5/],
    ["a Call-ID with a space", { callId: "abc def" }, "call_id", /must be a Call-ID .*got "abc def"/],
    ["an empty From tag", { fromTag: "" }, "from_tag", /must be a token/],
    ["a negative CSeq", { cseq: -1 }, "cseq", /from 0 to 2147483646, got -1/],
    ["a CSeq that leaves no room for the next one below 2^31", { cseq: 2 ** 31 - 1 }, "cseq", /from 0 to 2147483646, got 2147483647/],
    ["a CSeq that is not a number", { cseq: "seven" }, "cseq", /got "seven"/],
    ["an expiry of 0", { expiresSec: 0 }, "expires", /from 1 to 4294967295, got 0/],
    ["a fractional binding end", { bindingExpiresMs: 1.5 }, "binding_expires_ms", /got 1.5/],
    ["a negative epoch", { epoch: -1 }, "epoch", /got -1/],
    ["an empty sharing tag", { shtag: "" }, "shtag", /non-empty text/],
  ];
  for (const [what, change, field, reason] of bad) {
    it(`names the field of ${what}`, () => {
      assert.throws(() => readDialogState(row(change)), (error: unknown) => {
        assert.ok(error instanceof RecordError);
        assert.equal(error.field, field);
        assert.match(error.reason, reason);
        return true;
      });
    });
  }
});

describe("resumeRuntime (T=100, P=100 unless said)", () => {
  const config = testConfig();
  const fresh = freshRuntime(config);

  it("a binding valid before its refresh point: REGISTERED, refreshed when due (TO = 1000 + 3600 - 100), in the saved dialog", () => {
    const { runtime, outcome } = resumeRuntime(fresh, SAVED, 2000, testParams());
    assert.equal(outcome, "registered");
    assert.equal(runtime.state, "REGISTERED_STATE");
    assert.equal(runtime.timeoutSec, 4500);
    assert.equal(runtime.expiresSec, 3600);
    assert.equal(runtime.lastRegisterSentSec, 1000);
    assert.deepEqual([runtime.callId, runtime.fromTag, runtime.cseq], [SAVED.callId, SAVED.fromTag, 7]);
    assert.equal(runtime.wantedExpiresSec, fresh.wantedExpiresSec, "W stays the configured expiry");
  });

  it("at or past the refresh point, or expired: NOT_REGISTERED, registering at the first visit in the same dialog, the next CSeq (rows are written ahead of their sends)", () => {
    for (const nowSec of [4500, 4599, 4600, 90_000]) {
      const { runtime, outcome } = resumeRuntime(fresh, SAVED, nowSec, testParams());
      assert.equal(outcome, "register-now", String(nowSec));
      assert.equal(runtime.state, "NOT_REGISTERED_STATE");
      assert.deepEqual([runtime.callId, runtime.fromTag, runtime.cseq, runtime.timeoutSec], [SAVED.callId, SAVED.fromTag, 7, 0]);
    }
  });

  it("no binding (never granted, or removed): registering at the first visit in the same dialog", () => {
    const { runtime, outcome } = resumeRuntime(fresh, { ...SAVED, bindingExpiresMs: null }, 2000, testParams());
    assert.equal(outcome, "register-now");
    assert.deepEqual([runtime.callId, runtime.cseq], [SAVED.callId, 7]);
  });

  it("the refresh point is the one the 200 OK set: expiry percentage (D1) and min_refresh_interval (D32)", () => {
    assert.equal(resumeRuntime(fresh, SAVED, 2000, testParams({ reregister_expiry_percentage: 50 })).runtime.timeoutSec, 2700);
    const floored = { ...SAVED, expiresSec: 60, bindingExpiresMs: 1_060_000 };
    assert.equal(resumeRuntime(fresh, floored, 1001, testParams({ timer_interval: 10, hash_size: 1, min_refresh_interval: 300 })).runtime.timeoutSec, 1300);
  });
});

describe("bindingExpiryAfter", () => {
  it("a grant sets it to the reply second plus E; an answered unREGISTER or a removed binding clears it; anything else keeps it", () => {
    assert.equal(bindingExpiryAfter(rule("2xx-registered"), 1000, 3600, null), 4_600_000);
    assert.equal(bindingExpiryAfter(rule("2xx-unregistered"), 1000, 3600, 4_600_000), null);
    assert.equal(bindingExpiryAfter(rule("2xx-unregistered-reregister"), 1000, 3600, 4_600_000), null);
    assert.equal(bindingExpiryAfter(rule("2xx-binding-removed"), 1000, 3600, 4_600_000), null);
    assert.equal(bindingExpiryAfter(rule("timeout"), 1000, 3600, 4_600_000), 4_600_000);
    assert.equal(bindingExpiryAfter(rule("visit-refresh"), 1000, 3600, 4_600_000), 4_600_000);
    assert.equal(bindingExpiryAfter(null, 1000, 3600, 4_600_000), 4_600_000);
  });
});

describe("dialogChanged", () => {
  const before = freshRuntime(testConfig());
  it("sees a change of Call-ID, From tag, CSeq, E or the binding's end, and nothing else", () => {
    assert.equal(dialogChanged(before, { ...before, generation: 9, timeoutSec: 5 }, null, null), false);
    assert.equal(dialogChanged(before, { ...before, callId: "other" }, null, null), true);
    assert.equal(dialogChanged(before, { ...before, fromTag: "other" }, null, null), true);
    assert.equal(dialogChanged(before, { ...before, cseq: before.cseq + 1 }, null, null), true);
    assert.equal(dialogChanged(before, { ...before, expiresSec: 1 }, null, null), true);
    assert.equal(dialogChanged(before, before, null, 5000), true);
  });
});
