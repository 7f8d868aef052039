/**
 * `uacreg mi <command> [args...]`: one management command against a running `uacreg run`, in
 * the admin guide's form (`uacreg mi reg_list sip:alice@opensips.org sip:alice@127.0.0.1:5060
 * sip:opensips.org`), or with `name=value` args for named params. Prints the JSON result (pretty
 * in a terminal, one line otherwise). Exit 0 on a result, 1 on a JSON-RPC error (its code,
 * message and data on stderr), 2 when no answer came (server down, HTTP error, bad token).
 */
import type { Command } from "commander";
import { callMi, DEFAULT_MI_URL, MiClientError, paramsFromArgs } from "../engine/mi/index.js";

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
    .option("--url <url>", "the management interface (env UACREG_MI_URL)", process.env.UACREG_MI_URL ?? DEFAULT_MI_URL)
    .option("--token <token>", "bearer token (env UACREG_MI_TOKEN, which keeps it out of the process list)")
    .action(async (command: string, args: string[], options: { url: string; token?: string }) => {
      const token = options.token ?? process.env.UACREG_MI_TOKEN ?? null;
      process.exitCode = await runMi(command, args, { url: options.url, token, pretty: process.stdout.isTTY === true }, defaultPrinter);
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

const defaultPrinter: MiPrinter = {
  out: (text) => void process.stdout.write(text + "\n"),
  error: (text) => void process.stderr.write(text + "\n"),
};
