import { createRequire } from "node:module";
import type { Extracted } from "./normalized.js";

/** A field a library cannot extract: `path` is a dotted path into `Normalized`, `*` = any index. */
export interface Limitation {
  readonly path: string;
  readonly reason: string;
}

/** Extra timed work beyond parse + extraction (re-serializing the parsed message). */
export interface RoundTrip {
  readonly work: string;
  /** The serialized message, as text or bytes. */
  run(bytes: Buffer): string | Uint8Array;
}

export interface Adapter {
  /** Package name and installed version. */
  readonly name: string;
  /** Parses the datagram's bytes and reads the fields of `Extracted`. Throws when it cannot. */
  extract(bytes: Buffer): Extracted;
  readonly limitations: readonly Limitation[];
  readonly roundTrip?: RoundTrip;
}

const require = createRequire(import.meta.url);

/** `name version` of an installed package, read from its package.json. */
export function packageLabel(pkg: string): string {
  const { version } = require(`${pkg}/package.json`) as { version: string };
  return `${pkg} ${version}`;
}
