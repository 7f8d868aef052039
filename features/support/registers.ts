/** Finding and describing the REGISTER transactions of a scenario, for assertions and their messages. */
import assert from "node:assert/strict";
import type { RegisterTransaction, RegistrantWorld } from "./world.js";

/** The transactions, one a line, as a failed assertion shows what was sent. */
export function listRegisters(transactions: readonly RegisterTransaction[]): string {
  if (transactions.length === 0) return "no REGISTER at all";
  return transactions
    .map((t) => `second ${t.second}: CSeq ${t.cseq}, Call-ID ${t.callId}, ${t.digest !== null ? "with" : "without"} credentials, answered ${t.answers.join(",") || "nothing"}`)
    .join("\n");
}

/** The transaction of `account` at `second` with `cseq`, and the one before it. */
export function findRegister(world: RegistrantWorld, account: string, second: number, cseq: number): { found: RegisterTransaction; previous: RegisterTransaction | null } {
  const sent = world.registerTransactions(world.aorOf(account));
  const index = sent.findIndex((t) => t.second === second && t.cseq === cseq);
  const found = sent[index];
  assert.ok(found !== undefined, `${account} sent no REGISTER with CSeq ${cseq} at second ${second}; what was sent:\n${listRegisters(sent)}`);
  return { found, previous: sent[index - 1] ?? null };
}
