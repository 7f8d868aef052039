/**
 * Saved registration dialogs (N11, N12): persist_state on, a restart of this node, the rows a
 * node of the scenario's past saved in the dialog-state table (good ones and bad ones), and what
 * the table and the wire show of a continued dialog.
 */
import assert from "node:assert/strict";
import { Given, Then, When, type DataTable } from "@cucumber/cucumber";
import { headerValue, type DialogStateRow } from "../../engine/index.js";
import { START_MS, type RegistrantWorld } from "../support/world.js";
import { column } from "../support/tables.js";

Given("persist_state is 1", function (this: RegistrantWorld) {
  if (this.started) throw new Error("persist_state is given before the engine starts");
  this.persistState = true;
});

/**
 * Columns: account, Call-ID, From tag, CSeq, granted (seconds), binding runs out at second (of
 * the scenario; "none" for no binding), sharing tag ("none" for no tag). A value is stored as
 * written when it is not a number, so that a scenario can show a bad row.
 */
Given("the dialog-state table holds, saved by another node:", function (this: RegistrantWorld, table: DataTable) {
  for (const row of table.hashes()) {
    const account = column(row, "account");
    const record = this.rowOf(account);
    const runsOut = column(row, "binding runs out at second");
    const tag = column(row, "sharing tag");
    const saved: DialogStateRow = {
      aor: record.aor,
      contact: record.contact,
      registrar: record.registrar,
      callId: column(row, "Call-ID"),
      fromTag: column(row, "From tag"),
      cseq: numberOrText(column(row, "CSeq")),
      expiresSec: numberOrText(column(row, "granted")),
      bindingExpiresMs: runsOut === "none" ? null : START_MS + Number(runsOut) * 1000,
      shtag: tag === "none" ? null : tag,
      epoch: 1,
    };
    this.dialogStates.putRow(saved);
  }
});

When("this node restarts", async function (this: RegistrantWorld) {
  await this.restart();
});

When("this node is killed \\(kill -9) and starts again", async function (this: RegistrantWorld) {
  await this.restart(true);
});

Then("every REGISTER of {word} carried the Call-ID {string} and the From tag {string}", function (this: RegistrantWorld, account: string, callId: string, fromTag: string) {
  const sent = this.registerTransactions(this.aorOf(account));
  assert.ok(sent.length > 0, `${account} sent no REGISTER`);
  for (const transaction of sent) {
    assert.equal(transaction.callId, callId);
    assert.equal(/;\s*tag=([^;\s]+)/i.exec(headerValue(transaction.request, "From") ?? "")?.[1], fromTag);
  }
});

Then("the dialog-state table holds {word}'s dialog with CSeq {int}, the binding running out at second {int}", function (this: RegistrantWorld, account: string, cseq: number, second: number) {
  const row = this.dialogStates.row(this.recordOf(account));
  assert.ok(row !== undefined, `no saved dialog of ${account}`);
  const last = this.registerTransactions(this.aorOf(account)).at(-1);
  assert.deepEqual(
    { callId: row.callId, cseq: row.cseq, bindingExpiresMs: row.bindingExpiresMs },
    { callId: last?.callId, cseq, bindingExpiresMs: START_MS + second * 1000 },
  );
});

Then("the dialog-state table is empty", function (this: RegistrantWorld) {
  assert.deepEqual(this.dialogStates.rows, []);
});

Then("the engine skipped the saved dialog of {word}, naming the field {word}", function (this: RegistrantWorld, account: string, field: string) {
  const aor = this.aorOf(account);
  const skipped = this.logger.lines.filter((line) => line.level === "warn" && "aor" in line.ctx && line.ctx.aor === aor && line.msg.startsWith("saved dialog"));
  assert.equal(skipped.length, 1, this.logger.lines.map((line) => line.msg).join("\n"));
  assert.ok("field" in (skipped[0]?.ctx ?? {}) && (skipped[0]?.ctx as { field: unknown }).field === field, skipped[0]?.msg);
  assert.match(skipped[0]?.msg ?? "", new RegExp(`: ${field}: `));
});

function numberOrText(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}
