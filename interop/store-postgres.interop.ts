/**
 * The SQL store contract on the real PostgreSQL (127.0.0.1:5432, database test), each test in a
 * schema of its own: OpenSIPS's own v3 table with NULL expiry rows loads unchanged, the version
 * check, the §8 state write, renamed columns, chunked reads through a server-side cursor.
 */
import { after, before } from "node:test";
import { openPostgres } from "../engine/store/postgres-connection.js";
import { describeStoreContract } from "../engine/store/test-support.js";
import { ensurePostgres, POSTGRES_URL, postgresQuery, postgresSchemaUrl, uniqueName } from "./db-servers.js";

const schemas: string[] = [];

before(() => ensurePostgres());
after(async () => {
  for (const schema of schemas) await postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

describeStoreContract("PostgreSQL", async () => {
  const schema = uniqueName("pg");
  schemas.push(schema);
  await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
  return openPostgres(postgresSchemaUrl(schema), 5000);
});
