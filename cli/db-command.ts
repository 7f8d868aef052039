/**
 * `uacreg db init <db_url>` creates the OpenSIPS registrant table (schema version 3) and its
 * `version` row, changing nothing that exists; `uacreg db import <db_url> FILE` loads rows from
 * CSV (header row of column names) or YAML, reporting each rejected row with its line and reason
 * and loading the rest. `--config` takes the table and column names (and, for import, the module
 * parameters and listeners the rows are checked against) from a lab configuration.
 * Exit codes: 0 done, 2 bad arguments or rows rejected (the rest loaded), 1 the database failed.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  DEFAULT_TABLE_NAMES,
  dbUrlPassword,
  formatSocketName,
  importRows,
  loadConfigFile,
  maskDbUrl,
  openStore,
  readImportFile,
  REGISTRANT_SCHEMA_VERSION,
  UACREG_VERSION,
  validateModuleParams,
  type ResolvedConfig,
  type SqlRegistrantStore,
} from "../engine/index.js";
import { describeFailure, EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from "./exit-codes.js";

interface DbArgs {
  readonly config?: string;
}

export function addDbCommand(program: Command): void {
  const db = program.command("db").description("the OpenSIPS registrant table: create it, load rows into it");
  db.command("init")
    .description("create the registrant table (OpenSIPS schema version 3) and its version row; changes nothing that exists")
    .argument("<db_url>", "sqlite:PATH, postgres://user@host/db or mysql://user@host/db")
    .option("--config <file>", "take table_name and the *_column names from this lab configuration")
    .action(async (dbUrl: string, args: DbArgs) => {
      process.exitCode = await guarded("db init", dbUrl, () => init(dbUrl, args));
    });
  db.command("import")
    .description("load rows from CSV (header row of column names) or YAML; rejected rows are listed with line and reason, the rest loaded")
    .argument("<db_url>", "sqlite:PATH, postgres://user@host/db or mysql://user@host/db")
    .argument("<file>", "a .csv or .yaml file")
    .option("--config <file>", "check rows against this lab configuration (module parameters, listen) and use its table and column names")
    .action(async (dbUrl: string, file: string, args: DbArgs) => {
      process.exitCode = await guarded("db import", dbUrl, () => importFile(dbUrl, file, args));
    });
}

async function init(dbUrl: string, args: DbArgs): Promise<number> {
  const config = await configOf(args);
  return withStore(dbUrl, config, async (store) => {
    const result = await store.init();
    const table = config?.tableNames.table_name ?? DEFAULT_TABLE_NAMES.table_name;
    if (result.version !== REGISTRANT_SCHEMA_VERSION) {
      process.stderr.write(`uacreg db init: table ${table} has schema version ${result.version} in the version table; uacreg reads version ${REGISTRANT_SCHEMA_VERSION}; nothing changed\n`);
      return EXIT_FAILURE;
    }
    const what = result.createdVersionRow ? "created" : "already there, nothing changed";
    process.stdout.write(`uacreg db init: ${maskDbUrl(dbUrl)}: table ${table} (schema version ${REGISTRANT_SCHEMA_VERSION}) ${what}\n`);
    return EXIT_OK;
  });
}

async function importFile(dbUrl: string, path: string, args: DbArgs): Promise<number> {
  const config = await configOf(args);
  const names = config?.tableNames ?? DEFAULT_TABLE_NAMES;
  const file = readImportFile(await readFile(path, "utf8"), path, names);
  const params = validateModuleParams(config?.engine ?? {}, UACREG_VERSION);
  const listening = config === null ? null : new Set(config.listen.map((l) => formatSocketName(l.socket)));
  return withStore(dbUrl, config, async (store) => {
    await store.checkSchema();
    const report = await importRows(store, file, {
      params,
      // Without a configuration the listeners are not known yet: `uacreg run` checks forced_socket when it loads.
      socketExists: (socket) => listening === null || listening.has(formatSocketName(socket)),
    });
    for (const problem of report.rejected) process.stderr.write(`${path}:${problem.line}: rejected: ${problem.reason}\n`);
    process.stdout.write(`uacreg db import: ${report.inserted} rows loaded into ${names.table_name}, ${report.rejected.length} rejected\n`);
    return report.rejected.length === 0 ? EXIT_OK : EXIT_BAD_CONFIG;
  });
}

async function configOf(args: DbArgs): Promise<ResolvedConfig | null> {
  return args.config === undefined ? null : loadConfigFile(args.config);
}

async function withStore(dbUrl: string, config: ResolvedConfig | null, work: (store: SqlRegistrantStore) => Promise<number>): Promise<number> {
  const store = await openStore(dbUrl, config?.tableNames ?? DEFAULT_TABLE_NAMES);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function guarded(command: string, dbUrl: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    const password = dbUrlPassword(dbUrl);
    const failure = describeFailure(error, (text) => (password === null ? text : text.split(password).join("***")));
    process.stderr.write(`uacreg ${command}: ${failure.line}\n`);
    return failure.code;
  }
}
