/**
 * Then steps: what crossed the wire (REGISTER transactions, retransmissions folded), the records'
 * states, the events, the Status/Report, bucket placement and start-up refusals. Every time is in
 * whole seconds since the engine started.
 */
import assert from "node:assert/strict";
import { DataTable, Then } from "@cucumber/cucumber";
import { bucketOf, getContacts, getParam, headerValue } from "../../engine/index.js";
import { listRegisters, findRegister } from "../support/registers.js";
import { column } from "../support/tables.js";
import { START_MS, type RegisterTransaction, type RegistrantWorld } from "../support/world.js";

/** What the REGISTER asked of its Contact: `*` for a wildcard, else the first Contact's expires parameter. */
function contactAsked(t: RegisterTransaction): string {
  const contacts = getContacts(t.request);
  if (contacts.wildcard) return "*";
  const expires = contacts.contacts[0] === undefined ? null : getParam(contacts.contacts[0].params, "expires");
  return expires === null ? "no expires" : `expires=${expires}`;
}

Then("{word} sent a REGISTER at second {int} with CSeq {int}", function (this: RegistrantWorld, account: string, second: number, cseq: number) {
  findRegister(this, account, second, cseq);
});

Then(
  "{word} sent a REGISTER at second {int} with the same Call-ID and CSeq {int}",
  function (this: RegistrantWorld, account: string, second: number, cseq: number) {
    const { found, previous } = findRegister(this, account, second, cseq);
    assert.ok(previous !== null, `${account}'s REGISTER at second ${second} is the first one: there is no Call-ID to keep`);
    assert.equal(found.callId, previous.callId, `the REGISTER at second ${second} changed the Call-ID`);
  },
);

Then(
  "{word} sent a REGISTER at second {int} with a new Call-ID and CSeq {int}",
  function (this: RegistrantWorld, account: string, second: number, cseq: number) {
    const { found, previous } = findRegister(this, account, second, cseq);
    if (previous !== null) assert.notEqual(found.callId, previous.callId, `the REGISTER at second ${second} kept the Call-ID`);
  },
);

Then(
  "{word} sent no REGISTER between second {int} and second {int}",
  function (this: RegistrantWorld, account: string, from: number, to: number) {
    const sent = this.registerTransactions(this.aorOf(account));
    const inside = sent.filter((t) => t.second >= from && t.second <= to);
    assert.deepEqual(inside, [], `${account} sent REGISTERs between seconds ${from} and ${to}:\n${listRegisters(inside)}`);
  },
);

Then("{word} sent {int} REGISTER(s)", function (this: RegistrantWorld, account: string, count: number) {
  const sent = this.registerTransactions(this.aorOf(account));
  assert.equal(sent.length, count, `${account} sent:\n${listRegisters(sent)}`);
});

/**
 * Optional columns: `Call-ID` names each dialog by the order it first appeared (#1, #2, ...), so
 * that the table shows which REGISTERs kept the Call-ID; `contact` is `*` for a wildcard
 * unREGISTER, else the first Contact's `expires=N` as asked.
 */
Then("the REGISTER transactions of {word} were:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const header = table.raw()[0] ?? [];
  const withCallId = header.includes("Call-ID");
  const withContact = header.includes("contact");
  const dialogs: string[] = [];
  const dialogOf = (callId: string): string => {
    if (!dialogs.includes(callId)) dialogs.push(callId);
    return `#${dialogs.indexOf(callId) + 1}`;
  };
  const actual = this.registerTransactions(this.aorOf(account)).map((t) => ({
    second: String(t.second),
    ...(withCallId ? { "Call-ID": dialogOf(t.callId) } : {}),
    CSeq: String(t.cseq),
    ...(withContact ? { contact: contactAsked(t) } : {}),
    credentials: t.digest !== null ? "yes" : "no",
    answer: t.answers.join(", ") || "none",
  }));
  const expected = table.hashes().map((row) => ({
    second: column(row, "second"),
    ...(withCallId ? { "Call-ID": column(row, "Call-ID") } : {}),
    CSeq: column(row, "CSeq"),
    ...(withContact ? { contact: column(row, "contact") } : {}),
    credentials: column(row, "credentials"),
    answer: column(row, "answer"),
  }));
  assert.deepEqual(actual, expected);
});

Then("{word} is in state {word}", function (this: RegistrantWorld, account: string, state: string) {
  assert.equal(this.listedRecordOf(account).state, state);
});

Then("the events were:", function (this: RegistrantWorld, table: DataTable) {
  const actual = this.events.map((e) => ({ second: String(e.second), event: e.name, aor: e.params.aor }));
  const expected = table.hashes().map((row) => ({
    second: column(row, "second"),
    event: column(row, "event"),
    aor: this.aorOf(column(row, "aor")),
  }));
  assert.deepEqual(actual, expected);
});

Then("the events of {word} were:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const aor = this.aorOf(account);
  const actual = this.events.filter((e) => e.params.aor === aor).map((e) => ({ second: String(e.second), event: e.name }));
  const expected = table.hashes().map((row) => ({ second: column(row, "second"), event: column(row, "event") }));
  assert.deepEqual(actual, expected);
});

Then("the status of {word} is {int} with text {word}", function (this: RegistrantWorld, account: string, status: number, text: string) {
  const view = this.run.engine.statusReport(this.recordOf(account));
  assert.deepEqual({ status: view.status, text: view.text }, { status, text });
});

Then("the status report of {word} reads:", function (this: RegistrantWorld, account: string, table: DataTable) {
  const startSec = START_MS / 1000;
  // Reports carry Unix seconds and end with a newline, as OpenSIPS writes them; the table shows
  // seconds since the start and the text alone.
  const actual = this.run.engine
    .statusReport(this.recordOf(account))
    .reports.map((r) => ({ second: String(r.atSec - startSec), report: r.text.trimEnd() }));
  const expected = table.hashes().map((row) => ({ second: column(row, "second"), report: column(row, "report") }));
  assert.deepEqual(actual, expected);
});

Then("the accounts are in these buckets of {int}:", function (this: RegistrantWorld, buckets: number, table: DataTable) {
  const actual = table.hashes().map((row) => ({ account: column(row, "account"), bucket: String(bucketOf(this.aorOf(column(row, "account")), buckets)) }));
  const expected = table.hashes().map((row) => ({ account: column(row, "account"), bucket: column(row, "bucket") }));
  assert.deepEqual(actual, expected);
});

Then("the first REGISTER of each account went out at:", function (this: RegistrantWorld, table: DataTable) {
  const sent = this.registerTransactions();
  const actual = table.hashes().map((row) => {
    const account = column(row, "account");
    const aor = this.aorOf(account);
    const first = sent.find((t) => t.aor === aor);
    return { account, second: first === undefined ? "never" : String(first.second) };
  });
  const expected = table.hashes().map((row) => ({ account: column(row, "account"), second: column(row, "second") }));
  assert.deepEqual(actual, expected);
});

Then("the registrar has {int} binding(s) for {word}", function (this: RegistrantWorld, count: number, account: string) {
  assert.equal(this.run.registrar.bindings(this.aorOf(account)).length, count);
});

Then("the engine refuses to start, naming {word}", function (this: RegistrantWorld, param: string) {
  assert.ok(this.startError !== null, "the engine started");
  assert.equal(this.startError.param, param, this.startError.message);
});

Then("the engine refuses to start, naming {word} because it {string}", function (this: RegistrantWorld, param: string, reason: string) {
  assert.ok(this.startError !== null, "the engine started");
  assert.equal(this.startError.param, param, this.startError.message);
  assert.ok(this.startError.reason.includes(reason), `the reason given was: ${this.startError.reason}`);
});

Then(
  "the REGISTER of {word} at second {int} with CSeq {int} carried {word} with:",
  function (this: RegistrantWorld, account: string, second: number, cseq: number, header: string, table: DataTable) {
    const { digest } = findRegister(this, account, second, cseq).found;
    assert.ok(digest !== null, `${account}'s REGISTER at second ${second} with CSeq ${cseq} carried no credentials`);
    assert.equal(digest.header, header, "the credentials went in another header");
    const expected = table.hashes().map((row) => ({ parameter: column(row, "parameter"), value: column(row, "value") }));
    // Only the parameters the table names: nonce, cnonce and response change with the seed.
    const actual = expected.map(({ parameter }) => ({ parameter, value: digest.params.get(parameter) ?? "absent" }));
    assert.deepEqual(actual, expected);
  },
);

Then(
  "the REGISTER of {word} at second {int} with CSeq {int} carried the headers:",
  function (this: RegistrantWorld, account: string, second: number, cseq: number, table: DataTable) {
    const { request } = findRegister(this, account, second, cseq).found;
    const expected = table.hashes().map((row) => ({ header: column(row, "header"), value: column(row, "value") }));
    const actual = expected.map(({ header }) => ({ header, value: headerValue(request, header) ?? "absent" }));
    assert.deepEqual(actual, expected);
  },
);

Then("the state column of {word}'s row is {int}", function (this: RegistrantWorld, account: string, state: number) {
  const aor = this.aorOf(account);
  const row = this.run.store.rows.find((r) => r.aor === aor);
  assert.ok(row !== undefined, `the table has no row for ${aor}`);
  assert.equal(row.state, state);
});
