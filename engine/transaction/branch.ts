/**
 * Via branch parameters (RFC 3261 §8.1.1.7). A branch that starts with the magic cookie tells
 * the peer it was made by an RFC 3261 element, which is what lets both sides match
 * transactions on the branch alone (§17.1.3, §17.2.3).
 */
import type { Random } from "../random.js";

export const BRANCH_MAGIC_COOKIE = "z9hG4bK";

/** 96 random bits: unique across every transaction a run can make, short on the wire. */
const BRANCH_RANDOM_BYTES = 12;

/** A fresh branch from the injected randomness, so a seeded run sends the same branches. */
export function newBranch(random: Random): string {
  return BRANCH_MAGIC_COOKIE + random.hex(BRANCH_RANDOM_BYTES);
}

/** Whether a branch was made by an RFC 3261 element (the cookie is case-sensitive, §8.1.1.7). */
export function isRfc3261Branch(branch: string | null): branch is string {
  return branch !== null && branch.startsWith(BRANCH_MAGIC_COOKIE) && branch.length > BRANCH_MAGIC_COOKIE.length;
}
