/**
 * The child process of testkit/million-rows.ts, run with `node --expose-gc`:
 * `million-rows-child.ts DB_URL TABLE stream|whole`. Creates the registrant table TABLE (v3, with
 * its version row), fills it with MILLION_ROWS rows, then reads them back and checks they arrive
 * in table order. Live memory is measured after a full GC every SAMPLE_EVERY rows while they
 * arrive. The last stdout line is the MillionRowsReport as JSON.
 */
import { openSqlConnection } from "../engine/store/open-store.js";
import { SqlRegistrantStore } from "../engine/store/sql-store.js";
import { COLUMN_FIELDS, DEFAULT_TABLE_NAMES, type ColumnParam, type TableNames } from "../engine/store/table-names.js";
import { dropUniqueIndexSql, fillSql, millionAor, MILLION_ROWS, type MillionRowsReport } from "./million-rows.js";

const SAMPLE_EVERY = 100_000;

function liveMib(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 2 ** 20;
}

async function main(dbUrl: string, table: string, mode: string): Promise<MillionRowsReport> {
  if (typeof (globalThis as { gc?: unknown }).gc !== "function") throw new Error("run with node --expose-gc");
  if (mode !== "stream" && mode !== "whole") throw new Error(`mode is stream or whole, got ${mode}`);
  const names: TableNames = { ...DEFAULT_TABLE_NAMES, table_name: table };
  const connection = await openSqlConnection(dbUrl, 5000);
  const store = new SqlRegistrantStore(connection, names);
  try {
    await store.init();
    // What is measured is the read, a table scan either way; keeping the unique index up to date would double the fill.
    if (connection.dialect !== "sqlite") await connection.execute(dropUniqueIndexSql(connection.dialect, names));
    const filling = performance.now();
    await connection.execute(fillSql(connection.dialect, names, MILLION_ROWS));
    const fillMs = performance.now() - filling;
    const baselineMib = liveMib();
    let peak = 0;
    let next = 0;
    let sampledAt = 0;
    let outOfOrder: MillionRowsReport["outOfOrder"] = null;
    const arrived = (aors: readonly unknown[]): void => {
      for (const aor of aors) {
        if (outOfOrder === null && aor !== millionAor(next)) outOfOrder = { index: next, aor };
        next += 1;
      }
      if (next - sampledAt >= SAMPLE_EVERY) {
        sampledAt = next;
        peak = Math.max(peak, liveMib() - baselineMib);
      }
    };
    const reading = performance.now();
    if (mode === "stream") await store.readAll((rows) => arrived(rows.map((row) => row.aor)));
    else {
      // The store's columns, so that the read is the store's but for the chunks (a narrower one could follow an index's order).
      const columns = (Object.keys(COLUMN_FIELDS) as ColumnParam[]).map((param) => names[param]);
      const rows = await connection.query(`SELECT ${columns.join(", ")} FROM ${table}`);
      peak = Math.max(peak, liveMib() - baselineMib);
      const aorAt = columns.indexOf(names.aor_column);
      arrived(rows.map((row) => row[aorAt]));
    }
    const readMs = performance.now() - reading;
    return { rows: next, outOfOrder, baselineMib, peakAboveBaselineMib: peak, fillMs, readMs };
  } finally {
    await store.close();
  }
}

const [dbUrl, table, mode] = process.argv.slice(2);
if (dbUrl === undefined || table === undefined || mode === undefined) throw new Error("usage: million-rows-child.ts DB_URL TABLE stream|whole");
console.log(JSON.stringify(await main(dbUrl, table, mode)));
process.exit(0);
