import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseNameAddrList, parseUri } from "../../sip/index.js";
import {
  isDue,
  percentOfExpirySec,
  readExpiresParam,
  refreshTimeoutSec,
  retryTimeoutSec,
  selectGrantedExpiry,
  wantedExpiresAfter423,
} from "./schedule.js";

describe("refresh and retry time (D1, D5, D27)", () => {
  it("D1 TO = R + floor(E*P/100) - T: defaults give 1000 + 3600 - 100 = 4500", () => {
    assert.equal(refreshTimeoutSec(1000, 3600, 100, 100), 4500);
  });

  it("D1 floor(E*P/100) truncates: E=3599, P=90 -> 3239", () => {
    assert.equal(percentOfExpirySec(3599, 90), 3239);
    assert.equal(refreshTimeoutSec(0, 3599, 90, 100), 3139);
  });

  it("D1 / Q11 exact integer arithmetic, no 32-bit wrap of E*P", () => {
    // 4294967295 * 100 wraps in 32 bits; here it must not.
    assert.equal(percentOfExpirySec(0xffff_ffff, 100), 0xffff_ffff);
    assert.equal(percentOfExpirySec(0xffff_ffff, 99), 4252017622);
    assert.equal(refreshTimeoutSec(1_700_000_000, 0xffff_ffff, 100, 100), 1_700_000_000 + 0xffff_ffff - 100);
  });

  it("D1 a grant shorter than T puts TO before R: the next visit refreshes", () => {
    assert.equal(refreshTimeoutSec(1000, 30, 100, 100), 930);
    assert.ok(isDue(1000, 930));
  });

  it("D5 example: T=100, F=3600, failure at 1000 -> TO 4500", () => {
    assert.equal(retryTimeoutSec(1000, 60, 100, 3600, 100), 4500);
  });

  it("D5 without F, X = floor(E*P/100) of the last E (not W)", () => {
    assert.equal(retryTimeoutSec(1000, 3600, 50, 0, 100), 2700);
  });

  it("D5 X <= T: the retry goes out at the next visit", () => {
    assert.equal(retryTimeoutSec(1000, 3600, 100, 60, 100), 960);
    assert.ok(isDue(1000, 960));
  });

  it("D27 due at the first visit with now >= TO", () => {
    assert.equal(isDue(4499, 4500), false);
    assert.equal(isDue(4500, 4500), true);
  });

  it("D7 Min-Expires >= 5 becomes W; below 5 or missing is unusable", () => {
    assert.equal(wantedExpiresAfter423(5), 5);
    assert.equal(wantedExpiresAfter423(7200), 7200);
    assert.equal(wantedExpiresAfter423(4), null);
    assert.equal(wantedExpiresAfter423(null), null);
  });
});

describe("granted expiry (§4.1, D6, D17, C-REG-3)", () => {
  const binding = parseUri("sip:alice@10.0.0.5:5060");
  const contacts = (text: string) => parseNameAddrList(text);

  it("C-REG-3 §4.1 our contact's expires wins over the Expires header", () => {
    const granted = selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>;expires=1800"), binding, 600, 3600);
    assert.deepEqual(granted, { kind: "granted", expiresSec: 1800 });
  });

  it("§4.1 matching is RFC 3261 URI comparison: host case and unknown params do not matter, the port does", () => {
    const list = contacts("<sip:alice@10.0.0.6:5060>;expires=10, <sip:alice@10.0.0.5;x=1>;expires=20, <sip:alice@10.0.0.5:5060;foo=bar>;expires=30");
    assert.deepEqual(selectGrantedExpiry(list, binding, null, 3600), { kind: "granted", expiresSec: 30 });
    const named = parseUri("sip:alice@Example.COM");
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@example.com>;expires=99"), named, null, 3600), {
      kind: "granted",
      expiresSec: 99,
    });
  });

  it("§4.1 the first matching contact decides", () => {
    const list = contacts("<sip:alice@10.0.0.5:5060>;expires=100, <sip:alice@10.0.0.5:5060>;expires=200");
    assert.deepEqual(selectGrantedExpiry(list, binding, null, 3600), { kind: "granted", expiresSec: 100 });
  });

  it("C-REG-3 §4.1 no expires on our contact -> the Expires header", () => {
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>"), binding, 900, 3600), {
      kind: "granted",
      expiresSec: 900,
    });
  });

  it("C-REG-3 §4.3 neither -> E stays", () => {
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>"), binding, null, 3600), {
      kind: "granted",
      expiresSec: 3600,
    });
  });

  it("D6 / Q11 a contact expires that is not all digits is ignored (12a is not 12)", () => {
    for (const bad of ["12a", "-5", "1.5", "", " 12"]) assert.equal(readExpiresParam(bad), null, bad);
    assert.equal(readExpiresParam(null), null);
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>;expires=12a"), binding, 700, 3600), {
      kind: "granted",
      expiresSec: 700,
    });
    assert.deepEqual(selectGrantedExpiry(contacts('<sip:alice@10.0.0.5:5060>;expires="60"'), binding, null, 3600), {
      kind: "granted",
      expiresSec: 3600,
    });
  });

  it("D6 all-digit values are read exactly; above 2^32-1 they count as 2^32-1", () => {
    assert.equal(readExpiresParam("0003600"), 3600);
    assert.equal(readExpiresParam("4294967295"), 0xffff_ffff);
    assert.equal(readExpiresParam("99999999999999999999"), 0xffff_ffff);
  });

  it("D17 our contact with expires=0 means our binding is gone", () => {
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>;expires=0"), binding, 3600, 3600), {
      kind: "binding-removed",
    });
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>;expires=000"), binding, 3600, 3600), {
      kind: "binding-removed",
    });
  });

  it("D17 our contact absent but others listed: E from the Expires header, else it stays", () => {
    const others = contacts("<sip:bob@10.0.0.9>;expires=0, <sip:carol@10.0.0.8>;expires=50");
    assert.deepEqual(selectGrantedExpiry(others, binding, 1200, 3600), { kind: "granted", expiresSec: 1200 });
    assert.deepEqual(selectGrantedExpiry(others, binding, null, 3600), { kind: "granted", expiresSec: 3600 });
  });

  it("§4.1 Expires: 0 counts as no value (E stays)", () => {
    assert.deepEqual(selectGrantedExpiry(contacts("<sip:alice@10.0.0.5:5060>"), binding, 0, 3600), {
      kind: "granted",
      expiresSec: 3600,
    });
  });
});
