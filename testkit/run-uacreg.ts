/** The installed `uacreg` command as a child process, for tests of what a user types. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { systemClock } from "../engine/index.js";

const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));
/** A run still going after this is stuck: it is killed and the test fails with its stderr. */
const RUN_LIMIT_MS = 20_000;

export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `uacreg ...args` to its end and gives its exit code and output; `env` adds to this process's environment. */
export function runUacreg(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    const guard = systemClock.setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`uacreg ${args.join(" ")} did not end in time; stderr: ${stderr}`));
    }, RUN_LIMIT_MS);
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      systemClock.clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `uacreg` command that keeps running (`run`, `simulate`), as the test started it. */
export interface RunningUacreg {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** The first match of `pattern` in its output; rejects when it exits first or after `limitMs`. */
  waitForOutput(pattern: RegExp, limitMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit code; SIGKILLs it when it has not ended after `limitMs`. */
  stop(signal?: NodeJS.Signals, limitMs?: number): Promise<number | null>;
}

/** Starts `uacreg ...args` in the background; `env` adds to this process's environment. */
export function startUacreg(args: readonly string[], env: Readonly<Record<string, string>> = {}): RunningUacreg {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let output = "";
  const waiters = new Set<() => void>();
  const heard = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout.on("data", heard);
  child.stderr.on("data", heard);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  void exited.then(() => {
    for (const waiter of waiters) waiter();
  });
  return {
    child,
    output: () => output,
    waitForOutput(pattern, limitMs = RUN_LIMIT_MS) {
      return new Promise((resolve, reject) => {
        const guard = systemClock.setTimeout(() => settle(new Error(`uacreg ${args.join(" ")}: no ${pattern} within ${limitMs} ms; it said:\n${output}`)), limitMs);
        const settle = (result: RegExpExecArray | Error): void => {
          waiters.delete(check);
          systemClock.clearTimeout(guard);
          if (result instanceof Error) reject(result);
          else resolve(result);
        };
        const check = (): void => {
          const match = pattern.exec(output);
          if (match !== null) settle(match);
          else if (child.exitCode !== null || child.signalCode !== null) settle(new Error(`uacreg ${args.join(" ")} ended before ${pattern}; it said:\n${output}`));
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = "SIGTERM", limitMs = RUN_LIMIT_MS) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const guard = systemClock.setTimeout(() => child.kill("SIGKILL"), limitMs);
      try {
        return await exited;
      } finally {
        systemClock.clearTimeout(guard);
      }
    },
  };
}
