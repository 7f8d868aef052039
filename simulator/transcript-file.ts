/**
 * The transcript written to a file while the simulator runs, one JSON object a line (the
 * `TranscriptEntry` fields, plus `aor`, `callId` and, for a refusal, `why`), so `uacreg timeline`
 * can draw it and `jq` can query it. Bounded: past `maxBytes` the file is renamed to `FILE.1`
 * (replacing an older one) and a new `FILE` started, so the disk holds at most about twice
 * `maxBytes` however long it runs.
 */
import { createWriteStream, renameSync, type WriteStream } from "node:fs";
import type { TranscriptEntry } from "./transcript-entry.js";

export interface TranscriptFileLine extends TranscriptEntry {
  readonly aor: string | null;
  readonly callId: string | null;
  readonly why?: string;
}

export class TranscriptFile {
  readonly path: string;
  readonly maxBytes: number;
  #stream: WriteStream;
  #bytes = 0;
  #rotations = 0;

  readonly #onError: (error: Error) => void;

  /** `onError` hears write errors after opening (a full disk): the simulator keeps answering. */
  constructor(path: string, maxBytes: number, onError: (error: Error) => void) {
    this.#onError = onError;
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`transcript file size must be a whole number of bytes above 0, got ${maxBytes}`);
    this.path = path;
    this.maxBytes = maxBytes;
    this.#stream = this.#open();
  }

  /** How many times the file was rotated to `FILE.1`. */
  get rotations(): number {
    return this.#rotations;
  }

  /** Resolves once the file can be written, rejects with the system's error (ENOENT, EACCES). */
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#stream.pending) {
        this.#stream.once("ready", () => resolve());
        this.#stream.once("error", reject);
      } else resolve();
    });
  }

  write(line: TranscriptFileLine): void {
    const text = JSON.stringify(line) + "\n";
    const size = Buffer.byteLength(text);
    // A stream still opening has not created its file yet, so there is nothing to rename: it
    // rotates at the next line instead, a line or two past the bound.
    if (this.#bytes > 0 && this.#bytes + size > this.maxBytes && !this.#stream.pending) this.#rotate();
    this.#bytes += size;
    this.#stream.write(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#stream.end(() => resolve()));
  }

  #open(): WriteStream {
    const stream = createWriteStream(this.path, { flags: "w" });
    stream.on("error", (error) => this.#onError(error));
    return stream;
  }

  /** The open stream keeps writing what it holds into the renamed file (same inode) while it ends. */
  #rotate(): void {
    try {
      renameSync(this.path, `${this.path}.1`);
    } catch (error) {
      // Someone moved or removed the file: the stream writes on where it is, and says why once.
      this.#onError(error instanceof Error ? error : new Error(String(error)));
    }
    this.#stream.end();
    this.#stream = this.#open();
    this.#bytes = 0;
    this.#rotations++;
  }
}
