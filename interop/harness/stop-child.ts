/**
 * Ending the peer processes the interop tests and benchmarks start (Kamailio, SIPp): never wait
 * on one without a bound.
 */
import type { ChildProcess } from "node:child_process";
import { systemClock } from "../../engine/index.js";

/** What `exited` gives once the child ended; SIGKILLs the child if that takes longer than `limitMs`. */
export async function killAfter<T>(child: Pick<ChildProcess, "kill">, exited: Promise<T>, limitMs: number): Promise<T> {
  const guard = systemClock.setTimeout(() => child.kill("SIGKILL"), limitMs);
  try {
    return await exited;
  } finally {
    systemClock.clearTimeout(guard);
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within `limitMs`; resolves once it exited. */
export async function stopChild(child: Pick<ChildProcess, "kill">, exited: Promise<unknown>, limitMs: number): Promise<void> {
  child.kill("SIGTERM");
  await killAfter(child, exited, limitMs);
}
