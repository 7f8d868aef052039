/**
 * `db_url` as OpenSIPS users write it, reduced to the driver that serves it: `sqlite:PATH` (our
 * embedded default), `postgres://` or `postgresql://` (pg), `mysql://` (mysql2, MariaDB too).
 * The password inside a URL is a secret: `maskDbUrl` is the only way a URL is ever shown.
 */
import { StoreError } from "./errors.js";

export type DbUrl =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string }
  | { readonly kind: "mysql"; readonly url: string };

export const DEFAULT_DB_URL = "sqlite:./uacreg.db";

/** Throws `StoreError` `db_url_invalid` saying what is wrong (never quoting the URL: it may hold a password). */
export function parseDbUrl(text: string): DbUrl {
  const colon = text.indexOf(":");
  const scheme = colon === -1 ? "" : text.slice(0, colon).toLowerCase();
  switch (scheme) {
    case "sqlite": {
      // sqlite:./x.db, sqlite:/abs/x.db, sqlite:///abs/x.db, sqlite://./x.db
      const rest = text.slice(colon + 1);
      const path = rest.startsWith("///") ? rest.slice(2) : rest.startsWith("//") ? rest.slice(2) : rest;
      if (path === "") throw new StoreError("db_url_invalid", "db_url: sqlite: needs a file path, e.g. sqlite:./uacreg.db");
      return { kind: "sqlite", path };
    }
    case "postgres":
    case "postgresql":
      checkServerUrl(text, scheme);
      return { kind: "postgres", url: text };
    case "mysql":
      checkServerUrl(text, scheme);
      return { kind: "mysql", url: text };
    default:
      throw new StoreError(
        "db_url_invalid",
        `db_url: ${scheme === "" ? "has no scheme" : `scheme "${scheme}:" is not supported`} (sqlite:PATH, postgres://user@host/db or mysql://user@host/db)`,
      );
  }
}

function checkServerUrl(text: string, scheme: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StoreError("db_url_invalid", `db_url: not a valid ${scheme}:// URL (${scheme}://user:password@host:port/database)`);
  }
  if (url.hostname === "") throw new StoreError("db_url_invalid", `db_url: ${scheme}:// URL has no host`);
  if (url.pathname.replace(/^\//, "") === "") throw new StoreError("db_url_invalid", `db_url: ${scheme}:// URL names no database (…/database)`);
}

/** The URL with its password replaced by `***` (what logs, errors and `config check` show). */
export function maskDbUrl(text: string): string {
  // Up to the last @: people do write an unescaped @ in a password.
  return text.replace(/^([a-z]+:\/\/[^:/@]*:)(.*)@(?=[^@]*$)/i, "$1***@");
}

/** The password inside a server URL, if any: the service masks it wherever a driver's message could echo it. */
export function dbUrlPassword(text: string): string | null {
  const match = /^[a-z]+:\/\/[^:/@]*:(.*)@(?=[^@]*$)/i.exec(text);
  if (match === null || match[1] === undefined || match[1] === "") return null;
  return match[1];
}
