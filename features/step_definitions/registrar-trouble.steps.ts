/**
 * Steps of the registrar-trouble decisions (D28 onwards): their module parameters, and what the
 * engine counted while coping with a registrar in trouble.
 */
import assert from "node:assert/strict";
import { DataTable, Given, Then, When } from "@cucumber/cucumber";
import { column } from "../support/tables.js";
import { formatCtime, headerValue } from "../../engine/index.js";
import { START_MS, type RegistrantWorld } from "../support/world.js";

Given(
  /^(drop_foreign_replies|honour_retry_after|retry_after_max|retry_backoff|retry_base|retry_max|auth_failure_retry_interval|rejected_retry_interval|min_refresh_interval|startup_spread|register_rate_limit|registrar_circuit|registrar_circuit_probe_interval|learn_received|dns_failover|keepalive_interval|keepalive_timeout) is (\S+)$/,
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

Then("the first REGISTERs went out at {int} different seconds from {int} to {int}", function (this: RegistrantWorld, count: number, from: number, to: number) {
  const firsts = new Map<string, number>();
  for (const t of this.registerTransactions()) if (!firsts.has(t.aor)) firsts.set(t.aor, t.second);
  const seconds = [...firsts.values()];
  assert.equal(new Set(seconds).size, count, `first REGISTERs at ${seconds.join(", ")}`);
  assert.ok(seconds.every((s) => s >= from && s <= to), `first REGISTERs at ${seconds.join(", ")}`);
});

Given("{int} accounts register to example.org with expiry {int} and no credentials", function (this: RegistrantWorld, count: number, expiry: number) {
  for (let i = 1; i <= count; i++) this.addRecord(`user${String(i).padStart(5, "0")}`, { password: null, expiry });
});

/** The REGISTERs the engine sent (from its run log: the registrar's transcript keeps only the last messages). */
function sentRegisters(world: RegistrantWorld): { atMs: number; aor: string }[] {
  return world.run.runLog.entries().flatMap((entry) => (entry.kind === "sip-out" && !entry.detached ? [{ atMs: entry.atMs, aor: entry.aor }] : []));
}

Then("the engine sent at most {int} REGISTERs in any one second, and exactly {int} in its busiest", function (this: RegistrantWorld, limit: number, busiest: number) {
  const sent = sentRegisters(this).map((s) => s.atMs);
  // The busiest window of one second, wherever it starts: two pointers over the send times.
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sent.length; end++) {
    while (sent[end]! - sent[start]! >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  assert.ok(peak <= limit, `${peak} REGISTERs within one second`);
  assert.equal(peak, busiest);
});

Then("every one of the {int} records is registered, each REGISTER sent before its last binding ran out", function (this: RegistrantWorld, count: number) {
  const records = this.run.engine.list().Records;
  assert.equal(records.length, count);
  const notRegistered = records.filter((r) => r.state !== "REGISTERED_STATE").map((r) => r.AOR);
  assert.deepEqual(notRegistered.slice(0, 5), [], `${notRegistered.length} records are not registered`);
  // A binding granted by the 200 at `grantedMs` lasts `expires` seconds (the registrar grants what was asked).
  const lastGrant = new Map<string, number>();
  const lapses: string[] = [];
  for (const entry of this.run.runLog.entries()) {
    if (entry.kind === "sip-in" && !entry.detached && entry.status === 200) lastGrant.set(entry.aor, entry.atMs);
    if (entry.kind === "sip-out" && !entry.detached) {
      const granted = lastGrant.get(entry.aor);
      const expiry = records.find((r) => r.AOR === entry.aor)?.expires ?? 0;
      if (granted !== undefined && entry.atMs >= granted + expiry * 1000) lapses.push(`${entry.aor} at ${entry.atMs}`);
    }
  }
  assert.deepEqual(lapses.slice(0, 5), [], `${lapses.length} REGISTERs came after the binding ran out`);
  assert.ok(lastGrant.size === count, `${lastGrant.size} records ever got a 200`);
});

When(
  "the clock runs to the end of second {int}, however long that takes",
  // A scenario with thousands of records needs more wall time than the suite's 20 seconds a step.
  { timeout: 180_000 },
  async function (this: RegistrantWorld, second: number) {
    await this.runToEndOfSecond(second);
  },
);

Then("the circuit events were:", function (this: RegistrantWorld, table: DataTable) {
  const expected = table.hashes().map((row) => ({ second: Number(column(row, "second")), name: column(row, "event"), registrar: column(row, "registrar") }));
  assert.deepEqual(this.circuitEvents, expected);
});

Then("no circuit opened", function (this: RegistrantWorld) {
  assert.deepEqual(this.circuitEvents, []);
});

Then("the engine sent REGISTERs for {word} at seconds {string}", function (this: RegistrantWorld, account: string, seconds: string) {
  const aor = this.aorOf(account);
  const sent = sentRegisters(this).filter((s) => s.aor === aor).map((s) => Math.floor((s.atMs - START_MS) / 1000));
  assert.deepEqual(sent, seconds.split(",").map((s) => Number(s.trim())));
});

Given("the registrar answers {word} with {int} {int} times, then accepts", function (this: RegistrantWorld, account: string, code: number, times: number) {
  this.addScriptRule({ for: this.aorOf(account), steps: [{ respond: { code }, times }, { accept: {}, repeat: "forever" }] });
});

Then("{word}'s REGISTER(s) of second {int} carried Contact {string}", function (this: RegistrantWorld, account: string, second: number, contact: string) {
  const sent = this.registerTransactions(this.aorOf(account)).filter((t) => t.second === second);
  assert.ok(sent.length > 0, `${account} sent no REGISTER at second ${second}`);
  for (const t of sent) assert.equal(headerValue(t.request, "Contact"), contact);
});

Then("the REGISTERs of {word} left the engine as:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const aor = this.aorOf(account);
  // The engine's own run log: REGISTERs to a registrar that never got them are there too (D36).
  const tries: { second: string; cseq: string; to: string; outcome: string }[] = [];
  for (const entry of this.run.runLog.entries()) {
    if (entry.aor !== aor || !("detached" in entry) || entry.detached) continue;
    const second = String(Math.floor((entry.atMs - START_MS) / 1000));
    if (entry.kind === "sip-out") tries.push({ second, cseq: String(entry.cseq), to: entry.destination, outcome: "none yet" });
    const last = tries.at(-1);
    if (entry.kind === "sip-in" && last !== undefined) last.outcome = entry.status === null ? `${entry.outcome} on ${second}` : `${entry.status} on ${second}`;
  }
  const expected = table.hashes().map((row) => ({ second: column(row, "second"), cseq: column(row, "CSeq"), to: column(row, "to"), outcome: column(row, "outcome") }));
  assert.deepEqual(tries, expected);
});
