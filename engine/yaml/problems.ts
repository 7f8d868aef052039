/**
 * A problem in a document a user wrote, before and after it is placed on a line, and the one
 * way it is printed: `file.yaml:12:9: /rules/2/steps/0/respond/code: must be <= 699`, as editors
 * and compilers write it.
 */

/** A problem before it is placed on a line: the JSON pointer of the field and why. */
export interface PathProblem {
  readonly path: string;
  readonly reason: string;
}

/** One thing wrong in a document: where (JSON pointer, and the line when known) and why. */
export interface SourceProblem extends PathProblem {
  /** JSON pointer into the document (`/rules/2/steps/0/respond/code`); "" for the whole document. */
  readonly path: string;
  /** 1-based line and column in the file, when the problem can be placed. */
  readonly line: number | null;
  readonly column: number | null;
}

export function formatProblem(source: string, problem: SourceProblem): string {
  const place = problem.line === null ? source : `${source}:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === "" ? "(document)" : problem.path;
  return `${place}: ${path}: ${problem.reason}`;
}
