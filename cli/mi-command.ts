/**
 * `uacreg mi <command> [args...]`: one management command against a running `uacreg run`, in
 * the admin guide's form (`uacreg mi reg_list sip:alice@opensips.org sip:alice@127.0.0.1:5060
 * sip:opensips.org`), or with `name=value` args for named params. Prints the JSON result (pretty
 * in a terminal, one line otherwise). Exit 0 on a result, 1 on a JSON-RPC error (its code,
 * message and data on stderr), 2 when no answer came (server down, HTTP error, bad token).
 */
import type { Command } from "commander";
import { callMi, DEFAULT_MI_URL, loadConfigFile, MiClientError, miUrlOf, paramsFromArgs, type MiServerOptions } from "../engine/index.js";

export interface MiCommandOptions {
  readonly url: string;
  readonly token?: string | null;
  /** Pretty-print (stdout is a terminal). */
  readonly pretty: boolean;
}

export interface MiPrinter {
  out(text: string): void;
  error(text: string): void;
}

export function addMiCommand(program: Command): void {
  program
    .command("mi")
    .description("run a management command (JSON-RPC over HTTP) against a running uacreg run; `uacreg mi uacreg:commands` lists them")
    .argument("<command>", "e.g. reg_list, uac_registrant:reload, sr_list_reports")
    .argument("[args...]", "positional params in the command's order, or name=value pairs")
    .option("--url <url>", `the management interface (env UACREG_MI_URL; default from --config, else ${DEFAULT_MI_URL})`)
    .option("--token <token>", "bearer token (env UACREG_MI_TOKEN, which keeps it out of the process list; default from --config)")
    .option("--config <file>", "the YAML configuration of uacreg run: its mi section gives the URL and the token")
    .action(async (command: string, args: string[], options: { url?: string; token?: string; config?: string }) => {
      let configured: MiServerOptions = {};
      if (options.config !== undefined) {
        try {
          configured = await miSectionOf(options.config);
        } catch (error) {
          process.stderr.write(`uacreg mi: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = 2;
          return;
        }
      }
      const url = options.url ?? process.env.UACREG_MI_URL ?? miUrlOf(configured);
      const token = options.token ?? process.env.UACREG_MI_TOKEN ?? configured.token ?? null;
      process.exitCode = await runMi(command, args, { url, token, pretty: process.stdout.isTTY === true }, defaultPrinter);
    });
}

/** Resolves with the exit code. */
export async function runMi(command: string, args: readonly string[], options: MiCommandOptions, print: MiPrinter): Promise<number> {
  try {
    const answer = await callMi(command, paramsFromArgs(args), { url: options.url, token: options.token ?? null });
    if (answer.kind === "error") {
      const { code, message, data } = answer.error;
      print.error(`uacreg mi ${command}: ${message}${data === undefined ? "" : `: ${data}`} (code ${code})`);
      return 1;
    }
    print.out(options.pretty ? JSON.stringify(answer.result, null, 2) : JSON.stringify(answer.result));
    return 0;
  } catch (error) {
    if (!(error instanceof MiClientError)) throw error;
    print.error(`uacreg mi ${command}: ${error.message}`);
    return 2;
  }
}

/**
 * The `mi` section of a `uacreg run` configuration file, read as `run` reads it (`${NAME}`
 * substituted, every key checked): the client reaches the server that file starts. No section,
 * or `enabled: false`, gives the defaults. Throws ConfigError naming the key and the reason.
 */
export async function miSectionOf(file: string): Promise<MiServerOptions> {
  return (await loadConfigFile(file)).management.mi ?? {};
}

const defaultPrinter: MiPrinter = {
  out: (text) => void process.stdout.write(text + "\n"),
  error: (text) => void process.stderr.write(text + "\n"),
};
