/**
 * The responder (bench/engine/responder.ts) as a child process that both registrants of the CPU
 * benchmark register against: one process for the whole run, so that the engine and Kamailio's
 * `uac` module meet the same registrar. Its counters only grow; a run reads them before and after.
 */
import { spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import type { ResponderReport } from "./responder.js";

const RESPONDER = new URL("./responder.ts", import.meta.url).pathname;
const READY_LIMIT_MS = 15_000;

export interface ResponderProcess {
  readonly port: number;
  stats(): Promise<ResponderReport>;
  /** Starts the count of accepted users afresh, before a run; the layer's counters keep growing. */
  resetAccepted(): void;
  stop(): void;
}

/** The next line a bench child prints, or a rejection naming the child (`who`) after `limitMs`. */
export function nextLine(lines: Interface, limitMs: number, what: string, who = "responder"): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      lines.off("line", onLine);
      reject(new Error(`${who}: no ${what} within ${limitMs} ms`));
    }, limitMs);
    const onLine = (line: string): void => {
      clearTimeout(timer);
      resolve(line);
    };
    lines.once("line", onLine);
  });
}

export async function startResponder(): Promise<ResponderProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", RESPONDER, "0"], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`responder: ${chunk.toString()}`));
  const kill = (): void => void child.kill();
  process.once("exit", kill);
  child.once("exit", () => process.off("exit", kill));
  const lines = createInterface({ input: child.stdout });
  const stop = (): void => {
    lines.close();
    child.stdin.end();
    child.kill();
  };
  try {
    const port = Number(await nextLine(lines, READY_LIMIT_MS, "port"));
    // One request at a time: the answers come back in the order of the questions.
    let queue: Promise<unknown> = Promise.resolve();
    const stats = (): Promise<ResponderReport> => {
      const asked = queue.then(async () => {
        child.stdin.write("stats\n");
        return JSON.parse(await nextLine(lines, READY_LIMIT_MS, "stats")) as ResponderReport;
      });
      queue = asked.catch(() => undefined);
      return asked;
    };
    const resetAccepted = (): void => void child.stdin.write("reset\n");
    return { port, stats, resetAccepted, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Every request the responder took in so far, retransmissions included. */
const requestsIn = (report: ResponderReport): number =>
  report.layer.serverTransactionsStarted + report.layer.requestsAbsorbed + report.layer.responsesResent;

/**
 * Resolves once no request reached the responder for `quietMs` (or after `limitMs`): a run that
 * retransmitted leaves datagrams queued at the responder, and the next registrant must not meet a
 * registrar still busy with the previous one's backlog.
 */
export async function waitUntilQuiet(responder: ResponderProcess, quietMs = 1_000, limitMs = 60_000): Promise<void> {
  const startedMs = performance.now();
  let last = requestsIn(await responder.stats());
  while (performance.now() - startedMs < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = requestsIn(await responder.stats());
    if (now === last) return;
    last = now;
  }
}

/** Request retransmissions that reached the responder between two reports. */
export function retransmissionsSeen(before: ResponderReport, after: ResponderReport): number {
  return after.layer.requestsAbsorbed + after.layer.responsesResent - (before.layer.requestsAbsorbed + before.layer.responsesResent);
}
