/**
 * The service's logger: pino, one JSON object per line by default, one readable line each in a
 * terminal (`log.format: auto`), written to stdout (stderr is kept for the one line that says
 * why the process ended). Every line passes a last filter that masks the given secrets (the
 * database password), so that no driver message can leak one (D16).
 */
import { Writable } from "node:stream";
import { pino, type DestinationStream } from "pino";
import type { Clock } from "../clock.js";
import type { LogSection } from "../config/index.js";
import type { Logger } from "../log.js";

export interface ServiceLogger extends Logger {
  /** Writes out what is buffered. */
  flush(): Promise<void>;
}

export interface LoggerOptions {
  readonly log: Required<LogSection>;
  /** Stamps each line (the one source of time). */
  readonly clock: Clock;
  /** Strings never written (replaced by ***). */
  readonly secrets: readonly string[];
  /** Where lines go; default stdout. */
  readonly write?: (text: string) => void;
  /** Is the output a terminal? Decides `auto`. Default: stdout's. */
  readonly tty?: boolean;
}

/**
 * The service's pino logger with every line's secrets masked; `options.write` defaults to stdout and
 * `options.tty` (whether `log.format: auto` is pretty) to whether stdout is a terminal.
 */
export function createServiceLogger(options: LoggerOptions): ServiceLogger {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const pretty = options.log.format === "pretty" || (options.log.format === "auto" && (options.tty ?? process.stdout.isTTY === true));
  // Short secrets would mask ordinary words; a password that short is no secret anyway.
  const secrets = options.secrets.filter((s) => s.length >= 3);
  const mask = (line: string): string => secrets.reduce((text, secret) => text.split(secret).join("***"), line);
  const destination: DestinationStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = mask(chunk.toString("utf8"));
      write(pretty ? prettyLine(line) : line);
      done();
    },
  });
  const timestamp = (): string => `,"time":"${new Date(options.clock.now()).toISOString()}"`;
  const logger = pino({ level: options.log.level, base: null, timestamp }, destination);
  return {
    debug: (ctx, msg) => logger.debug(ctx, msg),
    info: (ctx, msg) => logger.info(ctx, msg),
    warn: (ctx, msg) => logger.warn(ctx, msg),
    error: (ctx, msg) => logger.error(ctx, msg),
    flush: () => new Promise<void>((resolve) => logger.flush(() => resolve())),
  };
}

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };

/** `12:00:01.250 INFO  message key=value ...` from one pino JSON line. */
function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, ...rest } = entry;
  const clock = typeof time === "string" ? time.slice(11, 23) : "";
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `${clock} ${LEVELS[Number(level)] ?? String(level)} ${String(msg ?? "")}${fields.length > 0 ? "  " + fields.join(" ") : ""}\n`;
}
