/**
 * `raw` steps send bytes as written, but a reply only reaches a client transaction when its Via
 * branch, Call-ID and CSeq match the request. Placeholders let a script copy those from the
 * request it answers while keeping every other byte, malformed or not, as written.
 */

export const PLACEHOLDERS = ["via", "branch", "from", "to", "call-id", "cseq", "contact", "to-tag"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\$\{([^}]*)\}/g;

/** Names used in `text` that are not placeholders, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((match) => match[1] ?? "").filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

/** `text` with every placeholder replaced; the names were checked when the script was loaded. */
export function fillTemplate(text: string, values: Readonly<Record<Placeholder, string>>): string {
  return text.replace(PATTERN, (whole, name: string) => values[name as Placeholder] ?? whole);
}
