import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createdMeanwhile, createIfMissing } from "./create-if-missing.js";
import type { SqlConnection } from "./sql-connection.js";

/** A connection whose `execute` fails with the next scripted error, then succeeds; it records each statement it was given. */
function scripted(errors: unknown[]): { db: SqlConnection; ran: string[] } {
  const ran: string[] = [];
  const fail = (): never => {
    throw new Error("not used");
  };
  const db: SqlConnection = {
    dialect: "postgres",
    query: fail,
    stream: fail,
    transaction: fail,
    close: () => Promise.resolve(),
    abort: fail,
    execute: (sql) => {
      ran.push(sql);
      const error = errors.shift();
      return error === undefined ? Promise.resolve(0) : Promise.reject(error);
    },
  };
  return { db, ran };
}

const pgTypeRace = Object.assign(new Error('duplicate key value violates unique constraint "pg_type_typname_nsp_index"'), { code: "23505" });

describe("createIfMissing: three nodes creating one table at once", () => {
  it("PostgreSQL's catalog race (pg_type_typname_nsp_index) means another node created it: the statement runs again and the next one follows", async () => {
    const { db, ran } = scripted([pgTypeRace]);
    await createIfMissing(db, ["CREATE TABLE IF NOT EXISTS t (a INT)", "CREATE INDEX IF NOT EXISTS t_a ON t (a)"]);
    assert.deepEqual(ran, ["CREATE TABLE IF NOT EXISTS t (a INT)", "CREATE TABLE IF NOT EXISTS t (a INT)", "CREATE INDEX IF NOT EXISTS t_a ON t (a)"]);
  });

  it("any other error is the caller's at once (a syntax error, a refused permission)", async () => {
    const denied = Object.assign(new Error("permission denied for schema public"), { code: "42501" });
    const { db, ran } = scripted([denied]);
    await assert.rejects(createIfMissing(db, ["CREATE TABLE IF NOT EXISTS t (a INT)"]), /permission denied/);
    assert.equal(ran.length, 1);
  });

  it("a race that keeps failing is reported after 3 tries, not retried forever", async () => {
    const { db, ran } = scripted([pgTypeRace, pgTypeRace, pgTypeRace, pgTypeRace]);
    await assert.rejects(createIfMissing(db, ["CREATE TABLE IF NOT EXISTS t (a INT)"]), /pg_type_typname_nsp_index/);
    assert.equal(ran.length, 3);
  });

  it("knows each database's 'created meanwhile' errors and nothing else", () => {
    assert.equal(createdMeanwhile(pgTypeRace), true);
    assert.equal(createdMeanwhile({ code: "42P07" }), true, "PostgreSQL duplicate_table");
    assert.equal(createdMeanwhile({ code: "42710" }), true, "PostgreSQL duplicate_object");
    assert.equal(createdMeanwhile({ errno: 1050, code: "ER_TABLE_EXISTS_ERROR" }), true, "MySQL table exists");
    assert.equal(createdMeanwhile({ errno: 1061, code: "ER_DUP_KEYNAME" }), true, "MySQL duplicate index name");
    assert.equal(createdMeanwhile({ errno: 1045, code: "ER_ACCESS_DENIED_ERROR" }), false);
    assert.equal(createdMeanwhile({ code: "ECONNREFUSED" }), false);
    assert.equal(createdMeanwhile("23505"), false);
    assert.equal(createdMeanwhile(null), false);
  });
});
