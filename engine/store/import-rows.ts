/**
 * `uacreg db import`: rows from a file go through the same record validation as a load (the
 * D-rules: D2, D8, D19, D22, ...) before they are written, so what is imported will load. Each
 * rejected row is reported with its line and reason and the rest go in; a row whose triple is
 * already in the table is reported too (the unique index of §13).
 */
import { RecordError, validateRow, type RecordValidation } from "../registrant/index.js";
import type { FileRowProblem, ImportFile } from "./import-file.js";
import type { SqlRegistrantStore } from "./sql-store.js";

export interface ImportReport {
  readonly inserted: number;
  /** In line order. */
  readonly rejected: readonly FileRowProblem[];
}

const BATCH_ROWS = 1000;

/**
 * Validates the file's rows as a load would and inserts those that pass, in batches. A row that
 * fails validation (a RecordError) or is already in the table is reported in `rejected`, not thrown;
 * rejects with the driver's StoreError when the database fails.
 */
export async function importRows(store: SqlRegistrantStore, file: ImportFile, validation: RecordValidation): Promise<ImportReport> {
  const rejected: FileRowProblem[] = [...file.problems];
  const accepted: ImportFile["rows"][number][] = [];
  const seen = new Set<string>();
  for (const entry of file.rows) {
    try {
      const config = validateRow(entry.row, validation);
      const key = `${config.aor}\n${config.contact}\n${config.registrar}`;
      if (seen.has(key)) throw new RecordError("aor", "the triple (aor, binding_URI, registrar) repeats an earlier row of the file");
      seen.add(key);
      accepted.push(entry);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      rejected.push({ line: entry.line, reason: `${columnName(error.field)}: ${error.reason}` });
    }
  }
  let inserted = 0;
  for (let at = 0; at < accepted.length; at += BATCH_ROWS) {
    const batch = accepted.slice(at, at + BATCH_ROWS);
    const results = await store.insertRows(batch.map((entry) => entry.row));
    results.forEach((went, index) => {
      if (went) inserted++;
      else rejected.push({ line: batch[index]?.line ?? 0, reason: "the triple (aor, binding_URI, registrar) is already in the table" });
    });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { inserted, rejected };
}

/** Record errors name MI parameters; the file names DB columns. */
function columnName(field: string): string {
  return field === "contact" ? "binding_URI" : field;
}
