/**
 * The dialog-state table's contract (N11, N12) on the real PostgreSQL (127.0.0.1:5432, database
 * test), each test in a schema of its own: BIGINT epoch milliseconds, the conditional upsert and
 * its epoch fence, one tag's rows.
 */
import { after, before } from "node:test";
import { describeDialogStateContract } from "../testkit/dialog-state-contract.js";
import { openPostgres } from "../testkit/store-contract.js";
import { ensurePostgres, POSTGRES_URL, postgresQuery, postgresSchemaUrl, uniqueName } from "./db-servers.js";

const schemas: string[] = [];

before(() => ensurePostgres());
after(async () => {
  for (const schema of schemas) await postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

describeDialogStateContract("PostgreSQL", async () => {
  const schema = uniqueName("pgdlg");
  schemas.push(schema);
  await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
  return openPostgres(postgresSchemaUrl(schema), 5000);
});
