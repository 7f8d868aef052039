/**
 * Given steps: the module parameters, the registrant records, and what the simulated registrar
 * does (each behaviour becomes a rule of the registrar's YAML script).
 */
import { DataTable, Given } from "@cucumber/cucumber";
import { column } from "../support/tables.js";
import type { RegistrantWorld, ScriptRule } from "../support/world.js";

Given("the module parameters:", function (this: RegistrantWorld, table: DataTable) {
  for (const row of table.hashes()) this.setModuleParam(column(row, "parameter"), column(row, "value"));
});

Given("timer_interval is {int} and hash_size is {int}", function (this: RegistrantWorld, interval: number, hashSize: number) {
  this.setModuleParam("timer_interval", String(interval));
  this.setModuleParam("hash_size", String(hashSize));
});

Given(
  /^(hash_size|timer_interval|default_expires|failure_retry_interval|reregister_expiry_percentage|transaction_timeout) is (\S+)$/,
  function (this: RegistrantWorld, name: string, value: string) {
    this.setModuleParam(name, value);
  },
);

Given(
  "{word} registers to example.org with password {word} and expiry {int}",
  function (this: RegistrantWorld, account: string, password: string, expiry: number) {
    this.addRecord(account, { password, expiry });
  },
);

Given("{word} registers to example.org with expiry {int} and no credentials", function (this: RegistrantWorld, account: string, expiry: number) {
  this.addRecord(account, { password: null, expiry });
});

Given("the Contact of {word} carries the binding params {string}", function (this: RegistrantWorld, account: string, params: string) {
  this.setBindingParams(account, params);
});

Given("these accounts register to example.org with expiry {int} and no credentials:", function (this: RegistrantWorld, expiry: number, table: DataTable) {
  for (const row of table.hashes()) this.addRecord(column(row, "account"), { password: null, expiry });
});

Given("the registrar accepts everyone", function (this: RegistrantWorld) {
  this.addScriptRule({ for: "everyone", steps: [{ accept: {}, repeat: "forever" }] });
});

/** Challenges every REGISTER of `account` without credentials with one digest challenge, and checks the answers. */
function challengeThenAccept(world: RegistrantWorld, account: string, algorithm: string, qop: string): void {
  const aor = world.aorOf(account);
  // Every REGISTER without credentials is challenged, as a real registrar does on each refresh;
  // answers are checked against the registrar's own accounts.
  const rules: ScriptRule[] = [
    { for: aor, when: { kind: "authenticated" }, steps: [{ default: true, repeat: "forever" }] },
    { for: aor, steps: [{ challenge: { algorithms: [algorithm], qop: [qop] }, repeat: "forever" }] },
  ];
  for (const rule of rules) world.addScriptRule(rule);
  world.addScriptDefaultValues("algorithms", [algorithm]);
  world.addScriptDefaultValues("qop", [qop]);
}

Given("the registrar challenges {word} with {word} then accepts", function (this: RegistrantWorld, account: string, algorithm: string) {
  // auth is the qop the simulated registrar offers when not told otherwise.
  challengeThenAccept(this, account, algorithm, "auth");
});

Given(
  "the registrar challenges {word} with {word} and qop {word} then accepts",
  function (this: RegistrantWorld, account: string, algorithm: string, qop: string) {
    challengeThenAccept(this, account, algorithm, qop);
  },
);

Given("the registrar answers {word} with {int}", function (this: RegistrantWorld, account: string, code: number) {
  this.addScriptRule({ for: this.aorOf(account), steps: [{ respond: { code }, repeat: "forever" }] });
});

Given("the registrar answers {word} with {int} once, then accepts", function (this: RegistrantWorld, account: string, code: number) {
  this.addScriptRule({ for: this.aorOf(account), steps: [{ respond: { code } }, { accept: {}, repeat: "forever" }] });
});

Given("the registrar runs the shipped script {string}", function (this: RegistrantWorld, name: string) {
  this.useShippedScript(name);
});

Given("the registrar runs this script:", function (this: RegistrantWorld, text: string) {
  this.useScriptText(text);
});
