/**
 * The rows of a file for `uacreg db import`: CSV with a header row of column names, or YAML (a
 * list of mappings with the same names). Names are the table's configured column names (the
 * `*_column` parameters); the `id` column, if present, is ignored (the database numbers rows).
 * Every row keeps its line so that a rejection can say where it is. A problem with the file as a
 * whole (no header, an unknown column) is thrown; a problem with one row is that row's alone.
 */
import { readYaml } from "../yaml/index.js";
import type { RegistrantRow } from "../registrant/index.js";
import { CsvSyntaxError, parseCsv } from "./csv.js";
import { COLUMN_FIELDS, type ColumnParam, type TableNames } from "./table-names.js";
import { StoreError } from "./errors.js";

export interface FileRow {
  /** 1-based line in the file. */
  readonly line: number;
  readonly row: RegistrantRow;
}

export interface FileRowProblem {
  readonly line: number;
  readonly reason: string;
}

export interface ImportFile {
  readonly rows: readonly FileRow[];
  readonly problems: readonly FileRowProblem[];
}

const COLUMNS = Object.keys(COLUMN_FIELDS) as ColumnParam[];
const INTEGER_COLUMNS: ReadonlySet<ColumnParam> = new Set(["expiry_column", "state_column"]);

/** `name` decides the format: `.csv`, or `.yaml`/`.yml`. Throws `StoreError` `db_schema_invalid` for a file that cannot be read as rows. */
export function readImportFile(text: string, name: string, names: TableNames): ImportFile {
  if (/\.csv$/i.test(name)) return readCsv(text, name, names);
  if (/\.ya?ml$/i.test(name)) return readYamlRows(text, name, names);
  throw new StoreError("db_schema_invalid", `${name}: the file must end in .csv or .yaml`);
}

function columnsByName(names: TableNames): Map<string, ColumnParam> {
  return new Map(COLUMNS.map((param) => [names[param].toLowerCase(), param]));
}

function readCsv(text: string, file: string, names: TableNames): ImportFile {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new StoreError("db_schema_invalid", `${file}:${error.line}: ${error.reason}`);
  }
  const [header, ...body] = records;
  if (header === undefined) return { rows: [], problems: [] };
  const byName = columnsByName(names);
  const columns = header.fields.map((field) => {
    const name = field.text.trim();
    if (name.toLowerCase() === "id") return null;
    const param = byName.get(name.toLowerCase());
    if (param === undefined) throw new StoreError("db_schema_invalid", `${file}:${header.line}: unknown column "${name}" in the header (columns: ${COLUMNS.map((p) => names[p]).join(", ")})`);
    return param;
  });
  const rows: FileRow[] = [];
  const problems: FileRowProblem[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      problems.push({ line: record.line, reason: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const row: Record<string, string | number | null> = {};
    columns.forEach((param, index) => {
      const field = record.fields[index];
      if (param === null || field === undefined) return;
      // An empty unquoted field is NULL; an empty quoted one is ''.
      row[COLUMN_FIELDS[param]] = field.text === "" && !field.quoted ? null : INTEGER_COLUMNS.has(param) ? integerOrText(field.text) : field.text;
    });
    rows.push({ line: record.line, row: row as unknown as RegistrantRow });
  }
  return { rows, problems };
}

function readYamlRows(text: string, file: string, names: TableNames): ImportFile {
  const yaml = readYaml(text, "an import file");
  if (!yaml.ok) throw new StoreError("db_schema_invalid", `${file}:${yaml.problems[0]?.line ?? 1}: ${yaml.problems[0]?.reason ?? "not YAML"}`);
  const value = yaml.source.value ?? [];
  if (!Array.isArray(value)) throw new StoreError("db_schema_invalid", `${file}:1: must be a list of rows (- aor: ...), got ${typeof value}`);
  const byName = columnsByName(names);
  const rows: FileRow[] = [];
  const problems: FileRowProblem[] = [];
  value.forEach((item: unknown, index) => {
    const line = yaml.source.locate(`/${index}`).line ?? 1;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push({ line, reason: "a row must be a mapping of column: value" });
      return;
    }
    const row: Record<string, string | number | null> = {};
    for (const [name, cell] of Object.entries(item)) {
      if (name.toLowerCase() === "id") continue;
      const param = byName.get(name.toLowerCase());
      if (param === undefined) {
        problems.push({ line: yaml.source.locate(`/${index}/${name}`).line ?? line, reason: `unknown column "${name}"` });
        return;
      }
      if (cell !== null && typeof cell !== "string" && typeof cell !== "number") {
        problems.push({ line: yaml.source.locate(`/${index}/${name}`).line ?? line, reason: `${name}: must be text, a number or empty` });
        return;
      }
      row[COLUMN_FIELDS[param]] = cell;
    }
    rows.push({ line, row: row as unknown as RegistrantRow });
  });
  return { rows, problems };
}

function integerOrText(text: string): number | string {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}
