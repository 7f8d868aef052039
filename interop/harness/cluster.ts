/**
 * A three-node uacreg cluster on a real database for the issue 13 tests and `bench:cluster`:
 * seeds the registrant table, starts `uacreg simulate` as the registrar with a transcript file,
 * puts a test-controlled TCP proxy between the first node and the database, writes each node's
 * configuration and starts the nodes. The judge reads the transcript as it grows (`observe`), and
 * `waitFor` polls it with a bound. `close` ends every process and drops this test's tables.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_TABLE_NAMES, openStore, systemClock } from "../../engine/index.js";
import { ClusterJudge, refreshRule, type RefreshRule } from "../../testkit/cluster-judge.js";
import { reportTakeovers, takeovers, type Takeover, type TakeoverReport } from "../../testkit/cluster-takeover.js";
import { TranscriptTail } from "../../testkit/transcript-tail.js";
import { clusterRows, clusterTables, nodeConfigYaml, type ClusterTables, type ClusterTiming, type NodePlan } from "./cluster-config.js";
import { ClusterNode } from "./cluster-node.js";
import { describeOwners, isBalanced, ownersOf, strayRegisters, type Owners, type StrayRegister } from "./cluster-ownership.js";
import { startProxyProcess, type ProxyProcess } from "./proxy-process.js";
import { startSimulatorProcess, type SimulatorProcess } from "./simulator-process.js";
import { freePorts } from "./sipp.js";

/** The database a cluster runs on, as the test's db-servers helpers reach it. */
export interface ClusterDatabase {
  readonly label: string;
  /** db_url of the database itself. */
  readonly url: string;
  /** Where the proxy forwards to. */
  readonly server: { readonly host: string; readonly port: number };
  /** The same database through a proxy listening on `port`. */
  urlThrough(port: number): string;
  /** Drops the tables the test created and their rows in the shared `version` table. */
  dropTables(names: readonly string[]): Promise<void>;
}

export interface ClusterOptions {
  readonly database: ClusterDatabase;
  /** Unique per test: every table name starts with it. */
  readonly prefix: string;
  readonly records: number;
  readonly tags: number;
  readonly timing: ClusterTiming;
  /** Node names, in order; the first one reaches the database through the proxy. */
  readonly nodes?: readonly string[];
  /** How long a node may take to print its start-up summary (default 30 s). */
  readonly startLimitMs?: number;
}

/** Rows inserted per statement batch when seeding. */
const SEED_BATCH = 2_000;
const POLL_MS = 250;
/** The nodes' MI answers at once: balance is seen within this much of being reached. */
const MI_POLL_MS = 200;
/** How finely a hand-over is timed (each poll asks the two other nodes). */
const HAND_OVER_POLL_MS = 100;
/** The transcript file is never rotated during a test: the judge must see every line. */
const TRANSCRIPT_MB = 4_096;

export class Cluster {
  readonly judge: ClusterJudge;
  readonly nodes: readonly ClusterNode[];
  /** Between the first node and the database, in a process of its own (`send("stall")`). */
  readonly proxy: ProxyProcess;
  readonly tables: ClusterTables;
  readonly aors: readonly string[];
  /** Each AOR's sharing tag. */
  readonly tagOfAor: ReadonlyMap<string, string>;
  readonly timing: ClusterTiming;
  readonly workDir: string;
  readonly #tail: TranscriptTail;
  readonly #simulator: SimulatorProcess;
  readonly #database: ClusterDatabase;
  /** Who held which tag when the MI last showed them balanced, and since when. */
  #spread: { readonly fromMs: number; readonly owners: Owners } | null = null;

  private constructor(parts: {
    judge: ClusterJudge;
    nodes: ClusterNode[];
    proxy: ProxyProcess;
    tables: ClusterTables;
    aors: string[];
    tagOfAor: Map<string, string>;
    timing: ClusterTiming;
    workDir: string;
    tail: TranscriptTail;
    simulator: SimulatorProcess;
    database: ClusterDatabase;
  }) {
    this.judge = parts.judge;
    this.nodes = parts.nodes;
    this.proxy = parts.proxy;
    this.tables = parts.tables;
    this.aors = parts.aors;
    this.tagOfAor = parts.tagOfAor;
    this.timing = parts.timing;
    this.workDir = parts.workDir;
    this.#tail = parts.tail;
    this.#simulator = parts.simulator;
    this.#database = parts.database;
  }

  /** Seeds, starts the registrar and the proxy, writes the configurations; the nodes are not started yet. */
  static async prepare(options: ClusterOptions): Promise<Cluster> {
    const names = options.nodes ?? ["n1", "n2", "n3"];
    const workDir = await mkdtemp(join(tmpdir(), `uacreg-cluster-${options.database.label}-`));
    const tables = clusterTables(options.prefix);
    const [simPort = 0, nodePort = 0] = await freePorts(2);
    const rows = clusterRows(options.records, options.tags, `sip:127.0.0.1:${simPort}`, options.timing.expirySec);
    await seed(options.database.url, tables, rows);
    const transcript = join(workDir, "transcript.jsonl");
    const simulator = await startSimulatorProcess(["--listen", `udp:127.0.0.1:${simPort}`, "--transcript-file", transcript, "--transcript-file-mb", String(TRANSCRIPT_MB)]);
    const proxy = await startProxyProcess(options.database.server);
    const plans: NodePlan[] = names.map((name, i) => ({
      name,
      host: `127.0.0.${11 + i}`,
      port: nodePort,
      dbUrl: i === 0 ? options.database.urlThrough(proxy.port) : options.database.url,
      miPort: 0,
    }));
    const nodes: ClusterNode[] = [];
    for (const plan of plans) {
      const configPath = join(workDir, `${plan.name}.yaml`);
      await writeFile(configPath, nodeConfigYaml(plan, tables, options.timing));
      nodes.push(new ClusterNode(plan.name, configPath, join(workDir, `${plan.name}.log`), options.startLimitMs));
    }
    const byHost = new Map(plans.map((plan) => [`udp:${plan.host}:${plan.port}`, plan.name]));
    const judge = new ClusterJudge((source) => byHost.get(source) ?? `other ${source}`);
    const tail = new TranscriptTail(transcript, (exchange) => judge.hear(exchange));
    const aors = rows.map((row) => row.aor ?? "");
    const tagOfAor = new Map(rows.map((row) => [row.aor ?? "", row.cluster_shtag ?? ""]));
    return new Cluster({ judge, nodes, proxy, tables, aors, tagOfAor, timing: options.timing, workDir, tail, simulator, database: options.database });
  }

  node(name: string): ClusterNode {
    const found = this.nodes.find((node) => node.name === name);
    if (found === undefined) throw new Error(`no node ${name}`);
    return found;
  }

  /** Starts every node at once, as an operator starting a cluster does: the nodes create the tables together. */
  async startAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.start()));
  }

  /** Reads what the registrar recorded since the last call into the judge. */
  async observe(): Promise<void> {
    await this.#tail.read();
  }

  /**
   * Polls (observe, then `check`) until `check` gives a value that is not null; throws after
   * `limitMs` with `what` and the last state `describe` gives.
   */
  async waitFor<T>(what: string, limitMs: number, check: () => T | null, describe: () => string = () => ""): Promise<T> {
    const deadline = systemClock.now() + limitMs;
    for (;;) {
      await this.observe();
      const value = check();
      if (value !== null) return value;
      if (systemClock.now() > deadline) throw new Error(`cluster on ${this.#database.label}: ${what} not reached within ${limitMs} ms ${describe()} (logs in ${this.workDir})`);
      await sleep(POLL_MS);
    }
  }

  /** A refresh period: how long a record waits between two REGISTERs, at most. */
  get refreshPeriodMs(): number {
    return this.timing.expirySec * 1000 * (this.timing.refreshPercent / 100);
  }

  /** When a refresh falls due after its 2xx (D1 with this cluster's parameters). */
  get refresh(): RefreshRule {
    return refreshRule(this.timing.refreshPercent, this.timing.timerIntervalSec);
  }

  /** Every sharing tag of the table, `t0/1` ... */
  get tags(): string[] {
    return [...new Set(this.tagOfAor.values())].sort();
  }

  /**
   * Tag → the nodes that report it ACTIVE now (`clusterer_list_shtags` on each running node);
   * null when a running node does not answer.
   */
  async owners(): Promise<Map<string, string[]> | null> {
    const running = this.nodes.filter((node) => node.running);
    const answers = await Promise.all(running.map((node) => node.activeTags()));
    if (answers.some((answer) => answer === null)) return null;
    return ownersOf(new Map(running.map((node, i) => [node.name, answers[i] ?? []])));
  }

  /**
   * Until the nodes' MI shows every tag held by exactly one node and each node at its share
   * (10/10/10), polled every MI_POLL_MS; resolves with the time. What the nodes said becomes the
   * spread the transcript is checked against from then on (`strays`).
   */
  async waitBalanced(step: string, limitMs: number): Promise<number> {
    const names = this.nodes.map((node) => node.name);
    const share = Math.ceil(this.tags.length / names.length);
    let last: Map<string, string[]> | null = null;
    const deadline = systemClock.now() + limitMs;
    for (;;) {
      const owners = await this.owners();
      const now = systemClock.now();
      if (owners !== null) {
        last = owners;
        if (this.nodes.every((node) => node.running) && isBalanced(owners, this.tags, names)) {
          this.#spread = { fromMs: now, owners };
          return now;
        }
      }
      if (now > deadline) {
        const seen = last === null ? "no answer from every node" : describeOwners(last, this.tags, names);
        throw new Error(`cluster on ${this.#database.label}: ${step}: tags spread ${names.map(() => share).join("/")} not reached within ${limitMs} ms (last ${seen}; logs in ${this.workDir})`);
      }
      await sleep(MI_POLL_MS);
    }
  }

  /** The spread the nodes' MI showed when last balanced, `n1 10, n2 10, n3 10`. */
  describeSpread(): string {
    return this.#spread === null ? "not balanced yet" : describeOwners(this.#spread.owners, this.tags, this.nodes.map((node) => node.name));
  }

  /** The tags `name` held when last balanced. */
  tagsOf(name: string): string[] {
    return [...(this.#spread?.owners ?? new Map<string, string[]>())].filter(([, holders]) => holders.includes(name)).map(([tag]) => tag);
  }

  /** REGISTERs since the last balance up to `untilMs` from a node that did not hold the record's tag. */
  strays(untilMs: number): StrayRegister[] {
    if (this.#spread === null) return [];
    return strayRegisters(this.judge, this.tagOfAor, this.#spread.owners, this.#spread.fromMs, untilMs);
  }

  /**
   * Until `name` was the last to send for every record of the tags it holds (bounded): before it
   * is stopped, so that every record it holds is an orphan to take over, not only those it had
   * already sent for since the tag came to it.
   */
  waitHolding(name: string, limitMs: number): Promise<number> {
    const tags = new Set(this.tagsOf(name));
    const aors = this.aors.filter((aor) => tags.has(this.tagOfAor.get(aor) ?? ""));
    const notYet = (): number => aors.filter((aor) => this.judge.lastBefore(aor, systemClock.now())?.node !== name).length;
    return this.waitFor(`${name} sent for every record of its ${tags.size} tags`, limitMs, () => (notYet() === 0 ? systemClock.now() : null), () => `(${notYet()} not yet)`);
  }

  /**
   * Polls the nodes other than `from` every HAND_OVER_POLL_MS until each of `tags` is ACTIVE on
   * one of them; resolves with when each was first seen so (a poll late, at most). Start it before
   * the node is stopped: a graceful stop hands the tags over before the process exits.
   */
  async watchHandOver(tags: readonly string[], from: string, limitMs: number): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    const deadline = systemClock.now() + limitMs;
    for (;;) {
      const others = this.nodes.filter((node) => node.name !== from && node.running);
      const answers = await Promise.all(others.map((node) => node.activeTags()));
      const now = systemClock.now();
      for (const active of answers) for (const tag of active ?? []) if (tags.includes(tag) && !seen.has(tag)) seen.set(tag, now);
      if (seen.size === tags.length) return seen;
      if (now > deadline)
        throw new Error(`cluster on ${this.#database.label}: ${tags.length - seen.size} of ${from}'s ${tags.length} tags not active elsewhere within ${limitMs} ms (logs in ${this.workDir})`);
      await sleep(HAND_OVER_POLL_MS);
    }
  }

  /** The records of `tags`. */
  aorsOf(tags: readonly string[]): string[] {
    return this.aors.filter((aor) => tags.includes(this.tagOfAor.get(aor) ?? ""));
  }

  /**
   * The takeovers so far of the records of `tags` (the tags `from` held, by the MI) that `from`
   * was the last to send for at `atMs`. Records it sent for before their tag moved away in a
   * rebalance are not its to hand over.
   */
  takeovers(from: string, tags: readonly string[], atMs: number): Takeover[] {
    return takeovers(this.judge, this.aorsOf(tags), from, atMs, this.refresh);
  }

  /** Until every record of `tags` that `from` held at `atMs` was sent by some node again (bounded). */
  waitForTakeovers(step: string, from: string, tags: readonly string[], atMs: number, limitMs: number): Promise<TakeoverReport> {
    const report = (): TakeoverReport => reportTakeovers(this.takeovers(from, tags, atMs), atMs);
    return this.waitFor(
      `${step}: every record of ${from} refreshed again`,
      limitMs,
      () => {
        const now = report();
        return now.waiting.length === 0 ? now : null;
      },
      () => `(${report().waiting.length} still waiting)`,
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.nodes.map((node) => node.close()));
    await this.proxy.close();
    await this.#simulator.stop().catch(() => {});
    await this.#database.dropTables(Object.values(this.tables));
  }
}

async function seed(url: string, tables: ClusterTables, rows: ReturnType<typeof clusterRows>): Promise<void> {
  const store = await openStore(url, { ...DEFAULT_TABLE_NAMES, table_name: tables.table_name });
  try {
    await store.init();
    for (let at = 0; at < rows.length; at += SEED_BATCH) await store.insertRows(rows.slice(at, at + SEED_BATCH));
  } finally {
    await store.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => systemClock.setTimeout(resolve, ms));
}
