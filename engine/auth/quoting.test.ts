import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DigestError } from "./errors.js";
import { hasControlCharacter, isToken, quoted, token } from "./quoting.js";

describe("writing parameter values", () => {
  it("quotes, escaping only backslash and double quote", () => {
    assert.equal(quoted("realm", "plain"), '"plain"');
    assert.equal(quoted("realm", ""), '""');
    assert.equal(quoted("realm", 'a"b\\c, d=é\te'), '"a\\"b\\\\c, d=é\te"');
    assert.equal(quoted("realm", 'only"quote'), '"only\\"quote"');
    assert.equal(quoted("realm", "only\\backslash"), '"only\\\\backslash"');
  });

  it("finds control characters other than HTAB", () => {
    assert.equal(hasControlCharacter("a\tb"), false);
    assert.equal(hasControlCharacter("é"), false);
    for (const c of ["\u0000", "\u0008", "\n", "\r", "\u001f", "\u007f"]) assert.equal(hasControlCharacter(`a${c}`), true);
  });

  it("refuses to quote a control character, naming the field and not the value", () => {
    assert.throws(
      () => quoted("username", "top\r\nsecret"),
      (e: unknown) =>
        e instanceof DigestError &&
        e.code === "digest_unwritable_value" &&
        e.field === "username" &&
        /username/.test(e.message) &&
        !e.message.includes("top"),
    );
  });

  it("accepts RFC 3261 tokens only", () => {
    assert.equal(isToken("SHA-512-256-sess"), true);
    assert.equal(isToken("a.b!c%d*e_f+g`h'i~"), true);
    for (const t of ["", "a b", "a,b", 'a"b', "a=b", "a;b", "é"]) assert.equal(isToken(t), false, t);
    assert.equal(token("qop", "auth"), "auth");
    assert.throws(() => token("qop", "a b"), (e: unknown) => e instanceof DigestError && e.code === "digest_bad_token");
  });
});
