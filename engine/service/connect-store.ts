/**
 * The database at start-up: connect and check the schema version, retrying a database that does
 * not answer with a doubling back-off up to `db_connect.attempts`, each failure logged with what
 * happens next. A wrong schema version or a misnamed column is not retried: waiting fixes neither.
 */
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { maskDbUrl, openStore, StoreError, type SqlRegistrantStore, type TableNames } from "../store/index.js";
import { ServiceError } from "./errors.js";

export interface ConnectPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export async function connectStore(dbUrl: string, names: TableNames, policy: ConnectPolicy, clock: Clock, logger: Logger): Promise<SqlRegistrantStore> {
  const shown = maskDbUrl(dbUrl);
  let delayMs = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    let store: SqlRegistrantStore | null = null;
    try {
      store = await openStore(dbUrl, names);
      await store.checkSchema();
      if (attempt > 1) logger.info({ db: shown, attempt }, `database ${shown} reached at attempt ${attempt}`);
      return store;
    } catch (error) {
      await store?.close().catch(() => {});
      if (error instanceof StoreError && error.code !== "db_unavailable") throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt >= policy.attempts) {
        throw new ServiceError("db_unreachable", `database ${shown} not reachable after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${reason}`, { cause: error });
      }
      logger.warn({ db: shown, attempt, of: policy.attempts, retryInMs: delayMs }, `database ${shown} not reachable (attempt ${attempt} of ${policy.attempts}): ${reason}; retrying in ${delayMs} ms`);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
    }
  }
}
