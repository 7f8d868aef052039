import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serialConnection } from "./serial-connection.js";
import type { SqlConnection, SqlRow } from "./sql-connection.js";

/**
 * A driver that, like one pg client, must never be given a statement while another runs: a call
 * that starts while one is in flight fails. Each call ends only when the test releases it.
 */
function strictDriver() {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  let running = 0;
  const statement = async (sql: string): Promise<void> => {
    if (running > 0) throw new Error(`"${sql}" started while another statement runs`);
    running++;
    log.push(`start ${sql}`);
    await new Promise<void>((resolve) => pending.push(resolve));
    log.push(`end ${sql}`);
    running--;
    if (sql.startsWith("FAIL")) throw new Error(`${sql} failed`);
  };
  const execute = async (sql: string): Promise<number> => {
    await statement(sql);
    return 1;
  };
  const driver: SqlConnection = {
    dialect: "postgres",
    query: async (sql) => {
      await statement(sql);
      return [[sql]] as SqlRow[];
    },
    execute,
    stream: async (sql, _params, _chunk, onRows) => {
      await statement(sql);
      onRows([[sql]]);
    },
    // Like the drivers: BEGIN, the work on the transaction's own execute, COMMIT, each its own statement.
    transaction: async (work) => {
      await statement("BEGIN");
      const result = await work(execute);
      await statement("COMMIT");
      return result;
    },
    close: () => statement("CLOSE"),
    abort: () => log.push("abort"),
  };
  /** Ends the statement in flight, then lets the next one start. */
  const releaseOne = async (): Promise<void> => {
    for (let turn = 0; turn < 20 && pending.length === 0; turn++) await Promise.resolve();
    const next = pending.shift();
    assert.ok(next, "a statement is in flight");
    next();
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
  };
  return { driver, log, releaseOne, inFlight: () => pending.length };
}

describe("serialConnection: one statement at a time on a shared connection", () => {
  it("the strict driver itself fails on two statements at once (the check can fail)", async () => {
    const { driver, releaseOne } = strictDriver();
    const first = driver.query("SELECT 1");
    await assert.rejects(driver.execute("UPDATE t"), /started while another statement runs/);
    await releaseOne();
    await first;
  });

  it("callers from independent timers run one after the other, in call order", async () => {
    const { driver, log, releaseOne } = strictDriver();
    const db = serialConnection(driver);
    const calls = [db.query("SELECT lease"), db.execute("UPSERT dialog"), db.stream("SELECT rows", [], 10, () => {}), db.query("SELECT one")];
    for (let n = 0; n < calls.length; n++) await releaseOne();
    assert.deepEqual(await Promise.all(calls), [[["SELECT lease"]], 1, undefined, [["SELECT one"]]]);
    assert.deepEqual(log, ["start SELECT lease", "end SELECT lease", "start UPSERT dialog", "end UPSERT dialog", "start SELECT rows", "end SELECT rows", "start SELECT one", "end SELECT one"]);
  });

  it("a statement called during another caller's transaction waits until COMMIT, so it never joins that transaction", async () => {
    const { driver, log, releaseOne } = strictDriver();
    const db = serialConnection(driver);
    const transaction = db.transaction(async (execute) => {
      await execute("INSERT a");
      return await execute("INSERT b");
    });
    const outside = db.execute("UPSERT dialog");
    for (let n = 0; n < 5; n++) await releaseOne();
    assert.equal(await transaction, 1);
    assert.equal(await outside, 1);
    assert.deepEqual(
      log.filter((line) => line.startsWith("start")),
      ["start BEGIN", "start INSERT a", "start INSERT b", "start COMMIT", "start UPSERT dialog"],
    );
  });

  it("a failed statement rejects its own caller only; the next one still runs", async () => {
    const { driver, releaseOne } = strictDriver();
    const db = serialConnection(driver);
    const failed = db.execute("FAIL write");
    const next = db.query("SELECT after");
    await releaseOne();
    await assert.rejects(failed, /FAIL write failed/);
    await releaseOne();
    assert.deepEqual(await next, [["SELECT after"]]);
  });

  it("close waits for the statement in flight", async () => {
    const { driver, log, releaseOne } = strictDriver();
    const db = serialConnection(driver);
    const write = db.execute("UPSERT dialog");
    const closed = db.close();
    await releaseOne();
    await releaseOne();
    await Promise.all([write, closed]);
    assert.deepEqual(log, ["start UPSERT dialog", "end UPSERT dialog", "start CLOSE", "end CLOSE"]);
  });

  it("abort does not wait for its turn: it reaches the driver while a statement hangs", async () => {
    const { driver, log } = strictDriver();
    const db = serialConnection(driver);
    void db.execute("UPSERT dialog");
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    db.abort();
    assert.deepEqual(log, ["start UPSERT dialog", "abort"]);
  });
});
