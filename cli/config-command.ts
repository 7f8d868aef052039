/**
 * `uacreg config schema` prints the JSON Schema of the lab configuration (for editors: a
 * `# yaml-language-server: $schema=` line in the file); `uacreg config check --config FILE`
 * validates a file and prints it resolved (defaults filled in, `${ENV}` replaced, secrets masked).
 * Exit codes as `uacreg run`: 0 valid, 2 invalid, 1 anything else.
 */
import type { Command } from "commander";
import { CONFIG_SCHEMA, ConfigError, loadConfigFile, showConfig } from "../engine/index.js";
import { describeFailure } from "./exit-codes.js";

export function addConfigCommand(program: Command): void {
  const config = program.command("config").description("the lab configuration of uacreg run: its schema, and checking a file");
  config
    .command("schema")
    .description("print the JSON Schema of the configuration file")
    .action(() => {
      process.stdout.write(JSON.stringify(CONFIG_SCHEMA, null, 2) + "\n");
    });
  config
    .command("check")
    .description("validate a configuration file and print it resolved (defaults filled in, secrets masked)")
    .requiredOption("--config <file>", "the YAML configuration file")
    .action(async (args: { config: string }) => {
      process.exitCode = await check(args.config);
    });
}

async function check(path: string): Promise<number> {
  try {
    const resolved = await loadConfigFile(path);
    process.stdout.write(`# ${path}: valid; resolved with defaults, secrets masked\n${showConfig(resolved)}`);
    return 0;
  } catch (error) {
    // Every problem, one per line: this is the command that exists to list them.
    if (error instanceof ConfigError) {
      process.stderr.write(`uacreg config check: ${error.message.split("\n").join("\nuacreg config check: ")}\n`);
      return 2;
    }
    const failure = describeFailure(error);
    process.stderr.write(`uacreg config check: ${failure.line}\n`);
    return failure.code;
  }
}
