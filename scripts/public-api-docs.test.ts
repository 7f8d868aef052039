/**
 * Drift test of the public API's doc comments (issue 10): every function and class that
 * engine/index.ts or simulator/index.ts exports is documented where it is declared, a doc states
 * the defaults of optional parameters and option fields, and says what the function throws or
 * rejects with when its own body throws. The exports are read from the loaded modules, so a
 * new export is checked without touching this file.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import * as engine from "uacreg";
import * as simulator from "uacreg/simulator";
import { findDeclaration, findTypeBody, type Declaration } from "./exported-declarations.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Exported {
  readonly name: string;
  readonly declaration: Declaration | null;
}

function exportedCallables(entry: string, api: Record<string, unknown>): Exported[] {
  return Object.entries(api)
    .filter(([, value]) => typeof value === "function")
    .map(([name]) => ({ name, declaration: findDeclaration(ROOT, entry, name) }));
}

const EXPORTED = [...exportedCallables("engine/index.ts", engine), ...exportedCallables("simulator/index.ts", simulator)];
const DECLARED = EXPORTED.flatMap(({ name, declaration }) => (declaration === null ? [] : [{ name, ...declaration }]));

function label(item: { readonly name: string; readonly file: string; readonly localName: string }): string {
  return `${item.file}: ${item.name}${item.localName === item.name ? "" : ` (declared as ${item.localName})`}`;
}

// A default value (`x = 1`, not `=>`, `==`, `<=`), an optional parameter or field (`x?:`), or `Partial<…>`.
const OPTIONAL_IN_TEXT = /(?<![=!<>])=(?![=>])|\?\s*:|\bPartial</;
// A parameter of a named options type (`options: WebhookSinkOptions`, `init: ResponseInit`) counts when that type has optional fields.
const OPTIONS_TYPE = /\b[A-Z]\w*(?:Options|Init)\b/g;

// The standard `cause` option of an Error, handed to `super`: nothing to default.
const ERROR_CAUSE_OPTION = /\w+\?\s*:\s*\{\s*(?:readonly\s+)?cause\?\s*:\s*unknown;?\s*\}/g;

// The word itself: `DEFAULT_X` or `defaultRealm` in a doc does not say what the default is.
const SAYS_DEFAULT = /\bdefaults?\b/i;

function hasOptionalInput(item: Declaration): boolean {
  return item.params
    .map((params) => params.replace(ERROR_CAUSE_OPTION, ""))
    .some(
      (params) =>
        OPTIONAL_IN_TEXT.test(params) ||
        [...params.matchAll(OPTIONS_TYPE)].some(([type]) => {
          const body = findTypeBody(ROOT, item.file, type);
          return body !== null && OPTIONAL_IN_TEXT.test(body);
        }),
    );
}

// Its own body throws, or settles a Promise as rejected: `reject` called or handed on (not only declared in `(resolve, reject) =>`).
const THROWS = /\bthrow\b|\breject\b(?!\s*\)\s*=>)|\bPromise\.reject\b/;
const SAYS_THROWS = /\b(throws?|rejects?)\b/i;

describe("public API docs: engine/index.ts and simulator/index.ts", () => {
  it("finds where every exported function and class is declared", () => {
    assert.ok(DECLARED.length > 100, `only ${DECLARED.length} exported functions and classes found`);
    const unfound = EXPORTED.filter(({ declaration }) => declaration === null).map(({ name }) => name);
    assert.deepEqual(unfound, [], "exported but no declaration found in engine/ or simulator/");
  });

  it("every exported function and class has a /** */ doc comment where it is declared", () => {
    const undocumented = DECLARED.filter((item) => item.doc === null).map((item) => `${label(item)} has no /** */ doc comment`);
    assert.deepEqual(undocumented, [], undocumented.join("\n"));
  });

  it("a function or constructor with optional parameters or option fields states its defaults", () => {
    const silent = DECLARED.filter((item) => hasOptionalInput(item) && !SAYS_DEFAULT.test(item.doc ?? "")).map(
      (item) => `${label(item)} takes optional input but its doc never says "default"`,
    );
    assert.deepEqual(silent, [], silent.join("\n"));
  });

  it("a function or constructor that throws (or rejects) says what it throws, naming each error class it throws itself", () => {
    const silent = DECLARED.filter((item) => THROWS.test(item.body)).flatMap((item) => {
      const doc = item.doc ?? "";
      if (!SAYS_THROWS.test(doc)) return [`${label(item)} throws but its doc never says "Throws" or "Rejects"`];
      const classes = new Set([...item.body.matchAll(/\bthrow\s+new\s+(\w+)/g)].map((match) => match[1]!));
      return [...classes].filter((name) => !new RegExp(`\\b${name}\\b`).test(doc)).map((name) => `${label(item)} throws ${name} but its doc does not name it`);
    });
    assert.deepEqual(silent, [], silent.join("\n"));
  });
});
