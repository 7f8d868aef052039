/**
 * `${NAME}` references in string values, replaced by the environment variable before the schema
 * check (so a secret can stay out of the file). A variable that is not set is a problem that
 * names it and the key that references it; `$${` writes a literal `${`.
 */
import type { PathProblem } from "../yaml/index.js";
import { escapePointer } from "../yaml/index.js";

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function substituteEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === "string") return substitute(node, path);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}/${index}`));
    if (typeof node === "object" && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, `${path}/${escapePointer(key)}`)]));
    }
    return node;
  };
  const substitute = (text: string, path: string): string =>
    text.replace(REFERENCE, (match, name: string | undefined) => {
      if (match === "$${") return "${";
      if (name === undefined || !NAME.test(name)) {
        problems.push({ path, reason: `\${${name ?? ""}} is not an environment variable reference (\${NAME}, letters, digits and _)` });
        return "";
      }
      const found = env[name];
      if (found === undefined) {
        problems.push({ path, reason: `environment variable ${name} is not set` });
        return "";
      }
      return found;
    });
  return { value: walk(value, ""), problems };
}
