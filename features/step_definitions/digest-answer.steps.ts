/**
 * The digest answer a REGISTER carried, checked as a registrar would (engine/auth's verifier,
 * which the simulator uses): right for the password, the realm and the nonce it names. A
 * registrar that accepts any answer then still proves the answer was computed for the challenge
 * it names (D9, D9a).
 */
import assert from "node:assert/strict";
import { Then } from "@cucumber/cucumber";
import { getAuthValues, secretFromPassword, verifyAuthorization } from "../../engine/index.js";
import { findRegister } from "../support/registers.js";
import type { RegistrantWorld } from "../support/world.js";

const REALM = "example.org";

Then(
  "the answer in the REGISTER of {word} at second {int} with CSeq {int} is right for the password {word}",
  function (this: RegistrantWorld, account: string, second: number, cseq: number, password: string) {
    const { request, digest } = findRegister(this, account, second, cseq).found;
    assert.ok(digest !== null, `${account}'s REGISTER at second ${second} with CSeq ${cseq} carried no credentials`);
    const values = getAuthValues(request, digest.header);
    assert.equal(values.length, 1, `the REGISTER carried ${values.length} ${digest.header} values`);
    const result = verifyAuthorization(values[0]!, { method: "REGISTER", realm: REALM, secretFor: (_user, algorithm) => secretFromPassword(password, algorithm) });
    assert.equal(result.kind, "ok", `the registrar's check of the answer: ${JSON.stringify(result.kind === "ok" || result.kind === "wrong-response" ? result.kind : result)}`);
  },
);
