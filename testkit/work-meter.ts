/**
 * Counts the string work a piece of code does, in characters, deterministically: for testing that
 * a parser runs in time linear in its input without timing it. While `meterWork` runs, the string
 * and regex methods a scanner uses are wrapped, and each call adds what it reads or copies:
 *
 * - `charCodeAt`, `codePointAt`, `at`: 1;
 * - `indexOf`, `includes`: from where the search starts to where it stops (the match's end, or
 *   the end of the string); `lastIndexOf` the same backwards; `startsWith`, `endsWith`: the
 *   searched length;
 * - `slice`, `substring`, `substr`: the length of the result;
 * - `toLowerCase`, `toUpperCase`, `trim*`, `split`, `replace*`, `match*`, `search`, `normalize`,
 *   `localeCompare`: the length of the string;
 * - `RegExp` `exec` and `test`: from where the match is tried to where it ends, or to the end of
 *   the string when it fails (a failed sticky match: 1).
 *
 * So a search repeated from every position, a slice per character of the rest of the input, or a
 * case conversion per token of the whole value shows as work growing with the square of the input.
 * Not seen: indexing with `s[i]`, concatenation, work done inside one regex match (backtracking)
 * and native calls on buffers.
 */

type StringMethod = (this: string, ...args: unknown[]) => unknown;
/** What one call costs, from its string, its arguments and its result. */
type Cost = (s: string, args: unknown[], result: unknown) => number;

const WHOLE_STRING = [
  "toLowerCase",
  "toUpperCase",
  "trim",
  "trimStart",
  "trimEnd",
  "split",
  "replace",
  "replaceAll",
  "match",
  "matchAll",
  "search",
  "normalize",
  "localeCompare",
] as const;

/** Runs `run` (synchronously) and returns its result and the characters its string calls read. */
export function meterWork<T>(run: () => T): { result: T; work: number } {
  let work = 0;
  const restore: Array<() => void> = [];
  const strings = String.prototype as unknown as Record<string, StringMethod>;
  const wrap = (name: string, cost: Cost): void => {
    const original = strings[name]!;
    strings[name] = function (this: string, ...args: unknown[]): unknown {
      const result = original.apply(this, args);
      work += cost(String(this), args, result);
      return result;
    };
    restore.push(() => {
      strings[name] = original;
    });
  };
  const from = (value: unknown): number => Math.max(0, Math.trunc(Number(value ?? 0)) || 0);
  for (const name of ["charCodeAt", "codePointAt", "at"]) wrap(name, () => 1);
  wrap("indexOf", (s, [search, start], found) =>
    Math.max(1, (found === -1 ? s.length : (found as number) + String(search).length) - from(start)),
  );
  wrap("includes", (s, [, start]) => Math.max(1, s.length - from(start)));
  wrap("lastIndexOf", (s, [, start], found) =>
    Math.max(1, Math.min(s.length, start === undefined ? s.length : from(start) + 1) - Math.max(0, found as number)),
  );
  for (const name of ["startsWith", "endsWith"]) wrap(name, (_s, [search]) => Math.max(1, String(search).length));
  for (const name of ["slice", "substring", "substr"]) wrap(name, (_s, _args, result) => Math.max(1, (result as string).length));
  for (const name of WHOLE_STRING) wrap(name, (s) => Math.max(1, s.length));

  const regexps = RegExp.prototype as unknown as Record<string, (this: RegExp, input: string) => unknown>;
  for (const name of ["exec", "test"]) {
    const original = regexps[name]!;
    regexps[name] = function (this: RegExp, input: string): unknown {
      const before = this.lastIndex;
      const result = original.call(this, input) as RegExpExecArray | boolean | null;
      work += regexpCost(this, before, String(input), result);
      return result;
    };
    restore.push(() => {
      regexps[name] = original;
    });
  }
  try {
    return { result: run(), work };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

/** Characters an `exec` or `test` call went through; see `meterWork`. */
function regexpCost(pattern: RegExp, lastIndexBefore: number, input: string, result: RegExpExecArray | boolean | null): number {
  const resumes = pattern.global || pattern.sticky;
  const from = resumes ? lastIndexBefore : 0;
  if (result === null || result === false) return pattern.sticky ? 1 : Math.max(1, input.length - from);
  const end = typeof result === "object" ? result.index + result[0].length : resumes ? pattern.lastIndex : input.length;
  return Math.max(1, end - from);
}
