/**
 * SqlConnection on MySQL and MariaDB (mysql2), `mysql://`. One connection. `stream` uses the
 * driver's row stream (the server sends rows as the client reads them), handing rows on in
 * chunks, so a million-row table never sits whole in the driver.
 */
import { Socket } from "node:net";
import mysql from "mysql2";
import type { SqlConnection, SqlRow, SqlValue } from "./sql-connection.js";

export async function openMysql(url: string, connectTimeoutMs: number): Promise<SqlConnection> {
  const raw = mysql.createConnection({ uri: url, connectTimeout: connectTimeoutMs, supportBigNumbers: true });
  // An idle connection the server drops must not crash the process; the next statement reports it.
  raw.on("error", () => {});
  const connection = raw.promise();
  await connection.connect();
  const execute = async (sql: string, params: readonly SqlValue[] = []): Promise<number> => {
    const [result] = await connection.query(sql, [...params]);
    return (result as { affectedRows?: number }).affectedRows ?? 0;
  };
  return {
    dialect: "mysql",
    query: async (sql, params = []) => (await connection.query({ sql, rowsAsArray: true }, [...params]))[0] as SqlRow[],
    execute,
    async transaction(work) {
      await connection.beginTransaction();
      try {
        const result = await work(execute);
        await connection.commit();
        return result;
      } catch (error) {
        await connection.rollback().catch(() => {});
        throw error;
      }
    },
    stream: (sql, params, chunkSize, onRows) =>
      new Promise<void>((resolve, reject) => {
        let chunk: SqlRow[] = [];
        raw
          .query({ sql, rowsAsArray: true, values: [...params] })
          .on("result", (row: unknown) => {
            chunk.push(row as SqlRow);
            if (chunk.length >= chunkSize) {
              onRows(chunk);
              chunk = [];
            }
          })
          .on("error", reject)
          .on("end", () => {
            if (chunk.length > 0) onRows(chunk);
            resolve();
          });
      }),
    close: () => connection.end(),
    abort() {
      // A reset, not a FIN: bytes still in the socket's send buffer are discarded, not delivered after a partition heals.
      // mysql2 keeps its socket in `stream`, which its typings leave out.
      const socket: unknown = Reflect.get(raw, "stream");
      if (socket instanceof Socket) socket.resetAndDestroy();
      raw.destroy();
    },
  };
}
