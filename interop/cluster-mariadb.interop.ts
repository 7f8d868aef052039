/**
 * Issue 13 on MariaDB (127.0.0.1:3306, database test, tables of this run only): three
 * `uacreg run` nodes through start, kill -9, SIGTERM, a database cut and a rolling restart,
 * judged on the simulator's transcript (interop/harness/cluster-scenario.ts).
 */
import { ensureMariadb } from "./db-servers.js";
import { mariadbCluster } from "./harness/cluster-databases.js";
import { describeClusterScenario } from "./harness/cluster-scenario.js";

describeClusterScenario(mariadbCluster, ensureMariadb);
