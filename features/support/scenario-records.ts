/**
 * The registrant table as a scenario writes it: accounts (`alice` for sip:alice@example.org),
 * the columns a step may set, and which rows a load is expected to reject (D22).
 */
import assert from "node:assert/strict";
import { sameRecordId, type LoadReport, type RecordId, type RegistrantRow } from "../../engine/index.js";
import { ENGINE_HOST, REALM, REGISTRAR_URI } from "../../testkit/lab.js";

/** The columns of a record a step may set; the triple (aor, contact, registrar) names the record, so aor is not one. */
export const RECORD_COLUMNS = [
  "contact",
  "registrar",
  "proxy",
  "third_party_registrant",
  "username",
  "password",
  "binding_params",
  "expiry",
  "forced_socket",
  "cluster_shtag",
  "state",
] as const satisfies ReadonlyArray<keyof RegistrantRow>;
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

export class ScenarioRecords {
  readonly rows: RegistrantRow[] = [];
  /**
   * AORs whose rows the scenario expects a load to reject (D22), or "any" when the scenario
   * examines the load's report itself; any other rejection fails the step.
   */
  #rejectionsExpected: Set<string> | "any" = new Set<string>();
  /** The report of the last load (start-up or full reload). */
  lastLoad: LoadReport | null = null;

  /** `alice` stands for sip:alice@example.org; a full URI is taken as written. */
  aorOf(account: string): string {
    return account.includes(":") ? account : `sip:${account}@${REALM}`;
  }

  /** The row for `account` on the lab's registrar; `expiry` null leaves the column empty, so that default_expires applies (D2). */
  newRow(account: string, options: { readonly password: string | null; readonly expiry: number | null }): RegistrantRow {
    const aor = this.aorOf(account);
    const user = /^sips?:([^@]+)@/.exec(aor)?.[1] ?? account;
    return {
      aor,
      contact: `sip:${user}@${ENGINE_HOST}:5060`,
      registrar: REGISTRAR_URI,
      username: options.password === null ? null : user,
      password: options.password,
      expiry: options.expiry,
    };
  }

  /** Sets one column of the row of `account`. */
  setColumn(account: string, column: keyof RegistrantRow, value: string | number | null): void {
    const { index, row } = this.#rowAt(account);
    this.rows[index] = { ...row, [column]: value };
  }

  /** The scenario's row of `account` as last given to the engine (a copy). */
  rowOf(account: string): RegistrantRow {
    return { ...this.#rowAt(account).row };
  }

  /** Keeps a row given to the engine after the start (upsert, a new table row), so steps can name its record. */
  remember(row: RegistrantRow): void {
    const index = this.rows.findIndex((r) => sameRecordId(r, row));
    if (index === -1) this.rows.push({ ...row });
    else this.rows[index] = { ...row };
  }

  /** The record of an account, as the engine identifies it (the full triple, D3). */
  recordOf(account: string): RecordId {
    const aor = this.aorOf(account);
    const { contact, registrar } = this.rowOf(account);
    if (contact == null || registrar == null) throw new Error(`the scenario's row for ${aor} has no contact or no registrar: it names no record`);
    return { aor, contact, registrar };
  }

  /** The scenario says a load will reject the row of `account` (D22). */
  expectRejection(account: string): void {
    if (this.#rejectionsExpected !== "any") this.#rejectionsExpected.add(this.aorOf(account));
  }

  /** The scenario examines the load's report itself: no rejection fails the start. */
  expectAnyRejection(): void {
    this.#rejectionsExpected = "any";
  }

  /** The report of the last load, for assertions: an earlier step must have loaded the table. */
  get loadReport(): LoadReport {
    assert.ok(this.lastLoad !== null, "the engine never loaded the table");
    return this.lastLoad;
  }

  /** What the last load rejected of the rows of `account` (none when nothing was loaded). */
  rejectionsOf(account: string): LoadReport["rejected"] {
    const aor = this.aorOf(account);
    return this.lastLoad?.rejected.filter((r) => r.aor === aor) ?? [];
  }

  /** Keeps a load's report; a rejection the scenario did not expect would make later assertions misleading. */
  acceptLoad(report: LoadReport): void {
    this.lastLoad = report;
    const expected = this.#rejectionsExpected;
    if (expected === "any") return;
    const refused = report.rejected.filter((r) => r.aor === null || !expected.has(r.aor)).map((r) => `${r.aor ?? "?"}: ${r.param}: ${r.reason}`);
    if (refused.length > 0) throw new Error(`the engine refused records:\n${refused.join("\n")}`);
  }

  /** The scenario's (first) row of `account`, and where it is in `rows`. */
  #rowAt(account: string): { readonly index: number; readonly row: RegistrantRow } {
    const aor = this.aorOf(account);
    const index = this.rows.findIndex((r) => r.aor === aor);
    const row = this.rows[index];
    if (row === undefined) throw new Error(`the scenario has no record for ${aor}`);
    return { index, row };
  }
}
