/**
 * The OpenSIPS `registrant` table, schema version 3 (spec §13), and the `version` table row that
 * says so, in each dialect, as OpenSIPS's own `opensips-cli` scripts create them: the same
 * types, NULLs, defaults and unique index on (aor, binding_URI, registrar). Table and column
 * names come from the parameters. `IF NOT EXISTS` everywhere: creating twice changes nothing.
 */
import type { Dialect } from "./sql-connection.js";
import type { TableNames } from "./table-names.js";

export const REGISTRANT_SCHEMA_VERSION = 3;

const ID: Record<Dialect, string> = {
  sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL",
  postgres: "SERIAL PRIMARY KEY NOT NULL",
  mysql: "INT(10) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL",
};

const UNSIGNED_INT: Record<Dialect, string> = { sqlite: "INTEGER", postgres: "INTEGER", mysql: "INT(10) UNSIGNED" };

/** The statements that create the `version` table and the registrant table (no version row: see `versionRowSql`). */
export function createTablesSql(dialect: Dialect, names: TableNames): string[] {
  const n = names;
  const table = [
    `CREATE TABLE IF NOT EXISTS ${n.table_name} (`,
    `  id ${ID[dialect]},`,
    `  ${n.registrar_column} VARCHAR(255) DEFAULT '' NOT NULL,`,
    `  ${n.proxy_column} VARCHAR(255) DEFAULT NULL,`,
    `  ${n.aor_column} VARCHAR(255) DEFAULT '' NOT NULL,`,
    `  ${n.third_party_registrant_column} VARCHAR(255) DEFAULT NULL,`,
    `  ${n.username_column} VARCHAR(64) DEFAULT NULL,`,
    `  ${n.password_column} VARCHAR(64) DEFAULT NULL,`,
    `  ${n.binding_URI_column} VARCHAR(255) DEFAULT '' NOT NULL,`,
    `  ${n.binding_params_column} VARCHAR(64) DEFAULT NULL,`,
    `  ${n.expiry_column} ${UNSIGNED_INT[dialect]} DEFAULT NULL,`,
    `  ${n.forced_socket_column} VARCHAR(64) DEFAULT NULL,`,
    `  ${n.cluster_shtag_column} VARCHAR(64) DEFAULT NULL,`,
    `  ${n.state_column} INTEGER DEFAULT 0 NOT NULL,`,
    `  CONSTRAINT ${n.table_name}_registrant_idx UNIQUE (${n.aor_column}, ${n.binding_URI_column}, ${n.registrar_column})`,
    `)${dialect === "mysql" ? " ENGINE=InnoDB" : ""}`,
  ].join("\n");
  const version = [
    "CREATE TABLE IF NOT EXISTS version (",
    `  table_name ${dialect === "mysql" ? "CHAR(32)" : "VARCHAR(32)"} NOT NULL,`,
    "  table_version INTEGER DEFAULT 0 NOT NULL,",
    "  CONSTRAINT t_name_idx UNIQUE (table_name)",
    `)${dialect === "mysql" ? " ENGINE=InnoDB" : ""}`,
  ].join("\n");
  return [version, table];
}

/** The `version` table row of the registrant table; parameters: the table name, the version. */
export const INSERT_VERSION_SQL = "INSERT INTO version (table_name, table_version) VALUES (?, ?)";
export const SELECT_VERSION_SQL = "SELECT table_version FROM version WHERE table_name = ?";
