/**
 * Status/Report (§11, D16, D23): a record's identifier, whether it still exists, how many reports
 * it keeps, and that no secret shows up anywhere the engine speaks.
 */
import assert from "node:assert/strict";
import { Then } from "@cucumber/cucumber";
import { RegistrantOperationError } from "../../engine/index.js";
import { assertShowsNowhere, shownRecords } from "../support/secrets.js";
import type { RegistrantWorld } from "../support/world.js";

Then("the status report identifier of {word} is {string}", function (this: RegistrantWorld, account: string, identifier: string) {
  assert.equal(this.run.engine.statusReport(this.recordOf(account)).identifier, identifier);
});

Then("{word} has no status report identifier", function (this: RegistrantWorld, account: string) {
  const id = this.recordOf(account);
  assert.throws(
    () => this.run.engine.statusReport(id),
    (error: unknown) => error instanceof RegistrantOperationError && error.code === "not_found",
    `${account} still has a status report`,
  );
  const identifiers = this.run.engine.statusReports().map((view) => view.identifier);
  assert.ok(!identifiers.some((identifier) => identifier.startsWith(`aor=${id.aor};`)), `the group still lists ${identifiers.join(", ")}`);
});

Then("the status report of {word} keeps {int} reports", function (this: RegistrantWorld, account: string, count: number) {
  assert.equal(this.run.engine.statusReport(this.recordOf(account)).reports.length, count);
});

/**
 * D16: reg_list, every status report, every event, every log line and the last refusal of an
 * operation, as text: none may contain the secret.
 */
Then("nothing the engine lists, reports, raises or logs contains {string}", function (this: RegistrantWorld, secret: string) {
  const refusal = this.operationError === null ? null : { message: this.operationError.message, reason: this.operationError.reason };
  assertShowsNowhere(secret, { ...shownRecords(this), log: JSON.stringify(this.logger.lines), refusal: JSON.stringify(refusal) }, "secret");
  assert.ok(this.logger.lines.length > 0, "the engine logged nothing: the check would prove nothing");
});
