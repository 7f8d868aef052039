/**
 * The registrar's user table and its file format. A users file is plain text, one entry a line:
 *
 *   # Lines starting with # and blank lines are ignored.
 *   [example.org]                      a realm; the users below belong to it
 *   alice    wonderland                user, blanks, then the password (the rest of the line)
 *   dave:wonderland                   or user:password, as htpasswd-style files write it
 *   bob      0x4a9c7ab8f2...e1         an HA1 instead: 0x and 32 lowercase hex digits (MD5)
 *   carol    0x9f86d081884c...08       or 64 (SHA-256 or SHA-512-256)
 *   [other.example.net]
 *   alice    another secret with blanks
 *
 * A password is everything after the blanks (or the first colon) that follow the user name,
 * trailing blanks removed, so it may hold blanks, colons and `#`. A user name cannot start with `[`
 * or `#` and cannot hold a colon (SIP URIs use it to separate a password). Users before any
 * `[realm]` line belong to the default realm the caller names (`uacreg simulate`: `--realm`, else
 * example.org), so a plain list of `user:password` lines is a whole users file. An HA1 is bound to the
 * realm and the hash it was computed with: an MD5 HA1 cannot answer a SHA-256 challenge, and a
 * 64-digit HA1 answers both SHA-2 algorithms, only one of which it was made for. `0x` followed by
 * hex digits of another length, or in uppercase, is refused as a likely typo rather than read as
 * a password (unlike spec D9, which reads it literally for the registrant's configuration).
 *
 * Errors name the file and the line, never the password or HA1 written there (spec D16).
 */
import { readFile } from "node:fs/promises";
import type { DigestAlgorithm, DigestSecret } from "../engine/auth/index.js";
// Straight from its module: HA1 caching is the registrar's business, not the auth module's API.
import { passwordHa1 } from "../engine/auth/secret.js";
import { UsersFileError } from "./errors.js";

/** One user as a program hands it over instead of a file. */
export interface UserEntry {
  readonly realm: string;
  readonly username: string;
  /** The password, or `0x` followed by an HA1 (see the file format). */
  readonly password: string;
}

type StoredSecret = StoredPassword | { readonly kind: "ha1"; readonly ha1: string };

interface StoredPassword {
  readonly kind: "password";
  readonly password: string;
  /** The password's HA1 per algorithm, made on first use: a password is hashed once, not per request. */
  ha1s: Map<DigestAlgorithm, DigestSecret> | undefined;
}

/** HA1 lengths in hex digits of the hashes we compute: MD5, and the SHA-2 ones. */
const HA1_HEX_LENGTHS = new Set([32, 64]);

/**
 * Who may register, by realm and user, with their passwords or HA1s; build it with parseUsersFile,
 * loadUsersFile or fromEntries. It never shows a secret when printed or serialized.
 */
export class UserTable {
  /** realm → user → secret. Private, so that printing or serializing the table shows no secret. */
  readonly #realms = new Map<string, Map<string, StoredSecret>>();

  /** Throws `UsersFileError` (line 0) for a duplicate user or a bad HA1; prefer `parseUsersFile` for files. */
  static fromEntries(entries: Iterable<UserEntry>): UserTable {
    const table = new UserTable();
    for (const entry of entries) {
      const problem = table.#add(entry.realm, entry.username, entry.password);
      if (problem !== null) throw new UsersFileError("user entries", 0, problem);
    }
    return table;
  }

  /**
   * The secret to verify `username`'s answer in `realm` with, or undefined when there is no such
   * user. Given the `algorithm` answered with, a password comes as its HA1 for that algorithm,
   * computed once and kept (the table never changes).
   */
  secretFor(realm: string, username: string, algorithm?: DigestAlgorithm): DigestSecret | undefined {
    const stored = this.#realms.get(realm)?.get(username);
    if (stored === undefined) return undefined;
    if (stored.kind === "ha1") {
      // Handed on even when its length does not fit the algorithm: verification then reports an
      // unusable secret, which names the problem, where "no such user" would hide it.
      return { ha1: stored.ha1 };
    }
    if (algorithm === undefined) return { password: stored.password };
    stored.ha1s ??= new Map();
    let ha1 = stored.ha1s.get(algorithm);
    if (ha1 === undefined) {
      ha1 = { ha1: passwordHa1(algorithm, username, realm, stored.password) };
      stored.ha1s.set(algorithm, ha1);
    }
    return ha1;
  }

  /**
   * Every user as an entry, secret included (a password, or `0x` and the HA1): for handing the
   * table to a worker thread of `uacreg simulate --workers`. Never print what it returns.
   */
  toEntries(): UserEntry[] {
    const entries: UserEntry[] = [];
    for (const [realm, users] of this.#realms) {
      for (const [username, secret] of users) entries.push({ realm, username, password: secret.kind === "ha1" ? `0x${secret.ha1}` : secret.password });
    }
    return entries;
  }

  realms(): string[] {
    return [...this.#realms.keys()];
  }

  usernames(realm: string): string[] {
    return [...(this.#realms.get(realm)?.keys() ?? [])];
  }

  get size(): number {
    let count = 0;
    for (const users of this.#realms.values()) count += users.size;
    return count;
  }

  /** Null when added, else why not. */
  #add(realm: string, username: string, password: string): string | null {
    if (realm === "") return "the realm is empty";
    if (username === "") return "the user name is empty";
    if (password === "") return `user "${username}" has no password`;
    const secret = readSecret(password);
    if (typeof secret === "string") return `user "${username}": ${secret}`;
    let users = this.#realms.get(realm);
    if (users === undefined) {
      users = new Map();
      this.#realms.set(realm, users);
    }
    if (users.has(username)) return `user "${username}" appears twice in realm "${realm}"`;
    users.set(username, secret);
    return null;
  }

  /**
   * Parses the text of a users file; `source` names it in errors. Users before any `[realm]`
   * line belong to `defaultRealm`; without one they are an error.
   */
  static parse(text: string, source = "users file", defaultRealm?: string): UserTable {
    const table = new UserTable();
    let realm: string | null = defaultRealm ?? null;
    for (const [index, raw] of text.split(/\r?\n/).entries()) {
      const lineNumber = index + 1;
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      if (line.startsWith("[")) {
        realm = readRealmLine(line, source, lineNumber);
        continue;
      }
      const { username, password } = readUserLine(line);
      if (realm === null) throw new UsersFileError(source, lineNumber, `user "${username}" comes before any [realm] line`);
      const problem = table.#add(realm, username, password);
      if (problem !== null) throw new UsersFileError(source, lineNumber, problem);
    }
    return table;
  }
}

/**
 * Parses the text of a users file (see the format above); `source` names it in errors (default
 * `users file`), and users before any `[realm]` line belong to `defaultRealm` (default none: they
 * are an error). Throws UsersFileError with the line and reason.
 */
export function parseUsersFile(text: string, source?: string, defaultRealm?: string): UserTable {
  return UserTable.parse(text, source, defaultRealm);
}

/**
 * Reads and parses a users file; users before any `[realm]` line belong to `defaultRealm` (default
 * none: they are an error). Rejects with UsersFileError with the line and reason, or the file
 * system's error when the file cannot be read.
 */
export async function loadUsersFile(path: string, defaultRealm?: string): Promise<UserTable> {
  return UserTable.parse(await readFile(path, "utf8"), path, defaultRealm);
}

/**
 * `alice wonderland` or `alice:wonderland`: the user name ends at the first blank or colon,
 * whichever comes first, and the password is the rest. Only the name ever reaches an error.
 */
function readUserLine(line: string): { username: string; password: string } {
  const end = line.search(/[ \t:]/);
  if (end === -1) return { username: line, password: "" };
  return { username: line.slice(0, end), password: line.slice(end + 1).trim() };
}

function readRealmLine(line: string, source: string, lineNumber: number): string {
  if (!line.endsWith("]")) throw new UsersFileError(source, lineNumber, "a realm line must end with ]");
  const realm = line.slice(1, -1).trim();
  if (realm === "") throw new UsersFileError(source, lineNumber, "the realm between [ and ] is empty");
  if (/[\x00-\x1f"\\]/.test(realm)) throw new UsersFileError(source, lineNumber, "the realm holds a quote, backslash or control character");
  return realm;
}

/** An HA1 when written `0x` + lowercase hex of a hash's length; a reason when it looks like a mistyped one. */
function readSecret(password: string): StoredSecret | string {
  const hex = /^0x([0-9a-fA-F]+)$/.exec(password)?.[1];
  if (hex === undefined) return { kind: "password", password, ha1s: undefined };
  if (!HA1_HEX_LENGTHS.has(hex.length)) {
    return `an HA1 needs 32 (MD5) or 64 (SHA-256, SHA-512-256) hex digits after 0x, this one has ${hex.length}`;
  }
  if (hex !== hex.toLowerCase()) return "an HA1 must be written in lowercase hex";
  return { kind: "ha1", ha1: hex };
}
