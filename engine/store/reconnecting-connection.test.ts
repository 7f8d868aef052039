/** The dialog-state connection that replaces itself when a statement hangs or fails, on a virtual clock. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../testkit/virtual-clock.js";
import { memoryLogger } from "../log.js";
import { reconnectingConnection, StatementTimeoutError } from "./reconnecting-connection.js";
import type { SqlConnection } from "./sql-connection.js";

type Behaviour = "answers" | "hangs" | "fails";

/** A driver connection numbered `id` whose statements answer, hang until aborted, or fail; it records what it was given. */
function fakeConnection(id: number, behaviour: () => Behaviour, log: string[]): SqlConnection {
  let aborted: (() => void)[] = [];
  const statement = (sql: string): Promise<number> => {
    log.push(`${id}: ${sql}`);
    const now = behaviour();
    if (now === "fails") return Promise.reject(new Error(`connection ${id} is closed`));
    if (now === "answers") return Promise.resolve(id);
    return new Promise<number>((_resolve, reject) => aborted.push(() => reject(new Error(`connection ${id} reset`))));
  };
  return {
    dialect: "postgres",
    query: async (sql) => [[await statement(sql)]],
    execute: statement,
    stream: async (sql, _params, _chunk, onRows) => onRows([[await statement(sql)]]),
    transaction: (work) => work(statement),
    close: () => {
      log.push(`${id}: close`);
      return Promise.resolve();
    },
    abort: () => {
      log.push(`${id}: abort`);
      for (const reject of aborted) reject();
      aborted = [];
    },
  };
}

function setUp(behaviours: Behaviour[]) {
  const clock = new VirtualClock(0);
  const logger = memoryLogger();
  const log: string[] = [];
  let opened = 1;
  /** Connection n behaves as behaviours[n - 1] (the last one for those after). */
  const behaviourOf = (id: number) => (): Behaviour => behaviours[Math.min(id, behaviours.length) - 1] ?? "answers";
  const reopen = (): Promise<SqlConnection> => {
    opened++;
    log.push(`open ${opened}`);
    return Promise.resolve(fakeConnection(opened, behaviourOf(opened), log));
  };
  const db = reconnectingConnection(fakeConnection(1, behaviourOf(1), log), reopen, { clock, logger, statementLimitMs: 5000, purpose: "dialog state" });
  return { clock, logger, log, db };
}

describe("reconnectingConnection: the dialog-state connection replaces itself", () => {
  it("statements that answer stay on the first connection", async () => {
    const { db, log } = setUp(["answers"]);
    assert.equal(await db.execute("UPSERT a"), 1);
    assert.deepEqual(await db.query("SELECT b"), [[1]]);
    assert.deepEqual(log, ["1: UPSERT a", "1: SELECT b"]);
  });

  it("a statement unanswered after the limit fails with a timeout, its connection is reset, and the next statement runs on a new one", async () => {
    const { db, log, clock, logger } = setUp(["hangs", "answers"]);
    const hung = db.execute("UPSERT a");
    const failed = assert.rejects(hung, StatementTimeoutError);
    await clock.tickAsync(4999);
    assert.deepEqual(log, ["1: UPSERT a"], "still waiting a millisecond before the limit");
    await clock.tickAsync(1);
    await failed;
    assert.deepEqual(log, ["1: UPSERT a", "1: abort"]);
    assert.equal(await db.execute("UPSERT a"), 2);
    assert.deepEqual(log, ["1: UPSERT a", "1: abort", "open 2", "2: UPSERT a"]);
    assert.deepEqual(
      logger.lines.map((line) => [line.level, line.msg]),
      [
        ["warn", "dialog state: the connection was dropped (no answer within 5000 ms; the connection was dropped and the next statement opens a new one); the next statement opens a new one"],
        ["info", "dialog state: connected again"],
      ],
    );
  });

  it("a connection the server closed (every statement fails) is replaced at the next statement", async () => {
    const { db, log } = setUp(["fails", "answers"]);
    await assert.rejects(db.execute("UPSERT a"), /connection 1 is closed/);
    assert.equal(await db.execute("UPSERT a"), 2);
    assert.deepEqual(log, ["1: UPSERT a", "1: abort", "open 2", "2: UPSERT a"]);
  });

  it("statements queued behind a hung one fail with it and one new connection serves them all afterwards", async () => {
    const { db, log, clock } = setUp(["hangs", "answers"]);
    const first = assert.rejects(db.execute("UPSERT a"), StatementTimeoutError);
    // Reset with the connection it waited on, before its own limit.
    const second = assert.rejects(db.execute("UPSERT b"), /connection 1 reset/);
    await clock.tickAsync(5000);
    await Promise.all([first, second]);
    const [a, b] = await Promise.all([db.execute("UPSERT a"), db.query("SELECT c")]);
    assert.deepEqual([a, b], [2, [[2]]]);
    assert.deepEqual(log.filter((line) => line.startsWith("open")), ["open 2"], "one reconnection for both");
  });

  it("a reconnection that fails rejects the statement; the one after tries again", async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    let attempts = 0;
    const reopen = (): Promise<SqlConnection> => (++attempts === 1 ? Promise.reject(new Error("connect ETIMEDOUT")) : Promise.resolve(fakeConnection(attempts + 1, () => "answers", log)));
    const db = reconnectingConnection(fakeConnection(1, () => "fails", log), reopen, { clock, logger: memoryLogger(), statementLimitMs: 5000, purpose: "dialog state" });
    await assert.rejects(db.execute("UPSERT a"), /connection 1 is closed/);
    await assert.rejects(db.execute("UPSERT a"), /connect ETIMEDOUT/);
    assert.equal(await db.execute("UPSERT a"), 3);
  });

  it("a long stream is never cut by the statement limit", async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    const first = fakeConnection(1, () => "answers", log);
    let finish: () => void = () => {};
    const slow: SqlConnection = { ...first, stream: (_sql, _params, _chunk, onRows) => new Promise<void>((resolve) => (finish = () => (onRows([["row"]]), resolve()))) };
    const db = reconnectingConnection(slow, () => Promise.reject(new Error("not used")), { clock, logger: memoryLogger(), statementLimitMs: 5000, purpose: "dialog state" });
    const rows: unknown[] = [];
    const streaming = db.stream("SELECT all", [], 100, (chunk) => rows.push(...chunk));
    await clock.tickAsync(60_000);
    finish();
    await streaming;
    assert.deepEqual(rows, [["row"]]);
    assert.deepEqual(log, [], "not aborted");
  });

  it("an abort while the close hangs resets the connection", async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    const first = fakeConnection(1, () => "answers", log);
    const db = reconnectingConnection({ ...first, close: () => new Promise<void>(() => {}) }, () => Promise.reject(new Error("not used")), {
      clock,
      logger: memoryLogger(),
      statementLimitMs: 5000,
      purpose: "dialog state",
    });
    void db.close();
    db.abort();
    assert.deepEqual(log, ["1: abort"]);
  });

  it("after close, statements fail and nothing reconnects", async () => {
    const { db, log } = setUp(["answers"]);
    await db.close();
    await assert.rejects(db.execute("UPSERT a"), /dialog state connection is closed/);
    assert.deepEqual(log, ["1: close"]);
  });
});
