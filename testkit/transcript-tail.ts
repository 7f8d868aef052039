/**
 * Reads a simulator transcript file while the simulator still writes it: each `read()` takes the
 * complete lines added since the last one (a line cut mid-write waits for the next read) and
 * hands each REGISTER exchange to `hear`. Lines that are not JSON transcript entries are counted,
 * never thrown: the judge must see every line it can.
 */
import { open } from "node:fs/promises";
import { readRegisterExchange, type RegisterExchange, type TranscriptLine } from "./register-exchanges.js";

/** Bytes read per call at most, so one read of a long run's file stays bounded in memory. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export class TranscriptTail {
  readonly path: string;
  readonly #hear: (exchange: RegisterExchange) => void;
  #offset = 0;
  #partial = "";
  #badLines = 0;

  constructor(path: string, hear: (exchange: RegisterExchange) => void) {
    this.path = path;
    this.#hear = hear;
  }

  get badLines(): number {
    return this.#badLines;
  }

  /** Reads to the current end of the file; resolves with the number of lines read. */
  async read(): Promise<number> {
    const file = await open(this.path, "r");
    let lines = 0;
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, this.#offset);
        if (bytesRead === 0) break;
        this.#offset += bytesRead;
        // Each chunk ends cleanly only at a newline; a UTF-8 character split across chunks sits in
        // a line that is not complete yet, so it is decoded whole with the rest of that line.
        const text = this.#partial + buffer.subarray(0, bytesRead).toString("latin1");
        const end = text.lastIndexOf("\n");
        this.#partial = text.slice(end + 1);
        if (end === -1) continue;
        for (const line of text.slice(0, end).split("\n")) {
          if (line === "") continue;
          lines++;
          this.#take(Buffer.from(line, "latin1").toString("utf8"));
        }
      }
    } finally {
      await file.close();
    }
    return lines;
  }

  #take(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.#badLines++;
      return;
    }
    const line = asTranscriptLine(value);
    if (line === null) {
      this.#badLines++;
      return;
    }
    const exchange = readRegisterExchange(line);
    if (exchange !== null) this.#hear(exchange);
  }
}

function asTranscriptLine(value: unknown): TranscriptLine | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.atMs !== "number" || (v.direction !== "in" && v.direction !== "out") || typeof v.peer !== "string" || typeof v.raw !== "string") return null;
  return { atMs: v.atMs, direction: v.direction, peer: v.peer, raw: v.raw, aor: typeof v.aor === "string" ? v.aor : null };
}
