/**
 * What the registrant store needs from a SQL database, whatever the driver: statements with
 * positional parameters (written `?`; the PostgreSQL connection renumbers them), a chunked read
 * that hands rows on as they arrive (a million-row table is never held twice), and a batch of
 * writes in one transaction. One implementation per driver, each loaded only when its scheme is used.
 */
export type Dialect = "sqlite" | "postgres" | "mysql";

export type SqlValue = string | number | null;

/** A result row as an array of column values, in SELECT order. */
export type SqlRow = readonly unknown[];

export interface SqlConnection {
  readonly dialect: Dialect;
  /** Every row of a small result. */
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Rows of a large result, handed on in chunks of about `chunkSize` as the driver delivers them. */
  stream(sql: string, params: readonly SqlValue[], chunkSize: number, onRows: (rows: readonly SqlRow[]) => void): Promise<void>;
  /** A statement without rows; resolves with the number of rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction (rolled back when it throws); `execute` inside it is the transaction's. */
  transaction<T>(work: (execute: (sql: string, params?: readonly SqlValue[]) => Promise<number>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Drops the connection at once, without waiting for anything: its socket is reset, so a
   * statement still on its way never reaches the server later, and every call waiting on it fails.
   */
  abort(): void;
}
