/**
 * The `simulate` subcommand: options in, `startSimulator`, a line per message on stdout, and a
 * summary of what it did on SIGUSR1 and on a clean stop (SIGINT or SIGTERM). All the work is in
 * `simulate-options.ts` and `simulator/server.ts`.
 */
import type { Command } from "commander";
import { errorMessage, formatSocketName, systemClock, UacregError } from "../engine/index.js";
import { readSimulatePlans, type SimulateArgs } from "./simulate-options.js";
import { startShardedSimulator, startSimulator, type ShardedSimulatorHandle, type SimulatorHandle } from "../simulator/index.js";
import { stderrLogger } from "./stderr-logger.js";

/** After a stop signal, a process still alive this long has a handle we failed to close. */
const EXIT_GRACE_MS = 3000;

export function addSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description("run the simulated registrar on real sockets, for testing any SIP registrant")
    .option("--config <file>", "start several registrars from a simulator config (YAML: registrars, each with listen, users, realm, script, ...)")
    .option("--listen <socket>", "socket to listen on, proto:host:port (repeatable), e.g. udp:127.0.0.1:5060", collect, [])
    .option("--users <file>", "users file: `user password` or `user:password` lines, under [realm] lines or in the --realm; without it every REGISTER is accepted")
    .option("--script <file>", "registrar script (YAML, see fixtures/scripts/) that scripts answers per AOR")
    .option("--realm <realm>", "realm to challenge (default: the users file's first realm)")
    .option("--tls-cert <file>", "PEM certificate for tls: sockets")
    .option("--tls-key <file>", "PEM private key for tls: sockets")
    .option("--default-expires <sec>", "expiry granted when a REGISTER asks for none (default 3600)")
    .option("--min-expires <sec>", "shorter intervals get 423 with Min-Expires")
    .option("--max-expires <sec>", "longer intervals are shortened to this")
    .option("--transcript <n>", "keep the last n messages in the transcript ring; 0 turns it off (default 1000)")
    .option("--transcript-file <file>", "write every message to this file as JSON lines (uacreg timeline draws it); rotated to <file>.1")
    .option("--transcript-file-mb <n>", "rotate the transcript file past this many MiB (default 64)")
    .option("--http <host:port>", "serve a read-only view: /bindings (JSON), /transcript (JSON, or a ladder page in a browser), /metrics (Prometheus)")
    .option("--aor-match <how>", "how a To URI names an AOR: registrar (user and host; port and URI parameters ignored, as Kamailio's usrloc; the default) or strict (RFC 3261)")
    .option("--verbose", "list every binding in the summary printed on stop and on SIGUSR1")
    .option("--quiet", "do not print a line per message")
    .option("--workers <n>", "share the AORs out to n worker threads to use more cores (UDP only, no script; default 1: no worker threads)")
    .option("--no-warm-up", "listen at once, without first running a throwaway registrar's hot paths (which a fresh simulator needs to answer a burst in time)")
    .action(async (args: SimulateArgs) => {
      process.exitCode = await runSimulate(args);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A started registrar; `name` is null for the one the command line describes. */
interface Running {
  readonly name: string | null;
  readonly handle: SimulatorHandle | ShardedSimulatorHandle;
  readonly open: boolean;
}

/** Resolves with the exit code once every registrar has started (0) or one could not (1; the others are stopped). */
async function runSimulate(args: SimulateArgs): Promise<number> {
  const running: Running[] = [];
  try {
    for (const plan of await readSimulatePlans(args)) {
      const prefix = plan.name === null ? "" : `[${plan.name}] `;
      const options = {
        ...plan.options,
        logger: stderrLogger,
        ...(plan.options.quiet ? {} : { print: (line: string) => void process.stdout.write(prefix + line + "\n") }),
      };
      const handle = plan.options.workers > 1 ? await startShardedSimulator(options, plan.options.workers) : await startSimulator(options);
      running.push({ name: plan.name, handle, open: plan.options.users === undefined });
    }
  } catch (error) {
    await Promise.allSettled(running.map(({ handle }) => handle.stop()));
    if (!(error instanceof UacregError)) throw error;
    process.stderr.write(`uacreg simulate: ${userMessage(error)}\n`);
    return 1;
  }
  // Handlers first: whoever waits for the "listening" line may signal us right after it.
  const verbose = args.verbose === true;
  stopOnSignal(running, verbose);
  process.on("SIGUSR1", () => void summaries(running, verbose, "now").then((text) => process.stdout.write(text)));
  for (const { name, handle, open } of running) {
    const who = name === null ? "uacreg simulate" : `uacreg simulate [${name}]`;
    const note = open ? " (no users file: every REGISTER is accepted)" : "";
    process.stdout.write(`${who}: listening on ${handle.sockets.map(formatSocketName).join(", ")}${note}\n`);
    for (const warning of handle.warnings) process.stderr.write(`${who}: warning: ${warning}\n`);
    if (handle.http !== null) process.stdout.write(`${who}: view on http://${hostInUrl(handle.http.host)}:${handle.http.port}/ (/bindings, /transcript, /metrics)\n`);
  }
  return 0;
}

/** `uacreg simulate: at stop: bindings: ...`, one printed line per summary line, so grep finds each. */
async function summaries(running: readonly Running[], verbose: boolean, when: string): Promise<string> {
  const texts = await Promise.all(
    running.map(async ({ name, handle }) => {
      const who = name === null ? "uacreg simulate" : `uacreg simulate [${name}]`;
      // A summary that cannot be gathered (a stuck worker) is said, and never keeps the stop from going on.
      const text = await Promise.resolve(handle.summary(verbose)).catch((error: unknown) => `no summary: ${errorMessage(error)}`);
      return text.split("\n").map((line) => `${who}: ${when}: ${line}\n`).join("");
    }),
  );
  return texts.join("");
}

function hostInUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function stopOnSignal(running: readonly Running[], verbose: boolean): void {
  const stop = (signal: NodeJS.Signals): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    // A second signal while stopping ends the process at once, as users expect of Ctrl-C.
    process.once(signal, () => process.exit(130));
    // Read before stopping: the bindings are what the registrars held when asked to stop.
    const summary = summaries(running, verbose, "at stop");
    void summary.then(async (text) => {
      await Promise.allSettled(running.map(({ handle }) => handle.stop()));
      const messagesIn = running.reduce((sum, { handle }) => sum + handle.counters.messagesIn, 0);
      const messagesOut = running.reduce((sum, { handle }) => sum + handle.counters.messagesOut, 0);
      process.stdout.write(text);
      process.stdout.write(`uacreg simulate: stopped on ${signal} after ${messagesIn} messages in, ${messagesOut} out\n`);
      systemClock.setTimeout(() => {
        process.stderr.write("uacreg simulate: still running after stop; exiting anyway\n");
        process.exit(1);
      }, EXIT_GRACE_MS);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The message, plus the system's reason when a socket could not be bound. */
function userMessage(error: UacregError): string {
  const cause = error.cause instanceof Error && "code" in error.cause ? ` (${String(error.cause.code)})` : "";
  return error.code === "bind_failed" ? `--listen: ${error.message}${cause}` : error.message;
}
