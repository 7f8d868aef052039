/**
 * Mistakes in a script that only show against the users it will meet: a rule whose `for` can
 * match no user of the users file never fires, and nothing else would say so until the summary.
 * The AOR's user part is compared with the user names (registrants almost always register the
 * AOR of the user they authenticate as); a warning, not an error, because they may differ.
 */
import type { UserTable } from "../users.js";
import { userMatches } from "./aor-pattern.js";
import type { CompiledScript } from "./model.js";

/** Users named in a warning at most, as examples of what the file holds. */
const EXAMPLES_MAX = 3;

export function scriptWarnings(script: CompiledScript, users: UserTable | undefined): string[] {
  if (users === undefined || users.size === 0) return [];
  const names = [...new Set(users.realms().flatMap((realm) => users.usernames(realm)))];
  const warnings: string[] = [];
  for (const rule of script.rules) {
    if (rule.patterns === null) continue;
    const dead = rule.patterns.filter((pattern) => !names.some((name) => userMatches(pattern.user, name)));
    if (dead.length === 0) continue;
    const examples = names.slice(0, EXAMPLES_MAX).join(", ") + (names.length > EXAMPLES_MAX ? ", ..." : "");
    const what = dead.length === rule.patterns.length ? "can match no user of the users file, so it never fires" : `has entries that match no user of the users file: ${dead.map((pattern) => pattern.text).join(", ")}`;
    warnings.push(`${script.source} rule ${rule.index} (for ${rule.forText}) ${what} (its users: ${examples})`);
  }
  return warnings;
}
