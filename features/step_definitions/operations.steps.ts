/**
 * The operator's commands on records (§8, §9: enable, disable, force_register, upsert, delete,
 * reload all / reload one), given at the current simulated second; the operator's edits of the
 * registrant table before a reload; and what the commands answered or wrote.
 */
import assert from "node:assert/strict";
import { DataTable, Given, Then, When } from "@cucumber/cucumber";
import { RegistrantOperationError, type MemoryRegistrantStore, type RecordId, type RegistrantRow } from "../../engine/index.js";
import { column } from "../support/tables.js";
import { RECORD_COLUMNS, type RecordColumn, type RegistrantWorld } from "../support/world.js";

/**
 * A `| column | value |` table as row changes: `(empty)` is the empty string, and the integer
 * columns (expiry, state) hold numbers when written as digits, as a database returns them.
 */
function rowChanges(table: DataTable): Partial<Pick<RegistrantRow, RecordColumn>> {
  const changes: { -readonly [K in RecordColumn]?: RegistrantRow[K] } = {};
  for (const row of table.hashes()) {
    const name = column(row, "column");
    const value = column(row, "value");
    const known = RECORD_COLUMNS.find((settable) => settable === name);
    if (known === undefined) throw new Error(`unknown column ${name} (known: ${RECORD_COLUMNS.join(", ")})`);
    const text = value === "(empty)" ? "" : value;
    if (known === "expiry" || known === "state") changes[known] = /^-?\d+$/.test(text) ? Number(text) : text;
    else changes[known] = text;
  }
  return changes;
}

/** The table's row of `account`'s record. */
async function tableRow(world: RegistrantWorld, store: MemoryRegistrantStore, account: string): Promise<RegistrantRow> {
  const id = world.recordOf(account);
  const stored = await store.loadOne(id);
  if (stored === null) throw new Error(`the table has no row for ${id.aor}`);
  return stored;
}

/** The record of `account`: of the scenario's row, or the one a row for it would have (a record the engine never had). */
function anyRecordOf(world: RegistrantWorld, account: string): RecordId {
  const aor = world.aorOf(account);
  if (world.rows.some((r) => r.aor === aor)) return world.recordOf(account);
  const { contact, registrar } = world.newRow(account, { password: null, expiry: 3600 });
  if (contact === null || registrar === null) throw new Error(`no row can be made for ${account}`);
  return { aor, contact, registrar };
}

/** Runs an operation the scenario expects to be refused; the refusal is kept for the Then step. */
async function attempt(world: RegistrantWorld, operation: () => Promise<unknown>): Promise<void> {
  world.operationError = null;
  try {
    await operation();
  } catch (error) {
    if (!(error instanceof RegistrantOperationError)) throw error;
    world.operationError = error;
    return;
  }
  throw new Error("the operation was carried out, but the scenario expects it to be refused");
}

Given("{word}'s row has:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const changes = rowChanges(table);
  for (const name of RECORD_COLUMNS) {
    const value = changes[name];
    if (value !== undefined) this.setRowColumn(account, name, value);
  }
});

When("the operator disables {word}", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.disable(this.recordOf(account));
});

When("the operator enables {word}", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.enable(this.recordOf(account));
});

When("the operator forces {word} to register", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.forceRegister(this.recordOf(account));
});

When("the operator deletes {word}", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.delete(this.recordOf(account));
});

When("the operator upserts {word} with:", async function (this: RegistrantWorld, account: string, table: DataTable) {
  const { engine } = await this.running();
  const row = { ...this.rowOf(account), ...rowChanges(table) };
  await engine.upsert(row);
  this.rememberRow(row);
});

When(
  "the operator upserts a new record for {word} with expiry {int} and no credentials",
  async function (this: RegistrantWorld, account: string, expiry: number) {
    const { engine } = await this.running();
    const row = this.newRow(account, { password: null, expiry });
    await engine.upsert(row);
    this.rememberRow(row);
  },
);

When("the operator reloads all records", async function (this: RegistrantWorld) {
  const { engine } = await this.running();
  this.acceptLoad(await engine.reload());
});

When("the operator reloads {word}", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.reload(this.recordOf(account));
});

When(/^the operator tries to (enable|disable|delete|reload) (\S+)$/, async function (this: RegistrantWorld, operation: string, account: string) {
  const { engine } = await this.running();
  const id = anyRecordOf(this, account);
  const run = { enable: () => engine.enable(id), disable: () => engine.disable(id), delete: () => engine.delete(id), reload: () => engine.reload(id) };
  await attempt(this, run[operation as keyof typeof run]);
});

When("the operator tries to force {word} to register", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await attempt(this, () => engine.forceRegister(anyRecordOf(this, account)));
});

When("the operator tries to upsert {word} with:", async function (this: RegistrantWorld, account: string, table: DataTable) {
  const { engine } = await this.running();
  await attempt(this, () => engine.upsert({ ...this.rowOf(account), ...rowChanges(table) }));
});

When("the operator changes {word}'s row in the table:", async function (this: RegistrantWorld, account: string, table: DataTable) {
  const { store } = await this.running();
  const stored = await tableRow(this, store, account);
  const row = { ...stored, ...rowChanges(table) };
  store.putRow(row);
  this.rememberRow(row);
});

When(
  "the operator gives {word}'s row in the table the sharing tag {string}, which the engine must reject",
  async function (this: RegistrantWorld, account: string, tag: string) {
    const { store } = await this.running();
    const stored = await tableRow(this, store, account);
    store.putRow({ ...stored, cluster_shtag: tag });
    this.expectRejection(account);
  },
);

When("the operator removes {word}'s row from the table", async function (this: RegistrantWorld, account: string) {
  const { store } = await this.running();
  assert.ok(store.removeRow(this.recordOf(account)), `the table has no row for ${account}`);
});

When(
  "the operator adds a row for {word} to the table with expiry {int} and no credentials",
  async function (this: RegistrantWorld, account: string, expiry: number) {
    const { store } = await this.running();
    const row = this.newRow(account, { password: null, expiry });
    store.putRow(row);
    this.rememberRow(row);
  },
);

Then("the operation was refused as {word}, naming {word}", function (this: RegistrantWorld, code: string, param: string) {
  const error = this.operationError;
  assert.ok(error !== null, "no operation was refused");
  assert.deepEqual({ code: error.code, param: error.param }, { code, param }, error.message);
});

// The reason is everything between the first and the last double quote: it may quote values itself.
Then(
  /^the operation was refused as (\S+), naming (\S+): "(.*)"$/,
  function (this: RegistrantWorld, code: string, param: string, reason: string) {
    const error = this.operationError;
    assert.ok(error !== null, "no operation was refused");
    assert.deepEqual({ code: error.code, param: error.param, reason: error.reason }, { code, param, reason });
  },
);

Then("the engine wrote the state column {int} time(s)", function (this: RegistrantWorld, count: number) {
  assert.equal(this.run.store.stateWrites.length, count, JSON.stringify(this.run.store.stateWrites));
});

Then("the engine wrote no state column", function (this: RegistrantWorld) {
  assert.deepEqual(this.run.store.stateWrites, []);
});

Then("the engine has no record for {word}", function (this: RegistrantWorld, account: string) {
  const aor = this.aorOf(account);
  const listed = this.run.engine.list().Records.map((r) => r.AOR);
  assert.ok(!listed.includes(aor), `reg_list still shows ${aor}`);
});

/** reg_list (§9.2), all records: buckets 0..N-1, list order within each. */
Then("the engine lists:", function (this: RegistrantWorld, table: DataTable) {
  const actual = this.run.engine.list().Records.map((r) => ({ AOR: r.AOR, state: r.state, enabled: r.enabled, expires: String(r.expires) }));
  const expected = table.hashes().map((row) => ({
    AOR: this.aorOf(column(row, "account")),
    state: column(row, "state"),
    enabled: column(row, "enabled"),
    expires: column(row, "expires"),
  }));
  assert.deepEqual(actual, expected);
});

Then("the load rejected {word}'s row, naming {word}", function (this: RegistrantWorld, account: string, param: string) {
  const rejected = this.rejectionsOf(account).map((r) => r.param);
  assert.deepEqual(rejected, [param], JSON.stringify(this.lastLoad?.rejected ?? []));
});
