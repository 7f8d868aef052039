/**
 * `npm run bench:reload [rows]` (not part of npm test): bench:run's reload figures alone, without
 * the registration runs, for working on the reload path. Prints `reload of <rows> rows: <s> s`
 * for SQLite (a temp folder) and for PostgreSQL (127.0.0.1:5432, database test, a schema of its
 * own; n/a when it does not answer). `--only sqlite` skips PostgreSQL (e.g. under a profiler).
 */
import { parseArgs } from "node:util";
import { reloadOnPostgres, reloadOnSqlite, type ReloadResult } from "./run/reload.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { only: { type: "string" } } });
const rows = positionals[0] === undefined ? 100_000 : Number(positionals[0]);
if (!Number.isSafeInteger(rows) || rows <= 0) throw new Error(`rows must be a positive whole number, got ${positionals[0]}`);
if (values.only !== undefined && values.only !== "sqlite" && values.only !== "postgres") throw new Error(`--only is sqlite or postgres, got ${values.only}`);

const line = (result: ReloadResult | string, database: string): string =>
  typeof result === "string"
    ? `reload of ${rows.toLocaleString("en-US")} rows: n/a (${result})`
    : `reload of ${rows.toLocaleString("en-US")} rows: ${result.reloadSec.toFixed(2)} s (${database}; CPU ${result.reloadCpuSec.toFixed(2)} s; first load ${result.startSec.toFixed(2)} s)`;

if (values.only !== "postgres") console.log(line(await reloadOnSqlite(rows), "SQLite"));
if (values.only !== "sqlite") console.log(line(await reloadOnPostgres(rows), "PostgreSQL"));
process.exit(0);
