/**
 * The cluster part of `uacreg run` (a `cluster` section with enable_clustering: 1): the lease
 * keeper on its own connection to `db_url` (a lease round never waits behind a table load), its
 * metrics beside the others, its MI commands, and the hand-over hook that a tag's release runs:
 * wait for the tag's transactions in flight (a transaction timeout at most), then save state.
 */
import { withinMs, type Clock } from "../clock.js";
import { LeaseShtags, SqlLeaseTable, type ClusterOptions } from "../cluster/index.js";
import type { Logger } from "../log.js";
import { ClusterMetrics } from "../metrics/index.js";
import { clusterCommands, type MiCommand } from "../mi/index.js";
import type { RegistrantEngine, Shtag } from "../registrant/index.js";
import { openSqlConnection } from "../store/index.js";
import type { Registry } from "prom-client";

const CONNECT_TIMEOUT_MS = 5000;

export interface ClusterNodeParts {
  readonly options: ClusterOptions;
  readonly dbUrl: string;
  readonly clock: Clock;
  /** A clock that never jumps, for the safety deadlines; null: the Clock's own (a test's fake time). */
  readonly monotonicNow: (() => number) | null;
  readonly logger: Logger;
  /** The metrics registry, when metrics are on. */
  readonly registry: Registry | null;
  /** Bounds the wait for a tag's transactions in flight. */
  readonly drainLimitMs: number;
  /** Saves the registration state before a lease is released; null: the engine's `flushState` (persist_state's saved dialogs). */
  readonly flushState: (() => Promise<void>) | null;
}

export interface ClusterNode {
  readonly shtags: LeaseShtags;
  readonly commands: readonly MiCommand[];
  /** The engine, once built: its records name the tags (when the section lists none) and its transactions are waited for. */
  attach(engine: RegistrantEngine): void;
}

export function createClusterNode(parts: ClusterNodeParts): ClusterNode {
  const { options, clock, logger } = parts;
  let engine: RegistrantEngine | null = null;
  let shtags: LeaseShtags | null = null;
  const observer = parts.registry === null ? null : new ClusterMetrics(parts.registry, () => shtags?.heldCount ?? 0);
  shtags = new LeaseShtags(options, {
    clock,
    ...(parts.monotonicNow === null ? {} : { monotonicNow: parts.monotonicNow }),
    connect: async () => new SqlLeaseTable(await openSqlConnection(parts.dbUrl, CONNECT_TIMEOUT_MS), options),
    logger,
    rowTags: () => (engine === null ? [] : engine.shtagsInUse()),
    handOver: async (tags) => {
      if (engine !== null) await drainTags(engine, tags, parts.drainLimitMs, clock);
      await (parts.flushState ?? engine?.flushState.bind(engine))?.();
    },
    observer,
  });
  return {
    shtags,
    commands: clusterCommands(shtags),
    attach: (built) => {
      engine = built;
    },
  };
}

/** Waits for the tags' requests in flight to end (the engine says when), `limitMs` at most. */
async function drainTags(engine: RegistrantEngine, tags: readonly Shtag[], limitMs: number, clock: Clock): Promise<void> {
  await withinMs(clock, engine.requestsEnded(tags), limitMs);
}
