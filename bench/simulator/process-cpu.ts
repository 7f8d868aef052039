/** CPU time of processes under test, read from /proc (Linux). */
import { readdir, readFile } from "node:fs/promises";

/** Linux clock ticks per second (`getconf CLK_TCK`), 100 on every distribution we run on. */
const CLOCK_TICKS_PER_SEC = 100;

export interface ProcessCpu {
  readonly userMs: number;
  readonly systemMs: number;
}

interface ProcessStat extends ProcessCpu {
  readonly pid: number;
  readonly parentPid: number;
}

/** The fields of /proc/<pid>/stat that matter here, or null when the process is gone. */
async function readStat(pid: number): Promise<ProcessStat | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Fields are counted after the `(comm)` field, which may hold blanks: fields[0] is field 3
  // (state), so ppid (4), utime (14) and stime (15) are at 1, 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const toMs = (ticks: string | undefined): number => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SEC;
  return { pid, parentPid: Number(fields[1]), userMs: toMs(fields[11]), systemMs: toMs(fields[12]) };
}

/**
 * utime and stime (every thread) summed over a process and all its living descendants: a
 * multi-process server such as Kamailio (one process per worker, timer, and so on) is measured
 * as a whole, a single process (the simulator) by itself.
 */
export async function processTreeCpu(rootPid: number): Promise<ProcessCpu> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = (await Promise.all(pids.map(readStat))).filter((stat): stat is ProcessStat => stat !== null);
  const children = new Map<number, ProcessStat[]>();
  for (const stat of stats) {
    const siblings = children.get(stat.parentPid);
    if (siblings === undefined) children.set(stat.parentPid, [stat]);
    else siblings.push(stat);
  }
  const root = stats.find((stat) => stat.pid === rootPid);
  if (root === undefined) throw new Error(`process ${rootPid} is gone`);
  let userMs = 0;
  let systemMs = 0;
  const pending = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    userMs += next.userMs;
    systemMs += next.systemMs;
    pending.push(...(children.get(next.pid) ?? []));
  }
  return { userMs, systemMs };
}
