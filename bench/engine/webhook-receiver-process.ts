/**
 * The webhook receiver (bench/engine/webhook-receiver.ts) as a child process, so that its CPU is
 * not counted against the engine it receives from: for bench:management and bench:run's overhead
 * of metrics and events.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { nextLine } from "./responder-process.js";

const RECEIVER = new URL("./webhook-receiver.ts", import.meta.url).pathname;
const ANSWER_LIMIT_MS = 15_000;

export interface WebhookReceiverProcess {
  /** Where to POST events. */
  readonly url: string;
  /** Events received so far (each element of a JSON array counts). */
  events(): Promise<number>;
  stop(): void;
}

export async function startWebhookReceiver(): Promise<WebhookReceiverProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", RECEIVER], { stdio: ["pipe", "pipe", "inherit"] });
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
    const events = (): Promise<number> => {
      const asked = queue.then(async () => {
        child.stdin.write("stats\n");
        return (JSON.parse(await answer("stats")) as { events: number }).events;
      });
      queue = asked.catch(() => undefined);
      return asked;
    };
    return { url: `http://127.0.0.1:${port}/events`, events, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
