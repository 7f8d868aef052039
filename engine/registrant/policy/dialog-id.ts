/**
 * Call-ID and From-tag of a new registration dialog (spec §6.2): the lowercase hex MD5 of
 * trim(AOR) ‖ decimal(random 32-bit value) ‖ decimal(Unix seconds), cut into 27 + 5 characters.
 * The random part (issue #2375) keeps two records of one AOR apart within the same second.
 */
import { hash } from "node:crypto";
import type { Random } from "../../random.js";
import { ownCopy } from "./string-pool.js";

export interface DialogIds {
  /** 27 lowercase hex characters, no `@host`. */
  readonly callId: string;
  /** 5 lowercase hex characters. */
  readonly fromTag: string;
}

export function newDialogIds(aor: string, random: Random, nowSec: number): DialogIds {
  // The one-shot hash: a reload makes one dialog per record, and a Hash object each costs twice the time.
  const digest = hash("md5", aor.trim() + String(random.uint32()) + String(nowSec), "hex");
  // A record keeps its Call-ID for hours: its own copy, not a slice that holds the whole digest.
  return { callId: ownCopy(digest.slice(0, 27)), fromTag: digest.slice(27, 32) };
}
