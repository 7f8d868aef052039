/**
 * The logging interface the engine writes to: the pino call shape (`log.warn({ ctx }, "text")`),
 * so that a pino logger can be passed as is. Never pass a password in `ctx` (spec D16).
 */
export interface Logger {
  debug(ctx: object, msg: string): void;
  info(ctx: object, msg: string): void;
  warn(ctx: object, msg: string): void;
  error(ctx: object, msg: string): void;
}

const ignore = (): void => {};

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A logger that keeps every line in memory; for tests that assert what was logged. */
export function memoryLogger(): Logger & { readonly lines: { level: string; ctx: object; msg: string }[] } {
  const lines: { level: string; ctx: object; msg: string }[] = [];
  const at = (level: string) => (ctx: object, msg: string) => void lines.push({ level, ctx, msg });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
