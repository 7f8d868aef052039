/**
 * The logger of the command line: warnings and errors go to stderr, one line each, so that they
 * stay apart from the message lines on stdout. Info and debug are dropped: the message lines
 * already say what the registrar answered.
 */
import { type Logger } from "../engine/index.js";

const ignore = (): void => {};

const write = (level: string) => (ctx: object, msg: string): void => {
  const details = Object.keys(ctx).length === 0 ? "" : ` ${JSON.stringify(ctx)}`;
  process.stderr.write(`${level}: ${msg}${details}\n`);
};

export const stderrLogger: Logger = { debug: ignore, info: ignore, warn: write("warn"), error: write("error") };
