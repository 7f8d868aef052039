/**
 * Where each name exported by a public entry point is declared, read from the source text (there
 * is no TypeScript compiler API to ask): its doc comment, its parameter list (a class's
 * constructor's) and its body. Re-export chains are followed, renames (`a as b`) included. Code
 * is searched with comments and string contents blanked out, so neither can fake a match.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";

export interface Declaration {
  /** Path relative to the root, `/`-separated. */
  readonly file: string;
  /** The name in the declaring file (the entry point may export it under another). */
  readonly localName: string;
  readonly kind: "function" | "class" | "const";
  /** The `/** … *\/` comment right before the declaration, or null. */
  readonly doc: string | null;
  /** Parameter lists (one per overload; a class's constructor's, empty without one), comments and strings blanked. */
  readonly params: readonly string[];
  /** The body (a class's constructor's), comments and strings blanked. */
  readonly body: string;
}

interface Source {
  readonly raw: string;
  /** `raw` with comments and the contents of strings, templates and regex literals replaced by spaces. */
  readonly code: string;
}

const cache = new Map<string, Source>();

function readSource(root: string, file: string): Source {
  let source = cache.get(file);
  if (source === undefined) {
    const raw = readFileSync(join(root, file), "utf8");
    source = { raw, code: blankNonCode(raw) };
    cache.set(file, source);
  }
  return source;
}

const REGEX_BEFORE = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);

/** The same text with comments and the insides of literals blanked, lengths and newlines kept. */
export function blankNonCode(raw: string): string {
  const out = raw.split("");
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let previous = "";
  // Scans code from `i`; inside a template's `${`, stops after the matching `}`.
  const scan = (start: number, inTemplateExpression: boolean): number => {
    let i = start;
    let depth = 0;
    while (i < raw.length) {
      const c = raw[i]!;
      const next = raw[i + 1];
      if (c === "/" && next === "/") {
        const end = raw.indexOf("\n", i);
        const stop = end === -1 ? raw.length : end;
        blank(i, stop);
        i = stop;
      } else if (c === "/" && next === "*") {
        const end = raw.indexOf("*/", i + 2);
        const stop = end === -1 ? raw.length : end + 2;
        blank(i, stop);
        i = stop;
      } else if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < raw.length && raw[j] !== c && raw[j] !== "\n") j += raw[j] === "\\" ? 2 : 1;
        blank(i + 1, j);
        i = j + 1;
        previous = "x";
      } else if (c === "`") {
        let j = i + 1;
        while (j < raw.length && raw[j] !== "`") {
          if (raw[j] === "\\") j += 2;
          else if (raw[j] === "$" && raw[j + 1] === "{") j = scan(j + 2, true);
          else j++;
        }
        blank(i + 1, j);
        i = j + 1;
        previous = "x";
      } else if (c === "/" && (REGEX_BEFORE.has(previous) || /\b(return|typeof|case)$/.test(raw.slice(Math.max(0, i - 8), i).trimEnd()))) {
        let j = i + 1;
        let inClass = false;
        while (j < raw.length && raw[j] !== "\n" && (inClass || raw[j] !== "/")) {
          if (raw[j] === "\\") j++;
          else if (raw[j] === "[") inClass = true;
          else if (raw[j] === "]") inClass = false;
          j++;
        }
        blank(i + 1, j);
        i = j + 1;
        previous = "x";
      } else {
        if (inTemplateExpression && c === "{") depth++;
        if (inTemplateExpression && c === "}") {
          if (depth === 0) return i + 1;
          depth--;
        }
        if (!/\s/.test(c)) previous = /[\w$)\]]/.test(c) ? "x" : c;
        i++;
      }
    }
    return i;
  };
  scan(0, false);
  return out.join("");
}

/** The index just past the bracket that closes the one at `open` (`(`, `{`, `[` or `<`). */
function closing(code: string, open: number): number {
  const pairs: Record<string, string> = { "(": ")", "{": "}", "[": "]", "<": ">" };
  const stack: string[] = [];
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    if (c === "<" && code[open] !== "<") continue;
    if (c === ">" && (code[i - 1] === "=" || stack.at(-1) !== ">")) continue;
    if (c in pairs) stack.push(pairs[c]!);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  throw new Error(`unbalanced "${code[open]}" at ${open}`);
}

function skipSpace(code: string, i: number): number {
  while (i < code.length && /\s/.test(code[i]!)) i++;
  return i;
}

function docBefore(raw: string, start: number): string | null {
  const before = raw.slice(0, start).trimEnd();
  if (!before.endsWith("*/")) return null;
  const open = before.lastIndexOf("/*");
  return open !== -1 && raw.startsWith("/**", open) ? before.slice(open) : null;
}

/** From the parameter list at `open`: the list and the body (`{…}` or an arrow's expression up to `;`); null body for an overload. */
function signatureAt(code: string, open: number): { params: string; body: string | null } {
  const end = closing(code, open);
  const params = code.slice(open + 1, end - 1);
  let i = end;
  let last = ")";
  while (i < code.length) {
    const c = code[i]!;
    if (c === ";") return { params, body: null };
    if (c === "=" && code[i + 1] === ">") {
      const start = skipSpace(code, i + 2);
      if (code[start] === "{") return { params, body: code.slice(start, closing(code, start)) };
      const stop = code.indexOf(";", start);
      return { params, body: code.slice(start, stop === -1 ? code.length : stop) };
    }
    if (c === "{") {
      // A `{` right after `:`, `|`, `&`, `<` or `,` opens an object type in the return type.
      if (/[:|&<,(]/.test(last)) {
        i = closing(code, i);
        last = "}";
        continue;
      }
      return { params, body: code.slice(i, closing(code, i)) };
    }
    if (c === "(" || c === "[" || c === "<") {
      i = closing(code, i);
      last = code[i - 1]!;
      continue;
    }
    if (!/\s/.test(c)) last = c;
    i++;
  }
  return { params, body: null };
}

function functionDeclaration(root: string, file: string, name: string, at: RegExpExecArray): Declaration {
  const { raw, code } = readSource(root, file);
  const doc = docBefore(raw, at.index + at[0].length - at[0].trimStart().length);
  const params: string[] = [];
  const declaration = new RegExp(`\\bfunction\\s*\\*?\\s*${name}\\b`, "g");
  declaration.lastIndex = at.index;
  for (let match = declaration.exec(code); match !== null; match = declaration.exec(code)) {
    let open = skipSpace(code, match.index + match[0].length);
    if (code[open] === "<") open = skipSpace(code, closing(code, open));
    const signature = signatureAt(code, open);
    params.push(signature.params);
    if (signature.body !== null) return { file, localName: name, kind: "function", doc, params, body: signature.body };
  }
  throw new Error(`${file}: function ${name} has no body`);
}

function classDeclaration(root: string, file: string, name: string, at: RegExpExecArray): Declaration {
  const { raw, code } = readSource(root, file);
  const doc = docBefore(raw, at.index + at[0].length - at[0].trimStart().length);
  const open = code.indexOf("{", at.index + at[0].length);
  const end = closing(code, open);
  const constructor = /\bconstructor\s*\(/g;
  constructor.lastIndex = open;
  for (let match = constructor.exec(code); match !== null && match.index < end; match = constructor.exec(code)) {
    const depth = [...code.slice(open, match.index)].reduce((d, c) => d + (c === "{" ? 1 : c === "}" ? -1 : 0), 0);
    if (depth !== 1) continue;
    const params: string[] = [];
    let signature = signatureAt(code, match.index + match[0].length - 1);
    params.push(signature.params);
    // Constructor overloads: the implementation is the one with a body.
    while (signature.body === null) {
      const following = constructor.exec(code);
      if (following === null) break;
      signature = signatureAt(code, following.index + following[0].length - 1);
      params.push(signature.params);
    }
    return { file, localName: name, kind: "class", doc, params, body: signature.body ?? "" };
  }
  return { file, localName: name, kind: "class", doc, params: [], body: "" };
}

function constDeclaration(root: string, file: string, name: string, at: RegExpExecArray): Declaration {
  const { raw, code } = readSource(root, file);
  const doc = docBefore(raw, at.index + at[0].length - at[0].trimStart().length);
  let i = at.index + at[0].length;
  // Skip a type annotation up to the `=` that starts the value.
  while (i < code.length && !(code[i] === "=" && code[i + 1] !== ">" && code[i + 1] !== "=")) {
    i = "([{<".includes(code[i]!) ? closing(code, i) : i + 1;
  }
  let value = skipSpace(code, i + 1);
  if (code.startsWith("async", value)) value = skipSpace(code, value + 5);
  if (code.startsWith("function", value)) value = code.indexOf("(", value);
  if (code[value] === "<") value = skipSpace(code, closing(code, value));
  if (code[value] !== "(") return { file, localName: name, kind: "const", doc, params: [], body: "" };
  const signature = signatureAt(code, value);
  return { file, localName: name, kind: "const", doc, params: [signature.params], body: signature.body ?? "" };
}

function resolve(root: string, from: string, specifier: string): string | null {
  const base = normalize(join(dirname(from), specifier));
  const candidates = base.endsWith(".js") ? [`${base.slice(0, -3)}.ts`, base] : [base, `${base}.ts`, join(base, "index.ts")];
  const found = candidates.find((candidate) => existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile());
  return found === undefined ? null : found.split(sep).join("/");
}

/** `a`, `type a`, `a as b` → [original, exported]. */
function specifiers(list: string): Array<readonly [string, string]> {
  return list
    .split(",")
    .map((entry) => entry.trim().replace(/^type\s+/, ""))
    .filter((entry) => entry !== "")
    .map((entry) => {
      const [original, alias] = entry.split(/\s+as\s+/);
      return [original!, alias ?? original!] as const;
    });
}

/** The local declaration of `name` in `file` (exported or not), or null. */
function localDeclaration(root: string, file: string, name: string): Declaration | null {
  const { code } = readSource(root, file);
  const lead = String.raw`(?:^|\n)[ \t]*(?:export\s+)?(?:declare\s+)?`;
  const fn = new RegExp(`${lead}(?:async\\s+)?function\\s*\\*?\\s*${name}\\b`).exec(code);
  if (fn !== null) return functionDeclaration(root, file, name, fn);
  const cls = new RegExp(`${lead}(?:abstract\\s+)?class\\s+${name}\\b`).exec(code);
  if (cls !== null) return classDeclaration(root, file, name, cls);
  const constant = new RegExp(`${lead}(?:const|let)\\s+${name}\\b`).exec(code);
  if (constant !== null) return constDeclaration(root, file, name, constant);
  return null;
}

type Lookup<T> = (root: string, file: string, name: string) => T | null;

/**
 * The declaration behind `name` as exported by `file` (a path relative to `root`), following
 * `export {…} from`, `export * from`, local `export {…}` lists and imported names; null when
 * the name is not found.
 */
export function findDeclaration(root: string, file: string, name: string): Declaration | null {
  return follow(root, file, name, localDeclaration, new Set(), false);
}

/** The body of the interface or type alias `name` as seen from `file` (imports followed), blanked, or null. */
export function findTypeBody(root: string, file: string, name: string): string | null {
  return follow(root, file, name, typeBody, new Set(), true);
}

/** `viaImports`: also follow names the file imports without exporting them (a type its signatures use). */
function follow<T>(root: string, file: string, name: string, local: Lookup<T>, seen: Set<string>, viaImports: boolean): T | null {
  const key = `${file}#${name}`;
  if (seen.has(key)) return null;
  seen.add(key);
  const here = local(root, file, name);
  if (here !== null) return here;
  const { raw, code } = readSource(root, file);
  const specifierAt = (index: number): string => {
    const quote = code.indexOf(code[index] === '"' ? '"' : "'", index + 1);
    return raw.slice(index + 1, quote);
  };
  for (const match of code.matchAll(/\bexport\s+(?:type\s+)?\{([^}]*)\}(\s*from\s*["'])?/g)) {
    const entry = specifiers(match[1]!).find(([, alias]) => alias === name);
    if (entry === undefined) continue;
    if (match[2] !== undefined) {
      const target = resolve(root, file, specifierAt(match.index + match[0].length - 1));
      return target === null ? null : follow(root, target, entry[0], local, seen, viaImports);
    }
    return local(root, file, entry[0]) ?? imported(root, file, entry[0], local, seen, viaImports);
  }
  for (const match of code.matchAll(/\bexport\s*\*\s*from\s*["']/g)) {
    const target = resolve(root, file, specifierAt(match.index + match[0].length - 1));
    const found = target === null ? null : follow(root, target, name, local, seen, viaImports);
    if (found !== null) return found;
  }
  return viaImports ? imported(root, file, name, local, seen, viaImports) : null;
}

function imported<T>(root: string, file: string, name: string, local: Lookup<T>, seen: Set<string>, viaImports: boolean): T | null {
  const { raw, code } = readSource(root, file);
  for (const match of code.matchAll(/\bimport\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']/g)) {
    const entry = specifiers(match[1]!).find(([, alias]) => alias === name);
    if (entry === undefined) continue;
    const start = match.index + match[0].length;
    const target = resolve(root, file, raw.slice(start, raw.indexOf(raw[start - 1]!, start)));
    return target === null ? null : follow(root, target, entry[0], local, seen, viaImports);
  }
  return null;
}

/** The body of `interface name {…}` or `type name = …` declared in `file`, blanked, or null. */
function typeBody(root: string, file: string, name: string): string | null {
  const { code } = readSource(root, file);
  const match = new RegExp(String.raw`(?:^|\n)[ \t]*(?:export\s+)?(?:interface\s+${name}\b[^{]*|type\s+${name}\b[^=]*=\s*)`).exec(code);
  if (match === null) return null;
  const start = match.index + match[0].length;
  if (code[start] === "{") return code.slice(start, closing(code, start));
  const stop = code.indexOf(";", start);
  return code.slice(start, stop === -1 ? code.length : stop);
}
