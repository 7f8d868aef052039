/** The benchmark's users: one realm, distinct user names and passwords, as a users file and a SIPp CSV. */
import { sippUsersCsv } from "../../interop/harness/sipp.js";
import { BENCH_REALM } from "../realm.js";

export function benchUsers(count: number): { user: string; password: string }[] {
  return Array.from({ length: count }, (_, i) => ({ user: `u${String(i).padStart(5, "0")}`, password: `pw-${i}-${(i * 7919) % 10007}` }));
}

export function usersFileText(users: readonly { user: string; password: string }[]): string {
  return `[${BENCH_REALM}]\n${users.map(({ user, password }) => `${user} ${password}`).join("\n")}\n`;
}

export function usersCsvText(users: readonly { user: string; password: string }[]): string {
  return sippUsersCsv(users, BENCH_REALM);
}
