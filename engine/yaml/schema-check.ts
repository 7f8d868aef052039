/**
 * Checks a parsed document against a JSON Schema generated from TypeScript types (a registrar
 * script, a lab configuration) and turns ajv's errors into problems the document's author can
 * act on: the JSON pointer of the field, and a reason that names the field, the value and what
 * is allowed. No engine imports: the simulator and the engine's config share it.
 */
import { Ajv, type ErrorObject } from "ajv";
import type { PathProblem } from "./problems.js";

/** A JSON Schema as typescript-json-schema writes it: definitions referenced by `#/definitions/Name`. */
export interface GeneratedSchema {
  readonly definitions?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export type SchemaCheck<T> = (document: unknown) => { ok: true; value: T } | { ok: false; problems: PathProblem[] };

/** Compiles `schema` once; the check returns the document as typed, or the problems in document order. */
export function createSchemaCheck<T>(schema: GeneratedSchema): SchemaCheck<T> {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile<T>(schema);
  const definitions = schema.definitions ?? {};
  return (document) => {
    if (validate(document)) return { ok: true, value: document };
    const errors = validate.errors ?? [];
    // An anyOf failure also lists why each alternative failed; the summary of the alternatives says it better.
    const unions = errors.filter((error) => error.keyword === "anyOf").map((error) => error.schemaPath + "/");
    const kept = errors.filter((error) => !unions.some((prefix) => error.schemaPath.startsWith(prefix)));
    const problems = kept.map((error) => describe(error, definitions));
    const seen = new Set<string>();
    return { ok: false, problems: problems.filter((p) => !seen.has(p.path + p.reason) && seen.add(p.path + p.reason)) };
  };
}

type Definitions = Record<string, unknown>;

function describe(error: ErrorObject, definitions: Definitions): PathProblem {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String(params["additionalProperty"]);
      const allowed = Object.keys(propertiesOf(error.parentSchema));
      const hint = allowed.length === 0 ? "" : ` (allowed here: ${allowed.join(", ")})`;
      return { path: `${path}/${escapePointer(name)}`, reason: `unknown field "${name}"${hint}` };
    }
    case "required":
      return { path, reason: `the field "${String(params["missingProperty"])}" is missing` };
    case "enum":
      return { path, reason: `${shown(error.data)} is not one of ${(params["allowedValues"] as unknown[]).map(shown).join(", ")}` };
    case "const":
      return { path, reason: `must be ${shown(params["allowedValue"])}` };
    case "type":
      return { path, reason: `must be ${article(String(params["type"]))}, got ${typeName(error.data)}` };
    case "minItems":
      return { path, reason: `must list at least ${String(params["limit"])}` };
    case "anyOf":
      return { path, reason: `${shown(error.data)} must be ${alternatives(error.schema, definitions)}` };
    default:
      return { path, reason: `${error.message ?? error.keyword}, got ${shown(error.data)}` };
  }
}

function propertiesOf(parent: unknown): Record<string, unknown> {
  if (typeof parent !== "object" || parent === null) return {};
  const properties = (parent as { properties?: unknown }).properties;
  return typeof properties === "object" && properties !== null ? (properties as Record<string, unknown>) : {};
}

/** "one of initial, refresh, or a list of them": a short reading of each alternative schema. */
function alternatives(schemas: unknown, definitions: Definitions): string {
  if (!Array.isArray(schemas)) return "something else";
  const readings = schemas.map((alternative: unknown) => readSchema(alternative, definitions));
  const single = readings.find((reading) => !reading.startsWith("a list of"));
  // The usual union here is "one X or a list of X": say it that way.
  if (readings.length === 2 && single !== undefined && readings.includes(`a list of (${single})`)) return `${single}, or a list of them`;
  return readings.join(", or ");
}

function readSchema(node: unknown, definitions: Definitions): string {
  if (typeof node !== "object" || node === null) return "a value";
  const s = node as { enum?: unknown[]; type?: unknown; items?: unknown; $ref?: string };
  if (s.enum !== undefined) return `one of ${s.enum.map(shown).join(", ")}`;
  if (s.type === "array") return `a list of (${readSchema(resolveRef(s.items, definitions), definitions)})`;
  if (Array.isArray(s.type)) return s.type.map((t) => article(String(t))).join(" or ");
  if (typeof s.type === "string") return article(s.type);
  if (s.$ref !== undefined) return readSchema(resolveRef(s, definitions), definitions);
  return "a value";
}

function resolveRef(node: unknown, definitions: Definitions): unknown {
  if (typeof node !== "object" || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref !== "string") return node;
  const name = ref.replace("#/definitions/", "");
  return definitions[name];
}

function article(type: string): string {
  const names: Record<string, string> = {
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    object: "a mapping (name: value)",
    array: "a list",
    null: "empty",
  };
  return names[type] ?? type;
}

function typeName(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${shown(value)}`;
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** RFC 6901: `~` and `/` in a key are escaped in a JSON pointer. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
