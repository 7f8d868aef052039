/**
 * `uacreg run --config FILE`: the engine as a lab service on the OpenSIPS registrant table.
 * SIGTERM and SIGINT stop it gracefully (with `--unregister-on-exit`, every registered record is
 * unREGISTERed first, at a bounded rate); SIGHUP reloads the table as reg_reload does. Exit
 * codes: 0 clean stop, 2 bad configuration or arguments, 1 anything else, each failure with one
 * line on stderr. All the work is in engine/service.
 */
import type { Command } from "commander";
import { dbUrlPassword, loadConfigFile, startService, systemClock, type ServiceHandle, type StopOptions } from "../engine/index.js";
import { describeFailure, EXIT_BAD_CONFIG, EXIT_FAILURE, EXIT_OK } from "./exit-codes.js";

interface RunArgs {
  readonly config: string;
  readonly unregisterOnExit?: boolean;
  readonly unregisterRate: string;
  readonly strict?: boolean;
}

/** After the stop finished, a process still alive this long has a handle we failed to close. */
const EXIT_GRACE_MS = 3000;

export function addRunCommand(program: Command): void {
  program
    .command("run")
    .description("run the registrant engine as a service on the registrant table named by the configuration")
    .requiredOption("--config <file>", "the YAML lab configuration (see fixtures/lab/, uacreg config schema)")
    .option("--unregister-on-exit", "on SIGTERM/SIGINT, unREGISTER every registered record before stopping")
    .option("--unregister-rate <n>", "unREGISTERs per second at most when stopping", "50")
    .option("--strict", "exit 2 when a row of the table is rejected at start-up (default: the row is skipped, the rest run)")
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_OK : EXIT_BAD_CONFIG))
    .action(async (args: RunArgs) => {
      process.exitCode = await run(args);
    });
}

async function run(args: RunArgs): Promise<number> {
  const rate = Number(args.unregisterRate);
  if (!Number.isInteger(rate) || rate < 1) return fail(`--unregister-rate: must be a whole number from 1, got ${JSON.stringify(args.unregisterRate)}`, EXIT_BAD_CONFIG);
  let password: string | null = null;
  let service: ServiceHandle;
  try {
    const config = await loadConfigFile(args.config);
    password = dbUrlPassword(config.dbUrl);
    const tty = process.stdout.isTTY === true;
    service = await startService({
      config,
      print: (line) => void process.stdout.write(line + "\n"),
      progressLine: tty ? (line) => void process.stdout.write(`\r\x1b[2Kuacreg run: ${line}${line.endsWith("pending 0") ? "\n" : ""}`) : null,
    });
  } catch (error) {
    const failure = describeFailure(error, (text) => (password === null ? text : text.split(password).join("***")));
    return fail(failure.line, failure.code);
  }
  if (args.strict === true && service.report.rejected.length > 0) {
    await service.stop();
    const count = service.report.rejected.length;
    return fail(`${count} row${count === 1 ? "" : "s"} rejected at start-up (--strict)`, EXIT_BAD_CONFIG);
  }
  handleSignals(service, { unregister: args.unregisterOnExit === true, unregisterPerSecond: rate });
  return EXIT_OK;
}

function handleSignals(service: ServiceHandle, stopOptions: StopOptions): void {
  const reload = (): void => {
    // The service logs the outcome; a failed reload keeps the old table and the process runs on.
    service.reload().catch(() => {});
  };
  const stop = (signal: NodeJS.Signals): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    process.off("SIGHUP", reload);
    // A second signal while stopping ends the process at once, as users expect of Ctrl-C.
    process.once(signal, () => process.exit(130));
    service.stop(stopOptions).then(
      (summary) => {
        const note = stopOptions.unregister ? `, ${summary.unregistered} unREGISTERs sent` : "";
        process.stdout.write(`uacreg run: stopped on ${signal}${note}\n`);
        process.exitCode = EXIT_OK;
        systemClock.setTimeout(() => {
          process.stderr.write("uacreg run: still running after stop; exiting anyway\n");
          process.exit(EXIT_FAILURE);
        }, EXIT_GRACE_MS);
      },
      (error: unknown) => {
        process.stderr.write(`uacreg run: stopping failed: ${describeFailure(error).line}\n`);
        process.exit(EXIT_FAILURE);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", reload);
}

function fail(line: string, code: number): number {
  process.stderr.write(`uacreg run: ${line}\n`);
  return code;
}
