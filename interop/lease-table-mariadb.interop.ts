/** The lease table's SQL on the real MariaDB (127.0.0.1:3306, root) through mysql2, each test in a database of its own. */
import { after, before } from "node:test";
import { openSqlConnection } from "../engine/index.js";
import { ensureMariadb, MARIADB_URL, mariadbDatabaseUrl, mariadbQuery, uniqueName } from "./db-servers.js";
import { describeLeaseTableContract } from "./lease-table-contract.js";

const databases: string[] = [];

before(() => ensureMariadb());
after(async () => {
  for (const database of databases) await mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`);
});

describeLeaseTableContract("MariaDB", async () => {
  const database = uniqueName("lease_my");
  databases.push(database);
  await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
  return () => openSqlConnection(mariadbDatabaseUrl(database), 5000);
});
