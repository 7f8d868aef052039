/**
 * The SQL store contract on the real MariaDB (127.0.0.1:3306, root) through mysql2, each test in
 * a database of its own: OpenSIPS's own v3 table with NULL expiry rows loads unchanged, the
 * version check, the §8 state write, renamed columns, chunked reads from the row stream.
 */
import { after, before } from "node:test";
import { openMysql } from "../engine/store/mysql-connection.js";
import { describeStoreContract } from "../engine/store/test-support.js";
import { ensureMariadb, MARIADB_URL, mariadbDatabaseUrl, mariadbQuery, uniqueName } from "./db-servers.js";

const databases: string[] = [];

before(() => ensureMariadb());
after(async () => {
  for (const database of databases) await mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`);
});

describeStoreContract("MariaDB", async () => {
  const database = uniqueName("my");
  databases.push(database);
  await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
  return openMysql(mariadbDatabaseUrl(database), 5000);
});
