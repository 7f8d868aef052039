/**
 * One `uacreg run` node of a cluster test as its own process, started the way an operator starts
 * it (`node bin/uacreg.js run --config FILE`), that the test can `kill -9`, SIGTERM and start
 * again. Its stdout and stderr go to a log file beside its configuration, named in every error,
 * so a failing run can be read afterwards. Every wait is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { callMi, systemClock, type ShtagListEntry } from "../../engine/index.js";
import { killAfter } from "./stop-child.js";

const BIN = fileURLToPath(new URL("../../bin/uacreg.js", import.meta.url));
/** Start-up loads the table and the saved dialogs and joins the cluster: seconds for thousands of records on a loaded machine. */
const DEFAULT_READY_LIMIT_MS = 30_000;
/** SIGTERM waits for in-flight transactions (transaction_timeout at most) and releases leases. */
const TERM_LIMIT_MS = 40_000;
const KILL_LIMIT_MS = 5_000;
/** An MI answer from a node on loopback; a node that takes longer counts as not answering this poll. */
const MI_LIMIT_MS = 2_000;

/**
 * With UACREG_NODE_CPU_PROF=DIR each node runs under `node --cpu-prof` and writes its profile
 * there when it exits (a `kill -9` leaves none): how a bench finds what blocks a survivor's
 * event loop during a takeover. NODE_OPTIONS cannot carry --cpu-prof.
 */
function profileArgs(): string[] {
  const dir = process.env.UACREG_NODE_CPU_PROF;
  return dir === undefined || dir === "" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

export interface ExitState {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ClusterNode {
  readonly name: string;
  readonly configPath: string;
  readonly logPath: string;
  #child: ChildProcess | null = null;
  #exited: Promise<ExitState> | null = null;
  #log: WriteStream;
  /** The MI URL from the start-up summary line (`management interface at ...`). */
  #miUrl: string | null = null;
  readonly #readyLimitMs: number;

  constructor(name: string, configPath: string, logPath: string, readyLimitMs = DEFAULT_READY_LIMIT_MS) {
    this.name = name;
    this.configPath = configPath;
    this.logPath = logPath;
    this.#readyLimitMs = readyLimitMs;
    this.#log = createWriteStream(logPath, { flags: "a" });
  }

  get running(): boolean {
    return this.#child !== null;
  }

  get miUrl(): string | null {
    return this.#miUrl;
  }

  /** Starts the process and resolves once it printed its start-up summary line. */
  async start(): Promise<void> {
    if (this.#child !== null) throw new Error(`${this.name} is already running`);
    this.#log.write(`--- start ${new Date(systemClock.now()).toISOString()}\n`);
    this.#miUrl = null;
    const child = spawn(process.execPath, [...profileArgs(), BIN, "run", "--config", this.configPath], { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    this.#exited = new Promise<ExitState>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    void this.#exited.then((state) => {
      this.#log.write(`--- exit code ${state.code} signal ${state.signal}\n`);
      if (this.#child === child) this.#child = null;
    });
    child.stderr?.pipe(this.#log, { end: false });
    if (child.stdout === null) throw new Error(`${this.name}: no stdout pipe`);
    const lines = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve, reject) => {
      const limitMs = this.#readyLimitMs;
      const guard = systemClock.setTimeout(() => reject(new Error(`${this.name}: no start-up summary within ${limitMs} ms (see ${this.logPath})`)), limitMs);
      lines.on("line", (line) => {
        this.#log.write(line + "\n");
        if (!line.startsWith("uacreg run: listening on")) return;
        this.#miUrl = /management interface at ([^\s;]+)/.exec(line)?.[1] ?? null;
        systemClock.clearTimeout(guard);
        resolve();
      });
      void this.#exited?.then((state) => {
        systemClock.clearTimeout(guard);
        reject(new Error(`${this.name} exited (code ${state.code}, signal ${state.signal}) before its start-up summary (see ${this.logPath})`));
      });
    });
    try {
      await ready;
    } catch (error) {
      await this.kill9();
      throw error;
    }
  }

  /**
   * The tags ACTIVE here now (`clusterer_list_shtags`), as `name/cluster_id`; null when the node is
   * not running or its MI does not answer (starting, stopping, or busy past MI_LIMIT_MS).
   */
  async activeTags(): Promise<string[] | null> {
    const url = this.#miUrl;
    if (this.#child === null || url === null) return null;
    try {
      const answer = await callMi("clusterer_list_shtags", undefined, { url, timeoutMs: MI_LIMIT_MS });
      if (answer.kind !== "result" || !Array.isArray(answer.result)) return null;
      return (answer.result as ShtagListEntry[]).filter((entry) => entry.State === "active").map((entry) => `${entry.Tag}/${entry.Cluster}`);
    } catch {
      return null;
    }
  }

  /** `kill -9`: no hand-over, no lease release; resolves once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.#child;
    if (child === null || this.#exited === null) return;
    child.kill("SIGKILL");
    await killAfter(child, this.#exited, KILL_LIMIT_MS);
  }

  /** SIGTERM, the graceful stop: resolves with how it exited (SIGKILLed if it takes too long). */
  async terminate(): Promise<ExitState> {
    const child = this.#child;
    if (child === null || this.#exited === null) throw new Error(`${this.name} is not running`);
    child.kill("SIGTERM");
    return killAfter(child, this.#exited, TERM_LIMIT_MS);
  }

  /**
   * The REGISTERs this node held for write-ahead saves sent from `fromMs` to `toMs` (Unix ms) that
   * went unanswered past their timeout, by the warnings its log holds (`sends`, `waitedMs`, logged
   * `waitedMs` after the save was sent): the database may have taken those saves without the
   * acknowledgement coming back (docs/saved-dialogs.md).
   */
  async heldForUnansweredSaves(fromMs: number, toMs: number): Promise<number> {
    let sends = 0;
    for (const line of (await readFile(this.logPath, "utf8")).split("\n")) {
      const entry = line.includes('"waitedMs"') ? logEntry(line) : null;
      if (entry === null || !("sends" in entry) || !("waitedMs" in entry) || !("time" in entry)) continue;
      const sentAtMs = Date.parse(String(entry.time)) - Number(entry.waitedMs);
      if (typeof entry.sends === "number" && sentAtMs >= fromMs && sentAtMs <= toMs) sends += entry.sends;
    }
    return sends;
  }

  /** Ends the process however it must (test clean-up) and closes the log. */
  async close(): Promise<void> {
    await this.kill9();
    await new Promise<void>((resolve) => this.#log.end(() => resolve()));
  }
}

/** One JSON log line as an object; null for anything else (a line still being written). */
function logEntry(line: string): object | null {
  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === "object" && entry !== null ? entry : null;
  } catch {
    return null;
  }
}
