/**
 * Matching a call's params to a command's recipes, as OpenSIPS's MI does (spec §9.1): params
 * come positional (a JSON array, in recipe order) or named (a JSON object); the recipe is the
 * one with as many params, and, when named, the same names. String params take JSON numbers
 * too (as decimal text); int params take JSON integers or numeric strings. Everything else is
 * -32602 with OpenSIPS's `data` text.
 */
import { invalidParams } from "./errors.js";

export type ParamKind = "string" | "int";

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
}

/** One accepted parameter list; a command has one or more. */
export type Recipe = readonly ParamSpec[];

/** The params of one call, by name, after matching and type checks. */
export type MatchedParams = Readonly<Record<string, string | number>>;

export interface Matched {
  readonly recipe: Recipe;
  readonly values: MatchedParams;
}

/** The `params` member of a request: absent, positional or named (the dispatcher checked the JSON type). */
export type CallParams = undefined | readonly unknown[] | Readonly<Record<string, unknown>>;

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/**
 * The recipe a call's params fit and their checked values. Throws MiError -32602 (invalid params,
 * OpenSIPS's `data` text) when no recipe has as many params, the names do not match, or a type is wrong.
 */
export function matchRecipe(recipes: readonly Recipe[], params: CallParams): Matched {
  const positional = params === undefined ? [] : Array.isArray(params) ? (params as readonly unknown[]) : null;
  if (positional !== null) {
    const recipe = recipes.find((r) => r.length === positional.length);
    if (recipe === undefined) throw invalidParams("Too few or too many parameters");
    return { recipe, values: checkTypes(recipe, (_spec, index) => positional[index]) };
  }
  const named = params as Readonly<Record<string, unknown>>;
  const names = Object.keys(named);
  const sized = recipes.filter((r) => r.length === names.length);
  if (sized.length === 0) throw invalidParams("Too few or too many parameters");
  const recipe = sized.find((r) => r.every((spec) => Object.hasOwn(named, spec.name)));
  if (recipe === undefined) throw invalidParams("Named parameters do not match");
  return { recipe, values: checkTypes(recipe, (spec) => named[spec.name]) };
}

function checkTypes(recipe: Recipe, valueOf: (spec: ParamSpec, index: number) => unknown): MatchedParams {
  const values: Record<string, string | number> = {};
  recipe.forEach((spec, index) => {
    const value = valueOf(spec, index);
    const checked = spec.kind === "string" ? asString(value) : asInt(value);
    if (checked === null) throw invalidParams(`Bad type for parameter '${spec.name}'`);
    values[spec.name] = checked;
  });
  return values;
}

function asString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function asInt(value: unknown): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : null;
  if (typeof value === "string" && INTEGER_TEXT.test(value)) {
    const parsed = Number(value.trim());
    return Number.isSafeInteger(parsed) ? parsed : null;
  }
  return null;
}
