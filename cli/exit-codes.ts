/**
 * The exit codes of `uacreg run`, `db` and `config`: 0 clean stop, 2 bad configuration or
 * arguments (the user must change something), 1 anything else (a database that does not answer,
 * a socket in use). Each failure is one line on stderr that says what.
 */
import { ConfigError, UacregError } from "../engine/index.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_CONFIG = 2;

/** The exit code and the one stderr line for an error that ended a command. */
export function describeFailure(error: unknown, mask: (text: string) => string = (text) => text): { code: number; line: string } {
  if (error instanceof ConfigError) return { code: EXIT_BAD_CONFIG, line: mask(error.firstLine) };
  const message = mask(oneLine(error instanceof Error ? error.message : String(error)));
  if (error instanceof UacregError && error.fault === "local") return { code: EXIT_BAD_CONFIG, line: message };
  const code = (error as { code?: unknown }).code;
  // A file the configuration names that cannot be read is the configuration's fault.
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") return { code: EXIT_BAD_CONFIG, line: message };
  return { code: EXIT_FAILURE, line: message };
}

function oneLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
