/** Kernel counters the benchmarks read from /proc (Linux). */
import { readFileSync } from "node:fs";

/**
 * The sum of the named UDP counters of /proc/net/snmp (e.g. `RcvbufErrors`, the datagrams
 * dropped for a full receive buffer, all sockets); null off Linux or when none of them is there.
 */
export function udpCounters(names: readonly string[]): number | null {
  let text: string;
  try {
    text = readFileSync("/proc/net/snmp", "latin1");
  } catch {
    return null;
  }
  const [fields, values] = text
    .split("\n")
    .filter((line) => line.startsWith("Udp:"))
    .map((line) => line.split(/\s+/));
  if (fields === undefined || values === undefined) return null;
  let total: number | null = null;
  for (const name of names) {
    const at = fields.indexOf(name);
    if (at !== -1) total = (total ?? 0) + Number(values[at] ?? 0);
  }
  return total;
}
