/**
 * Then steps that read the record as others see it: the events with every parameter they carried
 * (§10), reg_list's expires and registration_t_out (D27), and the check that a password never
 * shows in events, Status/Report or reg_list (D16); and the warnings the engine logged about a
 * record (G8: a granted expiry not above timer_interval).
 */
import assert from "node:assert/strict";
import { DataTable, Then } from "@cucumber/cucumber";
import { formatCtime } from "../../engine/index.js";
import { assertShowsNowhere, shownRecords } from "../support/secrets.js";
import { column } from "../support/tables.js";
import { START_MS, type RegistrantWorld } from "../support/world.js";

/** §10: every event carries exactly these three parameters. */
const EVENT_PARAMS = ["aor", "contact", "registrar"] as const;

Then("the events were, with their parameters:", function (this: RegistrantWorld, table: DataTable) {
  const missing = ["second", "event", ...EVENT_PARAMS].filter((name) => !(table.raw()[0] ?? []).includes(name));
  if (missing.length > 0) throw new Error(`the table needs the columns ${missing.join(", ")}`);
  const actual = this.events.map((e) => ({ second: String(e.second), event: e.name, params: e.params }));
  const expected = table.hashes().map((row) => ({
    second: column(row, "second"),
    event: column(row, "event"),
    params: Object.fromEntries(EVENT_PARAMS.map((name) => [name, column(row, name)])),
  }));
  assert.deepEqual(actual, expected);
});

Then("reg_list shows {word} with expires {int}", function (this: RegistrantWorld, account: string, expires: number) {
  assert.equal(this.listedRecordOf(account).expires, expires);
});

Then("reg_list shows {word} with registration_t_out at second {int}", function (this: RegistrantWorld, account: string, second: number) {
  assert.equal(this.listedRecordOf(account).registration_t_out, formatCtime(START_MS / 1000 + second));
});

/** TO = 0 (never registered, or an unREGISTER completed): reg_list shows the epoch, as OpenSIPS prints a zero time_t. */
Then("reg_list shows {word} with registration_t_out 0", function (this: RegistrantWorld, account: string) {
  assert.equal(this.listedRecordOf(account).registration_t_out, formatCtime(0));
});

Then("the password {word} shows in no event, status report or reg_list output", function (this: RegistrantWorld, password: string) {
  const seen = shownRecords(this);
  assertShowsNowhere(password, seen, "password");
  // The check must be able to fail: the records it read are there and name the account.
  assert.ok(seen.events.length > 2 && seen["status reports"].includes("aor=") && seen.reg_list.includes("AOR"), "nothing was read");
});

/** The engine's warnings about one record, in the order logged: the code and the text an operator reads. */
function warningsAbout(world: RegistrantWorld, account: string): { code: string; message: string }[] {
  const aor = world.aorOf(account);
  return world.logger.lines.flatMap((line) => {
    if (line.level !== "warn" || !("aor" in line.ctx) || line.ctx.aor !== aor) return [];
    const code = "code" in line.ctx && typeof line.ctx.code === "string" ? line.ctx.code : "none";
    return [{ code, message: line.msg }];
  });
}

Then("the engine warned about {word}:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const expected = table.hashes().map((row) => ({ code: column(row, "code"), message: column(row, "message") }));
  assert.deepEqual(warningsAbout(this, account), expected);
});

Then("the engine gave no warning about {word}", function (this: RegistrantWorld, account: string) {
  assert.deepEqual(warningsAbout(this, account), []);
});
