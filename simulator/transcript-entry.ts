/** One message of the simulator's transcript (the ring itself is `transcript.ts`). */
import type { Direction } from "../engine/transport/index.js";

export interface TranscriptEntry {
  /** 1, 2, 3, ... in recording order, counting dropped entries too. */
  readonly seq: number;
  /** Clock time, Unix epoch milliseconds. */
  readonly atMs: number;
  readonly direction: Direction;
  /** The other side's socket name (`udp:10.0.0.1:5060`). */
  readonly peer: string;
  /** Our socket name. */
  readonly local: string;
  /** The message as sent or received (UTF-8, invalid bytes replaced). */
  readonly raw: string;
  readonly summary: string;
}
