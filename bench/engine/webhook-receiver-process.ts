/**
 * The webhook receiver (bench/engine/webhook-receiver.ts) as a child process, so that its CPU is
 * not counted against the engine it receives from: for bench:management and bench:run's overhead
 * of metrics and events. It runs at nice 19 (RECEIVER_NICENESS).
 */
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { createInterface } from "node:readline";
import { nextLine } from "./responder-process.js";

const RECEIVER = new URL("./webhook-receiver.ts", import.meta.url).pathname;
const ANSWER_LIMIT_MS = 15_000;

export interface WebhookReceiverStats {
  readonly events: number;
  readonly requests: number;
}

export interface WebhookReceiverProcess {
  /** Where to POST events. */
  readonly url: string;
  /** Events received so far (each element of a JSON array counts). */
  events(): Promise<number>;
  /** Events and POSTs received so far. */
  stats(): Promise<WebhookReceiverStats>;
  stop(): void;
}

/**
 * The receiver's nice value: on a machine of few cores it parses each POST's 100 kB of JSON on a
 * core the engine may want, and at 19 it gives way to the engine (and to the responder) instead
 * of taking turns with it. Its own CPU is not counted either way.
 */
export const RECEIVER_NICENESS = 19;

/** Starts the receiver at `niceness` (default RECEIVER_NICENESS). */
export async function startWebhookReceiver(niceness = RECEIVER_NICENESS): Promise<WebhookReceiverProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", RECEIVER], { stdio: ["pipe", "pipe", "inherit"] });
  if (niceness !== 0 && child.pid !== undefined) setPriority(child.pid, niceness);
  const kill = (): void => void child.kill();
  process.once("exit", kill);
  child.once("exit", () => process.off("exit", kill));
  const lines = createInterface({ input: child.stdout });
  const answer = (what: string): Promise<string> => nextLine(lines, ANSWER_LIMIT_MS, what, "webhook receiver");
  const stop = (): void => {
    lines.close();
    child.stdin.end();
    child.kill();
  };
  try {
    const port = Number(await answer("port"));
    // One question at a time: the answers come back in the order of the questions.
    let queue: Promise<unknown> = Promise.resolve();
    const stats = (): Promise<WebhookReceiverStats> => {
      const asked = queue.then(async () => {
        child.stdin.write("stats\n");
        return JSON.parse(await answer("stats")) as WebhookReceiverStats;
      });
      queue = asked.catch(() => undefined);
      return asked;
    };
    return { url: `http://127.0.0.1:${port}/events`, events: async () => (await stats()).events, stats, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
