/**
 * Whom a script rule is for: an AOR (`sip:user5@127.0.0.1`), or a pattern on the user part,
 * with or without a host:
 *
 *   sip:user5..user9@127.0.0.1   a range: the prefix, then a number from 5 to 9 (`user005..user120`
 *                                 with leading zeros matches that width only)
 *   sip:user*@127.0.0.1          a glob: `*` any characters, `?` one, `[...]` one of a set
 *   user5..user9                 no host: the users at any host
 *
 * How host, port and scheme compare follows the registrar's AOR matching (aor.ts): by default
 * the port and sip: versus sips: are ignored, as registrars do; `strict` compares them too.
 */
import { parseUri, SipParseError, unescapeUriComponent } from "../../engine/sip/index.js";
import type { AorMatching, AorTarget } from "../aor.js";

export interface AorPattern {
  /** As written. */
  readonly text: string;
  readonly user: UserPattern;
  /** Lowercase; null: any host. */
  readonly host: string | null;
  readonly port: number | null;
  readonly scheme: "sip" | "sips" | null;
}

export type UserPattern =
  | { readonly kind: "exact"; readonly user: string }
  | { readonly kind: "range"; readonly prefix: string; readonly from: number; readonly to: number; readonly width: number | null }
  | { readonly kind: "glob"; readonly regex: RegExp };

/** The pattern, or why the text is none. */
export function parseAorPattern(text: string): AorPattern | string {
  const trimmed = text.trim();
  const schemeMatch = /^(sips?):/i.exec(trimmed);
  const scheme = schemeMatch === null ? null : schemeMatch[1]!.toLowerCase() === "sips" ? "sips" : "sip";
  const other = schemeMatch === null ? /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed) : null;
  if (other !== null) return `the scheme ${other[1]} is not sip or sips`;
  const rest = schemeMatch === null ? trimmed : trimmed.slice(schemeMatch[0].length);
  const at = rest.indexOf("@");
  if (at === -1 && scheme !== null) return `"${text}" names no user part (write sip:user@host, or the user part alone for any host)`;
  const userText = at === -1 ? rest : rest.slice(0, at);
  if (userText === "") return `"${text}" has an empty user part`;
  let host: string | null = null;
  let port: number | null = null;
  if (at !== -1) {
    try {
      const uri = parseUri(`sip:${rest.slice(at + 1)}`);
      if (uri.kind !== "sip") return `"${text}" does not have a sip host`;
      host = uri.host.toLowerCase();
      port = uri.port;
    } catch (error) {
      if (error instanceof SipParseError) return `the host part of "${text}" does not parse: ${error.problem}`;
      throw error;
    }
  }
  const user = parseUserPattern(userText);
  return typeof user === "string" ? `"${text}": ${user}` : { text, user, host, port, scheme };
}

function parseUserPattern(text: string): UserPattern | string {
  const range = /^(.*?)(\d+)\.\.(.*?)(\d+)$/.exec(text);
  if (range !== null) {
    const [, prefix = "", fromText = "", otherPrefix = "", toText = ""] = range;
    if (prefix !== otherPrefix) return `a range repeats its prefix on both ends (${prefix}1..${prefix}9), not ${prefix}.. and ${otherPrefix}..`;
    const from = Number(fromText);
    const to = Number(toText);
    if (from > to) return `the range ${fromText}..${toText} is empty`;
    const padded = fromText.length > 1 && fromText.startsWith("0");
    if (padded && toText.length !== fromText.length) return `a range with leading zeros has the same width on both ends (${fromText}..${toText})`;
    return { kind: "range", prefix: unescapeUriComponent(prefix), from, to, width: padded ? fromText.length : null };
  }
  if (/[*?[]/.test(text)) {
    const source = text.replace(/\[[^\]]*\]|[*?]|[^*?[]+/g, (part) => {
      if (part === "*") return ".*";
      if (part === "?") return ".";
      if (part.startsWith("[")) return part.length > 2 ? part : "\\[\\]";
      return unescapeUriComponent(part).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    });
    if (text.includes("[") && !/\[[^\]]+\]/.test(text)) return "a [ in a glob needs its closing ]";
    return { kind: "glob", regex: new RegExp(`^${source}$`) };
  }
  return { kind: "exact", user: unescapeUriComponent(text) };
}

export function userMatches(pattern: UserPattern, user: string): boolean {
  switch (pattern.kind) {
    case "exact":
      return pattern.user === user;
    case "glob":
      return pattern.regex.test(user);
    case "range": {
      if (!user.startsWith(pattern.prefix)) return false;
      const digits = user.slice(pattern.prefix.length);
      if (!/^\d+$/.test(digits)) return false;
      if (pattern.width === null ? digits.length > 1 && digits.startsWith("0") : digits.length !== pattern.width) return false;
      const value = Number(digits);
      return value >= pattern.from && value <= pattern.to;
    }
  }
}

export function aorMatches(pattern: AorPattern, target: AorTarget, matching: AorMatching): boolean {
  if (!userMatches(pattern.user, target.user)) return false;
  if (pattern.host !== null && pattern.host !== target.host) return false;
  if (matching === "registrar") return true;
  // Strict: what the pattern names must be the same; a pattern without a host names no port either.
  if (pattern.scheme !== null && pattern.scheme !== target.scheme) return false;
  return pattern.host === null || pattern.port === target.port;
}
