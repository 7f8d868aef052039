/**
 * Lookups and formatting for parameter lists (header params, URI params, URI headers). Names
 * compare case-insensitively (RFC 3261 §7.3.1: parameter names are case-insensitive).
 */
import { equalsIgnoreCase } from "./abnf.js";
import type { Params } from "./message.js";

/** The first parameter named `name`, as `[name as written, value]`, or `undefined`. */
export function findParam(params: Params, name: string): [string, string | null] | undefined {
  for (const param of params) {
    if (equalsIgnoreCase(param[0], name)) return param;
  }
  return undefined;
}

/** Whether a parameter named `name` is present, with or without a value (names compare case-insensitively). */
export function hasParam(params: Params, name: string): boolean {
  return findParam(params, name) !== undefined;
}

/** The value of the first parameter named `name`, as written; `null` when absent or valueless. */
export function getParam(params: Params, name: string): string | null {
  const param = findParam(params, name);
  return param === undefined ? null : param[1];
}

/** Sets the first parameter named `name` (keeping its place), or appends it; removes later duplicates. */
export function setParam(params: Params, name: string, value: string | null): void {
  let found = false;
  for (let i = 0; i < params.length; i++) {
    const param = params[i]!;
    if (!equalsIgnoreCase(param[0], name)) continue;
    if (found) {
      params.splice(i, 1);
      i--;
    } else {
      params[i] = [name, value];
      found = true;
    }
  }
  if (!found) params.push([name, value]);
}

/** Removes every parameter named `name`; returns how many there were. */
export function removeParam(params: Params, name: string): number {
  const before = params.length;
  for (let i = params.length - 1; i >= 0; i--) {
    if (equalsIgnoreCase(params[i]![0], name)) params.splice(i, 1);
  }
  return before - params.length;
}

/** `;name=value;flag` as written (values are written verbatim, quotes included). */
export function formatParams(params: Params): string {
  let out = "";
  for (const [name, value] of params) {
    out += value === null ? `;${name}` : `;${name}=${value}`;
  }
  return out;
}
