/**
 * One statement at a time on a connection. The registrant store, the dialog-state writer and a
 * reload share one connection, and their calls come in from independent timers: two statements
 * at once on one pg client is deprecated (pg warns "client is already executing a query"), and
 * worse, a statement issued while another caller's transaction or cursor is open would run
 * inside it and share its COMMIT or ROLLBACK. Each call waits for the previous one to settle; a
 * transaction or a stream holds its turn until it ends (its own `execute` runs within the turn).
 */
import type { SqlConnection } from "./sql-connection.js";

export function serialConnection(connection: SqlConnection): SqlConnection {
  let previous: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = previous.then(work);
    // The next caller waits for this turn to end, whether it succeeded or not.
    previous = turn.catch(() => undefined);
    return turn;
  };
  return {
    dialect: connection.dialect,
    query: (sql, params) => inTurn(() => connection.query(sql, params)),
    execute: (sql, params) => inTurn(() => connection.execute(sql, params)),
    stream: (sql, params, chunkSize, onRows) => inTurn(() => connection.stream(sql, params, chunkSize, onRows)),
    transaction: (work) => inTurn(() => connection.transaction(work)),
    close: () => inTurn(() => connection.close()),
    // Not in turn: it is what ends a turn that hangs.
    abort: () => connection.abort(),
  };
}
