/**
 * SqlConnection on PostgreSQL (pg), `postgres://` or `postgresql://`. One client (the registrant
 * needs no pool: loads and state writes are rare). `stream` reads through a server-side cursor
 * in a transaction, FETCHing a chunk at a time (the next one asked for while this one is handed
 * on), so a million-row table never sits whole in the driver. `?` placeholders become `$1, $2, ...`.
 */
import { Socket } from "node:net";
import pg from "pg";
import type { SqlConnection, SqlRow, SqlValue } from "./sql-connection.js";

export async function openPostgres(url: string, connectTimeoutMs: number): Promise<SqlConnection> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // An idle connection the server drops must not crash the process; the next statement reports it.
  client.on("error", () => {});
  await client.connect();
  const query = async (sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> =>
    (await client.query({ text: numbered(sql), values: [...params], rowMode: "array" })).rows as SqlRow[];
  const execute = async (sql: string, params: readonly SqlValue[] = []): Promise<number> =>
    (await client.query({ text: numbered(sql), values: [...params] })).rowCount ?? 0;
  const transaction = async <T>(work: (run: typeof execute) => Promise<T>): Promise<T> => {
    await client.query("BEGIN");
    try {
      const result = await work(execute);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  };
  return {
    dialect: "postgres",
    query,
    execute,
    transaction,
    stream: (sql, params, chunkSize, onRows) =>
      transaction(async () => {
        await client.query({ text: `DECLARE uacreg_load NO SCROLL CURSOR FOR ${numbered(sql)}`, values: [...params] });
        const fetch = (): Promise<SqlRow[]> => query(`FETCH ${chunkSize} FROM uacreg_load`);
        // The next chunk is asked for before this one is handed on: the server reads it meanwhile. Two at most in memory.
        let coming = fetch();
        for (;;) {
          const rows = await coming;
          if (rows.length === 0) break;
          coming = fetch();
          // Should onRows throw, that fetch is left behind: its failure must not be an unhandled rejection.
          coming.catch(() => {});
          onRows(rows);
        }
        await client.query("CLOSE uacreg_load");
      }),
    close: () => client.end(),
    abort() {
      // A reset, not a FIN: bytes still in the socket's send buffer are discarded, not delivered after a partition heals.
      const socket: unknown = client.connection.stream;
      if (socket instanceof Socket) socket.resetAndDestroy();
      client.end().catch(() => {});
    },
  };
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
