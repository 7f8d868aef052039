import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { challengeHeaderName, credentialsHeaderName } from "./header-names.js";

describe("header names (spec §6.3)", () => {
  it("answers a 401's WWW-Authenticate in Authorization", () => {
    assert.equal(challengeHeaderName(401), "WWW-Authenticate");
    assert.equal(credentialsHeaderName(401), "Authorization");
  });

  it("answers a 407's Proxy-Authenticate in Proxy-Authorization", () => {
    assert.equal(challengeHeaderName(407), "Proxy-Authenticate");
    assert.equal(credentialsHeaderName(407), "Proxy-Authorization");
  });
});
