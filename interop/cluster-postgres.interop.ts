/**
 * Issue 13 on PostgreSQL (127.0.0.1:5432, database test, tables of this run only): three
 * `uacreg run` nodes through start, kill -9, SIGTERM, a database cut and a rolling restart,
 * judged on the simulator's transcript (interop/harness/cluster-scenario.ts).
 */
import { ensurePostgres } from "./db-servers.js";
import { postgresCluster } from "./harness/cluster-databases.js";
import { describeClusterScenario } from "./harness/cluster-scenario.js";

describeClusterScenario(postgresCluster, ensurePostgres);
