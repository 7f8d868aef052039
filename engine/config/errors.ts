/**
 * A lab configuration that cannot be used: every problem with its file, line, column, key path
 * and reason. `uacreg run` exits 2 on it. Messages never quote a secret (D16).
 */
import { UacregError } from "../errors.js";
import { formatProblem, type SourceProblem } from "../yaml/index.js";

/** Thrown by the config loader with every problem found, not just the first. */
export class ConfigError extends UacregError {
  readonly source: string;
  /** At least one, in document order. */
  readonly problems: readonly SourceProblem[];

  constructor(source: string, problems: readonly SourceProblem[]) {
    super("config_invalid", "local", problems.map((problem) => formatProblem(source, problem)).join("\n"));
    this.source = source;
    this.problems = problems;
  }

  /** The first problem, and how many more there are: the one line `uacreg run` prints. */
  get firstLine(): string {
    const [first] = this.problems;
    const head = first === undefined ? this.source : formatProblem(this.source, first);
    const more = this.problems.length - 1;
    return more === 0 ? head : `${head} (and ${more} more problem${more === 1 ? "" : "s"}: uacreg config check --config ${this.source})`;
  }
}
