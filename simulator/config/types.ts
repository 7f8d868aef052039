/**
 * A simulator config file as written in YAML: the source of `config.schema.json` (run `npm run
 * schema:simulator-config` after changing it; a test fails while the two differ). Each doc comment
 * becomes the schema's description of that field. One file starts several registrars in one
 * process, each with its own sockets, users, realm and script: a primary and a secondary for
 * failover tests, or a registrar per carrier.
 */

/** A whole number. @TJS-type integer */
export type Integer = number;

/** One simulated registrar. Paths are relative to the config file. */
export interface RegistrarListener {
  /** Names it in every line it prints and in its summary (`primary`). */
  name: string;
  /**
   * Sockets to listen on, proto:host:port (`udp:127.0.0.1:5060`).
   * @minItems 1
   */
  listen: string[];
  /** The realm challenged; default the users file's first realm. */
  realm?: string;
  /** Users file: `user password` or `user:password` lines, under [realm] lines or in the realm. */
  users?: string;
  /** Registrar script (YAML, see fixtures/scripts/). */
  script?: string;
  /** PEM certificate for tls: sockets. */
  tlsCert?: string;
  /** PEM private key for tls: sockets. */
  tlsKey?: string;
  /** @minimum 1 */
  defaultExpiresSec?: Integer;
  /** @minimum 1 */
  minExpiresSec?: Integer;
  /** @minimum 1 */
  maxExpiresSec?: Integer;
  /** How a To URI names an AOR: registrar (user and host, the default) or strict (RFC 3261). */
  aorMatching?: "registrar" | "strict";
  /** Write every message here as JSON lines (`uacreg timeline` draws it). */
  transcriptFile?: string;
  /** Serve the read-only view (/bindings, /transcript, /metrics) on host:port. */
  http?: string;
}

/** A simulator config: the registrars to start. */
export interface SimulatorConfig {
  /** What this lab reproduces, for people reading it. */
  description?: string;
  /**
   * Started in this order, stopped together.
   * @minItems 1
   */
  registrars: RegistrarListener[];
}
