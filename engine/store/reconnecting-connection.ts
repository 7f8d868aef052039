/**
 * A SQL connection that replaces itself when it stops working, for the dialog-state writes that
 * REGISTERs wait for (write-ahead, docs/saved-dialogs.md). Each `query` and `execute` waits
 * `statementLimitMs` at most; a statement that fails or outlasts it drops the connection (reset,
 * so nothing still on its way reaches the server later) and the next call opens a new one.
 *
 * Why: a socket black-holed by a partition or by a database fail-over behind a virtual IP answers
 * nothing until the kernel gives up on it (about 15 minutes with Linux's defaults), and a
 * connection the server closed (a restart) refuses every statement for good. Meanwhile the lease
 * connection, which reconnects, keeps the node's sharing tags ACTIVE, so without this every later
 * write would wait behind the dead one and every REGISTER with it.
 *
 * `stream` and `transaction` run on the current connection without a limit (the start-up read of
 * every saved dialog may rightly take long); a failure there drops it too.
 */
import { TIMED_OUT, withinMs, type Clock } from "../clock.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import type { Dialect, SqlConnection } from "./sql-connection.js";

export interface ReconnectingOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long one statement may take before its connection counts as dead. */
  readonly statementLimitMs: number;
  /** What the connection is for, in log lines ("dialog state"). */
  readonly purpose: string;
}

/** Thrown to the caller of a statement that outlasted `statementLimitMs`. */
export class StatementTimeoutError extends Error {
  constructor(limitMs: number) {
    super(`no answer within ${limitMs} ms; the connection was dropped and the next statement opens a new one`);
    this.name = "StatementTimeoutError";
  }
}

/**
 * `first` is used until it fails; `reopen` opens each one after it (with its own connect timeout).
 * Its statements reject with StatementTimeoutError past the limit, with the driver's error when
 * it failed or `reopen` did, and with an Error once the connection is closed.
 */
export function reconnectingConnection(first: SqlConnection, reopen: () => Promise<SqlConnection>, options: ReconnectingOptions): SqlConnection {
  const { clock, logger, statementLimitMs, purpose } = options;
  let current: SqlConnection | null = first;
  let opening: Promise<SqlConnection> | null = null;
  let closed = false;

  const connection = (): Promise<SqlConnection> => {
    if (closed) return Promise.reject(new Error(`the ${purpose} connection is closed`));
    if (current !== null) return Promise.resolve(current);
    opening ??= reopen().then(
      (opened) => {
        opening = null;
        if (closed) {
          opened.abort();
          throw new Error(`the ${purpose} connection is closed`);
        }
        current = opened;
        logger.info({ purpose }, `${purpose}: connected again`);
        return opened;
      },
      (error: unknown) => {
        opening = null;
        throw error;
      },
    );
    return opening;
  };

  /** Drops `dead` if it is still the current connection; later calls open a new one. */
  const drop = (dead: SqlConnection, why: string): void => {
    if (current !== dead) return;
    current = null;
    dead.abort();
    logger.warn({ purpose, err: why }, `${purpose}: the connection was dropped (${why}); the next statement opens a new one`);
  };

  /** Runs `work` on the current connection, dropping it when the work fails or, with `limited`, outlasts the limit. */
  const run = async <T>(work: (db: SqlConnection) => Promise<T>, limited: boolean): Promise<T> => {
    const db = await connection();
    const running = work(db);
    try {
      const outcome = limited ? await withinMs(clock, running, statementLimitMs) : await running;
      if (outcome === TIMED_OUT) throw new StatementTimeoutError(statementLimitMs);
      return outcome;
    } catch (error) {
      // The abandoned statement fails too once its connection is reset: nobody waits for it any more.
      running.catch(() => {});
      drop(db, errorMessage(error));
      throw error;
    }
  };

  const dialect: Dialect = first.dialect;
  return {
    dialect,
    query: (sql, params) => run((db) => db.query(sql, params), true),
    execute: (sql, params) => run((db) => db.execute(sql, params), true),
    stream: (sql, params, chunkSize, onRows) => run((db) => db.stream(sql, params, chunkSize, onRows), false),
    transaction: (work) => run((db) => db.transaction(work), false),
    async close() {
      closed = true;
      // Still current while it closes: an abort meanwhile (a close that hangs) resets it.
      await current?.close();
      current = null;
    },
    abort() {
      closed = true;
      current?.abort();
      current = null;
    },
  };
}
