/**
 * The two databases the cluster tests run on, as `Cluster` needs them: PostgreSQL and MariaDB of
 * interop/db-servers.ts, database `test`, each test's tables named from its own prefix and
 * dropped afterwards with their `version` rows.
 */
import { MARIADB_URL, mariadbQuery, POSTGRES_URL, postgresQuery } from "../db-servers.js";
import type { ClusterDatabase } from "./cluster.js";

export const postgresCluster: ClusterDatabase = {
  label: "postgres",
  url: POSTGRES_URL,
  server: { host: "127.0.0.1", port: 5432 },
  urlThrough: (port) => POSTGRES_URL.replace(":5432/", `:${port}/`),
  async dropTables(names) {
    for (const name of names) await postgresQuery(POSTGRES_URL, `DROP TABLE IF EXISTS ${name}`);
    await postgresQuery(POSTGRES_URL, `DELETE FROM version WHERE table_name IN (${names.map((name) => `'${name}'`).join(", ")})`).catch(() => {});
  },
};

export const mariadbCluster: ClusterDatabase = {
  label: "mariadb",
  url: MARIADB_URL,
  server: { host: "127.0.0.1", port: 3306 },
  urlThrough: (port) => MARIADB_URL.replace(":3306/", `:${port}/`),
  async dropTables(names) {
    for (const name of names) await mariadbQuery(MARIADB_URL, `DROP TABLE IF EXISTS ${name}`);
    await mariadbQuery(MARIADB_URL, `DELETE FROM version WHERE table_name IN (${names.map((name) => `'${name}'`).join(", ")})`).catch(() => {});
  },
};
