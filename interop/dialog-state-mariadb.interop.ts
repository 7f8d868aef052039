/**
 * The dialog-state table's contract (N11, N12) on the real MariaDB (127.0.0.1:3306, root) through
 * mysql2, each test in a database of its own: BIGINT epoch milliseconds, the ON DUPLICATE KEY
 * upsert and its epoch fence, one tag's rows.
 */
import { after, before } from "node:test";
import { describeDialogStateContract } from "../testkit/dialog-state-contract.js";
import { openMysql } from "../testkit/store-contract.js";
import { ensureMariadb, MARIADB_URL, mariadbDatabaseUrl, mariadbQuery, uniqueName } from "./db-servers.js";

const databases: string[] = [];

before(() => ensureMariadb());
after(async () => {
  for (const database of databases) await mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`);
});

describeDialogStateContract("MariaDB", async () => {
  const database = uniqueName("mydlg");
  databases.push(database);
  await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
  return openMysql(mariadbDatabaseUrl(database), 5000);
});
