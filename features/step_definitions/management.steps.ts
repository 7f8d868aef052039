/**
 * The operator's commands over the management interface (spec §9, D12, D20): a command line as
 * `uacreg mi` takes it, sent as JSON-RPC 2.0 to the dispatcher over the scenario's engine, and
 * what it answered.
 */
import assert from "node:assert/strict";
import { Then, When } from "@cucumber/cucumber";
import { MiDispatcher, paramsFromArgs, type JsonRpcResponse } from "../../engine/index.js";
import type { RegistrantWorld } from "../support/world.js";

const dispatchers = new WeakMap<RegistrantWorld, MiDispatcher>();
const answers = new WeakMap<RegistrantWorld, JsonRpcResponse[]>();

function lastAnswer(world: RegistrantWorld): JsonRpcResponse {
  const answer = answers.get(world)?.at(-1);
  assert.ok(answer !== undefined, "the management interface was not called");
  return answer;
}

function resultOf(world: RegistrantWorld): unknown {
  const answer = lastAnswer(world);
  assert.ok("result" in answer, `the management interface answered an error: ${JSON.stringify(answer)}`);
  return answer.result;
}

When("the operator runs {string} over the management interface", async function (this: RegistrantWorld, line: string) {
  const { engine } = await this.running();
  let mi = dispatchers.get(this);
  if (mi === undefined) dispatchers.set(this, (mi = new MiDispatcher({ engine, logger: this.logger })));
  const [method = "", ...args] = line.trim().split(/\s+/);
  const params = paramsFromArgs(args.map((arg) => (arg === "''" ? "" : arg)));
  const answer = await mi.handle(JSON.stringify({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }), id: 1 }));
  assert.ok(answer !== null && !Array.isArray(answer), "one request, one answer");
  answers.set(this, [...(answers.get(this) ?? []), answer]);
});

Then("the management interface answers {string}", function (this: RegistrantWorld, expected: string) {
  assert.equal(resultOf(this), expected);
});

Then("the management interface answers the error {int} {string}", function (this: RegistrantWorld, code: number, message: string) {
  const answer = lastAnswer(this);
  assert.ok("error" in answer, `expected an error, got ${JSON.stringify(answer)}`);
  assert.deepEqual(answer.error, { code, message });
});

Then("the management interface answers the error {int} {string} with data {string}", function (this: RegistrantWorld, code: number, message: string, data: string) {
  const answer = lastAnswer(this);
  assert.ok("error" in answer, `expected an error, got ${JSON.stringify(answer)}`);
  assert.deepEqual(answer.error, { code, message, data });
});

Then(
  "the answer is {word}'s record, in state {word}, with the keys {string}",
  function (this: RegistrantWorld, account: string, state: string, keys: string) {
    const { Registrant: record } = resultOf(this) as { Registrant: Record<string, unknown> };
    assert.deepEqual([record.AOR, record.state], [this.aorOf(account), state]);
    assert.deepEqual(Object.keys(record), keys.split(/,\s*/));
  },
);

Then("the answer lists {int} record(s)", function (this: RegistrantWorld, count: number) {
  const { Records: records } = resultOf(this) as { Records: unknown[] };
  assert.equal(records.length, count);
});

Then("no answer of the management interface contains {string}", function (this: RegistrantWorld, secret: string) {
  const all = answers.get(this) ?? [];
  assert.ok(all.length > 0, "the management interface was not called: the check would prove nothing");
  assert.ok(!JSON.stringify(all).includes(secret), `an answer shows "${secret}"`);
});
