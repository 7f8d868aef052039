/** The lease table's SQL on the real PostgreSQL (127.0.0.1:5432, database test), each test in a schema of its own. */
import { after, before } from "node:test";
import { openSqlConnection } from "../engine/index.js";
import { ensurePostgres, POSTGRES_URL, postgresQuery, postgresSchemaUrl, uniqueName } from "./db-servers.js";
import { describeLeaseTableContract } from "./lease-table-contract.js";

const schemas: string[] = [];

before(() => ensurePostgres());
after(async () => {
  for (const schema of schemas) await postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

describeLeaseTableContract("PostgreSQL", async () => {
  const schema = uniqueName("lease_pg");
  schemas.push(schema);
  await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
  return () => openSqlConnection(postgresSchemaUrl(schema), 5000);
});
