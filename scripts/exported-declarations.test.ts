/**
 * The source reader behind the public-API doc test, on small files written for each form of
 * declaration it must find, so that a form the tree does not use today is still covered.
 */
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { blankNonCode, findDeclaration, findTypeBody } from "./exported-declarations.js";

const ROOT = mkdtempSync(join(tmpdir(), "uacreg-declarations-"));
after(() => rmSync(ROOT, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(ROOT, dirname(path)), { recursive: true });
    writeFileSync(join(ROOT, path), text);
  }
}

write({
  "lib/index.ts": [
    `export { plain, renamed as publicName } from "./functions.js";`,
    `export * from "./more.js";`,
    `export { localList, imported as alsoPublic };`,
    `import { viaImport as imported } from "./functions.js";`,
    `/** Exported by a local list. */`,
    `function localList(): void {}`,
    ``,
  ].join("\n"),
  "lib/functions.ts": [
    `/** Plain. */`,
    `export function plain(a: number, b = 2): number {`,
    `  if (a < 0) throw new RangeError("negative");`,
    `  return a + b;`,
    `}`,
    ``,
    `export function renamed(options: WidgetOptions): { a: string } {`,
    `  // throw new FakeError() in a comment does not count`,
    `  const text = "throw new NotAnError() { in a string";`,
    "  const template = `${text.replace(/[{\"]/g, \"\")} }`;",
    `  return { a: template };`,
    `}`,
    ``,
    `/** Imported, then exported. */`,
    `export async function viaImport(): Promise<void> {}`,
    ``,
    `export interface WidgetOptions {`,
    `  readonly size?: number;`,
    `}`,
    ``,
  ].join("\n"),
  "lib/more.ts": [
    `/** A generator. */`,
    `export function* generated<T>(items: readonly T[]): Generator<T> {`,
    `  yield* items;`,
    `}`,
    ``,
    `/** Overloaded. */`,
    `export function overloaded(a: string): string;`,
    `export function overloaded(a: number, b?: number): number;`,
    `export function overloaded(a: string | number, b?: number): string | number {`,
    `  return typeof a === "string" ? a : a + (b ?? 0);`,
    `}`,
    ``,
    `/** Abstract. */`,
    `export abstract class Shape {`,
    `  constructor(readonly sides: number) {`,
    `    if (sides < 3) throw new ShapeError("too few sides");`,
    `  }`,
    `  area(): number {`,
    `    throw new Error("abstract");`,
    `  }`,
    `}`,
    ``,
    `export class ShapeError extends Error {}`,
    ``,
    `/** An arrow. */`,
    `export const arrow: (x: number) => Promise<number> = async (x: number, y = 1): Promise<number> => {`,
    `  if (x === 0) return Promise.reject(new Error("zero"));`,
    `  return x * y;`,
    `};`,
    ``,
    `/** A doc that belongs to the constant above the function. */`,
    `const unrelated = 1;`,
    `export const short = (x: number): number => x * unrelated;`,
    ``,
  ].join("\n"),
});

const find = (name: string) => findDeclaration(ROOT, "lib/index.ts", name);

describe("exported-declarations: where an exported name is declared", () => {
  it("reads a plain function's doc, parameters and body, and sees its throw", () => {
    const found = find("plain");
    assert.equal(found?.file, "lib/functions.ts");
    assert.equal(found?.kind, "function");
    assert.equal(found?.doc, "/** Plain. */");
    assert.deepEqual(found?.params, ["a: number, b = 2"]);
    assert.match(found!.body, /throw new RangeError/);
  });

  it("follows a rename (`renamed as publicName`), and blanks comments, strings, templates and regexes in the body", () => {
    const found = find("publicName");
    assert.equal(found?.localName, "renamed");
    assert.equal(found?.doc, null);
    assert.doesNotMatch(found!.body, /throw|FakeError|NotAnError/);
    assert.match(found!.body, /return \{ a: template \};\s*\}$/, "the object type in the return type is not taken for the body");
  });

  it("follows a local export list to a local declaration, and to an imported name under an alias", () => {
    assert.equal(find("localList")?.doc, "/** Exported by a local list. */");
    const imported = find("alsoPublic");
    assert.equal(imported?.localName, "viaImport");
    assert.equal(imported?.doc, "/** Imported, then exported. */");
  });

  it("follows `export *` to a generator, an overloaded function (all signatures), an abstract class and an arrow constant", () => {
    assert.deepEqual(find("generated")?.params, ["items: readonly T[]"]);
    const overloaded = find("overloaded");
    assert.equal(overloaded?.doc, "/** Overloaded. */");
    assert.deepEqual(overloaded?.params, ["a: string", "a: number, b?: number", "a: string | number, b?: number"]);
    assert.match(overloaded!.body, /typeof a/);
    const shape = find("Shape");
    assert.equal(shape?.kind, "class");
    assert.deepEqual(shape?.params, ["readonly sides: number"]);
    assert.match(shape!.body, /throw new ShapeError/);
    assert.doesNotMatch(shape!.body, /abstract/, "a method's throw is not the constructor's");
    const arrow = find("arrow");
    assert.equal(arrow?.kind, "const");
    assert.deepEqual(arrow?.params, ["x: number, y = 1"]);
    assert.match(arrow!.body, /Promise\.reject/);
  });

  it("takes only a doc comment right before the declaration", () => {
    assert.equal(find("short")?.doc, null);
    assert.deepEqual(find("short")?.params, ["x: number"]);
    assert.equal(find("ShapeError")?.doc, null);
  });

  it("says null for a name no file exports", () => {
    assert.equal(find("missing"), null);
  });

  it("finds an options type's body from the file whose signature uses it", () => {
    assert.match(findTypeBody(ROOT, "lib/functions.ts", "WidgetOptions") ?? "", /size\?: number/);
  });
});

describe("exported-declarations: blanking what is not code", () => {
  it("keeps the length and the line breaks, and the code around", () => {
    const text = 'const a = "x{y"; // c {\nconst b = `t ${a + "}"} u`; /* d */ const r = /["}]/g;\n';
    const blanked = blankNonCode(text);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked.split("\n").length, text.split("\n").length);
    assert.doesNotMatch(blanked, /[{}]/);
    assert.match(blanked, /const a = " {3}";/);
    assert.match(blanked, /const r = \/ +\/g;/);
  });

  it("tells a division from a regex literal", () => {
    assert.equal(blankNonCode("const half = total / 2 / count;"), "const half = total / 2 / count;");
  });
});
