/**
 * Reading `uacreg db import` files: RFC 4180 CSV (quotes, doubled quotes, line breaks in a field,
 * NULL versus ''), YAML lists, lines kept for every row, and db_url masking.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CsvSyntaxError, parseCsv } from "./csv.js";
import { dbUrlPassword, maskDbUrl, parseDbUrl } from "./db-url.js";
import { readImportFile } from "./import-file.js";
import { DEFAULT_TABLE_NAMES } from "./table-names.js";

describe("CSV", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and keeps each record's first line", () => {
    const records = parseCsv('a,b\r\n"x,1","say ""hi"""\n"two\nlines",\n\nlast,""\n');
    assert.deepEqual(
      records.map((r) => [r.line, r.fields.map((f) => (f.quoted ? `"${f.text}"` : f.text))]),
      [
        [1, ["a", "b"]],
        [2, ['"x,1"', '"say "hi""']],
        [3, ['"two\nlines"', ""]],
        [6, ["last", '""']],
      ],
    );
  });

  it("a quote never closed is an error with its line", () => {
    assert.throws(() => parseCsv('a\n"open\n'), (error: unknown) => error instanceof CsvSyntaxError && error.line === 2);
  });
});

describe("import files", () => {
  it("CSV: header names the columns (any case, id ignored); empty is NULL, \"\" is empty; integers become numbers", () => {
    const file = readImportFile('id,AOR,binding_URI,registrar,expiry,state,proxy\n7,sip:a@x,sip:a@h,sip:r,,0,""\n8,sip:b@x,sip:b@h,sip:r,x1,1\n', "rows.csv", DEFAULT_TABLE_NAMES);
    assert.deepEqual(file.rows[0], { line: 2, row: { aor: "sip:a@x", contact: "sip:a@h", registrar: "sip:r", expiry: null, state: 0, proxy: "" } });
    assert.deepEqual(file.problems, [{ line: 3, reason: "has 6 fields, the header has 7" }]);
  });

  it("CSV: an unknown column in the header stops the import and lists the columns", () => {
    assert.throws(() => readImportFile("aor,contact\n", "rows.csv", DEFAULT_TABLE_NAMES), /rows\.csv:1: unknown column "contact" in the header \(columns: registrar, proxy, aor/);
  });

  it("YAML: a list of rows with their lines; a bad row is that row's problem only", () => {
    const text = "- aor: sip:a@x\n  binding_URI: sip:a@h\n  registrar: sip:r\n  expiry: 60\n- aor: sip:b@x\n  colour: red\n- just text\n";
    const file = readImportFile(text, "rows.yaml", DEFAULT_TABLE_NAMES);
    assert.deepEqual(file.rows, [{ line: 1, row: { aor: "sip:a@x", contact: "sip:a@h", registrar: "sip:r", expiry: 60 } }]);
    assert.deepEqual(file.problems, [
      { line: 6, reason: 'unknown column "colour"' },
      { line: 7, reason: "a row must be a mapping of column: value" },
    ]);
  });
});

describe("db_url", () => {
  it("chooses the driver by scheme", () => {
    assert.deepEqual(parseDbUrl("sqlite:./uacreg.db"), { kind: "sqlite", path: "./uacreg.db" });
    assert.deepEqual(parseDbUrl("sqlite:///var/lib/x.db"), { kind: "sqlite", path: "/var/lib/x.db" });
    assert.equal(parseDbUrl("postgresql://u@h/db").kind, "postgres");
    assert.equal(parseDbUrl("mysql://root@127.0.0.1:3306/test").kind, "mysql");
    assert.throws(() => parseDbUrl("mysql://root@127.0.0.1:3306/"), /names no database/);
    assert.throws(() => parseDbUrl("sqlite:"), /needs a file path/);
  });

  it("masks the password and only the password", () => {
    assert.equal(maskDbUrl("postgres://lab:p@ss:w0rd@127.0.0.1:5432/test"), "postgres://lab:***@127.0.0.1:5432/test");
    assert.equal(maskDbUrl("mysql://root@127.0.0.1/test"), "mysql://root@127.0.0.1/test");
    assert.equal(dbUrlPassword("postgres://lab:pw@h/db"), "pw");
    assert.equal(dbUrlPassword("sqlite:./x.db"), null);
  });
});
