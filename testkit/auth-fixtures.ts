/**
 * Shared fixtures for the digest tests: hand-built `AuthValue`s (what the codec's parser gives:
 * lowercase keys, unquoted values) and Randoms that make cnonce draws observable.
 */
import type { Random } from "../engine/random.js";
import type { AuthValue } from "../engine/sip/message.js";

export function authValue(scheme: string, params: Readonly<Record<string, string>>): AuthValue {
  return { scheme, params: new Map(Object.entries(params)) };
}

/** A copy of `value` with parameters set, or removed where the new value is null. */
export function withParamsFor(value: AuthValue, changes: Readonly<Record<string, string | null>>): AuthValue {
  const params = new Map(value.params);
  for (const [name, text] of Object.entries(changes)) {
    if (text === null) params.delete(name);
    else params.set(name, text);
  }
  return { scheme: value.scheme, params };
}

/** A Random that fails the test if anything draws from it. */
export function refusingRandom(): Random {
  const refuse = (): never => {
    throw new Error("this test expects no random draw");
  };
  return { uint32: refuse, fraction: refuse, hex: refuse, child: refuse };
}

/** A Random whose `hex` hands out the given strings in turn and counts the draws. */
export function scriptedRandom(hexes: readonly string[]): Random & { readonly draws: () => number } {
  let next = 0;
  const refuse = (): never => {
    throw new Error("only hex() is scripted");
  };
  return {
    uint32: refuse,
    fraction: refuse,
    child: refuse,
    hex: (byteCount) => {
      const drawn = hexes[next++];
      if (drawn === undefined || drawn.length !== byteCount * 2) throw new Error(`no scripted draw of ${byteCount} bytes`);
      return drawn;
    },
    draws: () => next,
  };
}
