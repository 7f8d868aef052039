/**
 * Steps of the registrar-trouble decisions (D28 onwards): their module parameters, and what the
 * engine counted while coping with a registrar in trouble.
 */
import assert from "node:assert/strict";
import { Given, Then } from "@cucumber/cucumber";
import type { RegistrantWorld } from "../support/world.js";

Given(
  /^(drop_foreign_replies|honour_retry_after|retry_after_max|retry_backoff|retry_base|retry_max|auth_failure_retry_interval|rejected_retry_interval|min_refresh_interval) is (\S+)$/,
  function (this: RegistrantWorld, name: string, value: string) {
    this.setModuleParam(name, value);
  },
);

Then(/^the engine dropped (\d+) repl(?:y|ies) that (?:was|were) not its own$/, function (this: RegistrantWorld, count: string) {
  assert.equal(this.run.engine.foreignReplies, Number(count));
});
