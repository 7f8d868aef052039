/**
 * Steps about what a record is made of beyond aor, password and expiry (outbound proxy,
 * third-party registrant, forced socket, sharing tag, state column), the lab around the engine
 * (its sockets, the names its resolver knows, the cluster's sharing tags), the rows a load
 * refuses, and what the engine shows of a record: its state changes (from the run log), its
 * reg_list entry and the dialogs of its REGISTERs.
 */
import assert from "node:assert/strict";
import { DataTable, Given, Then, When } from "@cucumber/cucumber";
import { formatUri, getFrom, getTag, getTo, type ListedRecord } from "../../engine/index.js";
import { listRegisters, findRegister } from "../support/registers.js";
import { column } from "../support/tables.js";
import { RECORD_COLUMNS, type RecordColumn, type RegistrantWorld } from "../support/world.js";

Given(
  new RegExp(`^the record of (\\S+) has (${RECORD_COLUMNS.join("|")}) "(.*)"$`),
  function (this: RegistrantWorld, account: string, name: RecordColumn, value: string) {
    this.setRowColumn(account, name, value);
  },
);

Given(/^the record of (\S+) has no (username|password)$/, function (this: RegistrantWorld, account: string, name: "username" | "password") {
  this.setRowColumn(account, name, null);
});

Given("the engine also listens on {word}", function (this: RegistrantWorld, socket: string) {
  this.extraEngineSockets.push(socket);
});

Given("the name {word} resolves to {word}", function (this: RegistrantWorld, host: string, address: string) {
  this.resolverEntries[host] = [...(this.resolverEntries[host] ?? []), address];
});

Given("each name lookup of the engine takes {int} seconds", function (this: RegistrantWorld, seconds: number) {
  this.resolverDelayMs = seconds * 1000;
});

Given("the simulated registrar also answers on {word}", function (this: RegistrantWorld, socket: string) {
  this.extraRegistrarSockets.push(socket);
});

When("the engine loads the table", async function (this: RegistrantWorld) {
  this.expectAnyRejection();
  await this.start();
});

Then("the state changes of {word} were:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const aor = this.aorOf(account);
  const actual = this.stateChanges.filter((c) => c.aor === aor).map((c) => ({ second: String(c.second), from: c.from, to: c.to, row: c.row }));
  const expected = table.hashes().map((row) => ({ second: column(row, "second"), from: column(row, "from"), to: column(row, "to"), row: column(row, "row") }));
  assert.deepEqual(actual, expected);
});

Then(
  "the REGISTER of {word} at second {int} with CSeq {int} went from {word} to {word}",
  function (this: RegistrantWorld, account: string, second: number, cseq: number, from: string, to: string) {
    const { found } = findRegister(this, account, second, cseq);
    assert.deepEqual({ from: found.from, to: found.to }, { from, to });
  },
);

Then(
  "the REGISTER of {word} at second {int} with CSeq {int} had the Request-URI {word}",
  function (this: RegistrantWorld, account: string, second: number, cseq: number, uri: string) {
    const { request } = findRegister(this, account, second, cseq).found;
    assert.ok(request.kind === "request", "a REGISTER is a request");
    assert.equal(formatUri(request.uri), uri);
  },
);

Then("reg_list shows {word} with:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const listed = this.listedRecordOf(account);
  const shown = (field: string): string => {
    const value = listed[field as keyof ListedRecord];
    return value === undefined ? "absent" : String(value);
  };
  const expected = table.hashes().map((row) => ({ field: column(row, "field"), value: column(row, "value") }));
  assert.deepEqual(
    expected.map(({ field }) => ({ field, value: shown(field) })),
    expected,
  );
});

Then(
  "the load refused the row of {word}, naming {word} because it {string}",
  function (this: RegistrantWorld, account: string, param: string, reason: string) {
    const report = this.loadReport;
    const refused = this.rejectionsOf(account);
    assert.equal(refused.length, 1, `refused rows: ${JSON.stringify(report.rejected)}`);
    const [row] = refused;
    assert.equal(row?.param, param, row?.reason);
    assert.ok(row?.reason.includes(reason), `the reason given was: ${row?.reason}`);
  },
);

Then("the load refused no row", function (this: RegistrantWorld) {
  assert.deepEqual(this.loadReport.rejected, []);
});

Then("the load took {int} record(s) and refused {int}", function (this: RegistrantWorld, loaded: number, rejected: number) {
  const report = this.loadReport;
  assert.deepEqual({ loaded: report.loaded, rejected: report.rejected.length }, { loaded, rejected }, JSON.stringify(report.rejected));
});

Then(
  "every REGISTER of {word} had a Call-ID of 27 and a From tag of 5 lowercase hex digits",
  function (this: RegistrantWorld, account: string) {
    const sent = this.registerTransactions(this.aorOf(account));
    assert.ok(sent.length > 0, `${account} sent no REGISTER`);
    for (const t of sent) {
      assert.match(t.callId, /^[0-9a-f]{27}$/, `Call-ID of the REGISTER at second ${t.second}`);
      assert.match(getTag(getFrom(t.request)) ?? "none", /^[0-9a-f]{5}$/, `From tag of the REGISTER at second ${t.second}`);
    }
  },
);

Then("each dialog of {word} kept one From tag, and no two dialogs shared a Call-ID or a From tag", function (this: RegistrantWorld, account: string) {
  const sent = this.registerTransactions(this.aorOf(account));
  const tagOfDialog = new Map<string, string>();
  for (const t of sent) {
    const tag = getTag(getFrom(t.request)) ?? "none";
    const known = tagOfDialog.get(t.callId);
    if (known === undefined) tagOfDialog.set(t.callId, tag);
    else assert.equal(tag, known, `the REGISTER at second ${t.second} changed the From tag within its dialog:\n${listRegisters(sent)}`);
  }
  const tags = [...tagOfDialog.values()];
  assert.equal(new Set(tags).size, tags.length, `two dialogs share a From tag: ${tags.join(", ")}`);
});

When("the name {word} now resolves to {word}", async function (this: RegistrantWorld, host: string, address: string) {
  const { resolver } = await this.running();
  resolver.set(host, [address]);
});

/** `yes` when the header carries a tag parameter: the From of a REGISTER does, its To never (§6.1). */
Then(
  "the REGISTER of {word} at second {int} with CSeq {int} was addressed:",
  function (this: RegistrantWorld, account: string, second: number, cseq: number, table: DataTable) {
    const { request } = findRegister(this, account, second, cseq).found;
    const addresses = { To: getTo(request), From: getFrom(request) };
    const expected = table.hashes().map((row) => ({ header: column(row, "header"), URI: column(row, "URI"), tag: column(row, "tag") }));
    const actual = expected.map(({ header }) => {
      const address = addresses[header as keyof typeof addresses];
      if (address === undefined) throw new Error(`the table names To or From, not ${header}`);
      return { header, URI: formatUri(address.uri), tag: getTag(address) === null ? "no" : "yes" };
    });
    assert.deepEqual(actual, expected);
  },
);
