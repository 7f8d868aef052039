/**
 * RegistrantStore drivers (ARCHITECTURE.md layer 7): in memory, and the OpenSIPS v3 registrant
 * table on SQLite, PostgreSQL or MySQL/MariaDB chosen by `db_url` (each driver loaded only when used).
 */
export { dbUrlPassword, DEFAULT_DB_URL, maskDbUrl, parseDbUrl, type DbUrl } from "./db-url.js";
export { createIfMissing } from "./create-if-missing.js";
export { StoreError, type StoreErrorCode } from "./errors.js";
export { readImportFile, type FileRow, type FileRowProblem, type ImportFile } from "./import-file.js";
export { importRows, type ImportReport } from "./import-rows.js";
export { MemoryDialogStateStore } from "./memory-dialog-state-store.js";
export { MemoryRegistrantStore } from "./memory-store.js";
export { openSqlConnection, openStore, type OpenStoreOptions } from "./open-store.js";
export { reconnectingConnection, StatementTimeoutError, type ReconnectingOptions } from "./reconnecting-connection.js";
export { createTablesSql, REGISTRANT_SCHEMA_VERSION } from "./schema-v3.js";
export type { Dialect, SqlConnection, SqlRow, SqlValue } from "./sql-connection.js";
export { createDialogStateTableSql, DEFAULT_DIALOG_STATE_TABLE, SqlDialogStateStore } from "./sql-dialog-state-store.js";
export { LOAD_CHUNK_ROWS, SqlRegistrantStore, type InitResult } from "./sql-store.js";
export { DEFAULT_TABLE_NAMES, TABLE_NAME_PARAMS, type TableNames } from "./table-names.js";
