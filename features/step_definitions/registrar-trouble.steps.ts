/**
 * Steps of the registrar-trouble decisions (D28 onwards): their module parameters, and what the
 * engine counted while coping with a registrar in trouble.
 */
import assert from "node:assert/strict";
import { Given, Then } from "@cucumber/cucumber";
import { formatCtime } from "../../engine/registrant/index.js";
import { START_MS, type RegistrantWorld } from "../support/world.js";

Given(
  /^(drop_foreign_replies|honour_retry_after|retry_after_max|retry_backoff|retry_base|retry_max|auth_failure_retry_interval|rejected_retry_interval|min_refresh_interval) is (\S+)$/,
  function (this: RegistrantWorld, name: string, value: string) {
    this.setModuleParam(name, value);
  },
);

Then(/^the engine dropped (\d+) repl(?:y|ies) that (?:was|were) not its own$/, function (this: RegistrantWorld, count: string) {
  assert.equal(this.run.engine.foreignReplies, Number(count));
});

Given(
  "the registrar answers {word} with {int} and Retry-After {int} once, then accepts",
  function (this: RegistrantWorld, account: string, code: number, seconds: number) {
    this.addScriptRule({ for: this.aorOf(account), steps: [{ respond: { code, headers: { "Retry-After": seconds } } }, { accept: {}, repeat: "forever" }] });
  },
);

Given("every back-off jitter draw is {float}", function (this: RegistrantWorld, draw: number) {
  this.jitterDraw = draw;
});

Then("{word} sent REGISTERs at seconds {string}", function (this: RegistrantWorld, account: string, seconds: string) {
  const sent = this.registerTransactions(this.aorOf(account)).map((t) => t.second);
  assert.deepEqual(sent, seconds.split(",").map((s) => Number(s.trim())));
});

Then("{word}'s registration_t_out is between second {int} and second {int}", function (this: RegistrantWorld, account: string, from: number, to: number) {
  const shown = this.listedRecordOf(account).registration_t_out;
  const seconds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  assert.ok(seconds.some((second) => formatCtime(START_MS / 1000 + second) === shown), `registration_t_out ${shown} is not between second ${from} and ${to}`);
});

Then("the engine warned {int} time(s) with {word}", function (this: RegistrantWorld, count: number, code: string) {
  const lines = this.logger.lines.filter((line) => line.level === "warn" && "code" in line.ctx && line.ctx.code === code);
  assert.equal(lines.length, count, lines.map((line) => line.msg).join("\n"));
});
