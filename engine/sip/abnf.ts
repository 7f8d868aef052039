/**
 * Character classes of the RFC 3261 §25.1 grammar, as bit flags in one lookup table indexed by
 * char code (ASCII only: every class here is ASCII). Each flag sits under the ABNF rule it
 * encodes. Parsers test `(CHAR_CLASS[code] & FLAG) !== 0` for short runs, and scan long ones with
 * a sticky regex built from the same table (`runPattern`): one character class under `*`, which
 * runs natively and cannot backtrack. Either way scanning stays linear.
 *
 * Every class below that names unreserved includes alphanum / mark, with
 * mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")".
 */

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" ) */
export const TOKEN = 1 << 0;
/** word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" ) */
export const WORD = 1 << 1;
/** user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const USER = 1 << 3;
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD = 1 << 4;
/** paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$" */
export const PARAMCHAR = 1 << 5;
/** hname / hvalue = *( hnv-unreserved / unreserved / escaped ); hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const HNV = 1 << 6;
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (the characters after the first) */
export const SCHEME = 1 << 7;
/**
 * hostname characters: alphanum / "-" / "." (RFC 3261 domainlabel/toplabel). Deviation: "_" is
 * accepted too, because real deployments use it in host names.
 */
export const HOST = 1 << 8;
/** uric = reserved / unreserved / escaped (RFC 2396, for opaque absolute URIs); "%" is checked by the caller. */
export const URIC = 1 << 9;
/** RFC 3966 phonedigit-hex = HEXDIG / "*" / "#" / visual-separator ("-" / "." / "(" / ")") */
export const PHONEDIGIT = 1 << 10;
/** RFC 3966 pname = 1*( alphanum / "-" ) */
export const TEL_PNAME = 1 << 11;
/** An unquoted generic-param value: token, plus ":" (see `Scanner.paramValue`). */
export const GEN_VALUE = 1 << 12;

export const CHAR_CLASS: Uint16Array = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(128);
  const add = (chars: string, flag: number): void => {
    for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)]! |= flag;
  };
  const digits = "0123456789";
  const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const alphanum = alpha + digits;
  const mark = "-_.!~*'()";
  add(alphanum + "-.!%*_+`'~", TOKEN);
  add(alphanum + "-.!%*_+`'~()<>:\\\"/[]?{}", WORD);
  add(alphanum + mark + "&=+$,;?/", USER);
  add(alphanum + mark + "&=+$,", PASSWORD);
  add(alphanum + mark + "[]/:&+$", PARAMCHAR);
  add(alphanum + mark + "[]/?:+$", HNV);
  add(alphanum + "+-.", SCHEME);
  add(alphanum + "-._", HOST);
  add(alphanum + mark + ";/?:@&=+$,", URIC);
  add(digits + "abcdefABCDEF*#-.()", PHONEDIGIT);
  add(alphanum + "-", TEL_PNAME);
  add(alphanum + "-.!%*_+`'~:", GEN_VALUE);
  return table;
}

/** HEXDIG value, or -1. */
export function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57;
  return -1;
}

/** Case-insensitive ASCII comparison without allocating lowercase copies. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const lx = x >= 0x41 && x <= 0x5a ? x | 0x20 : x;
    const ly = y >= 0x41 && y <= 0x5a ? y | 0x20 : y;
    if (lx !== ly) return false;
  }
  return true;
}

/** How a character is shown in an error message. */
export function describeChar(code: number): string {
  if (code >= 0x20 && code <= 0x7e) return `'${String.fromCharCode(code)}'`;
  return `0x${code.toString(16).padStart(2, "0")}`;
}

/**
 * A sticky regex matching a run (possibly empty) of the characters in every class of `flags`,
 * plus `extra`. Runs are scanned natively: a character class with `*` cannot backtrack, and it
 * beats a charCodeAt loop once runs pass about ten characters.
 */
export function runPattern(flags: number, extra = ""): RegExp {
  return new RegExp(`[${classChars(flags, extra)}]*`, "y");
}

/** The inside of a regex character class holding the characters in every class of `flags`, plus `extra`. */
export function classChars(flags: number, extra = ""): string {
  let chars = "";
  for (let c = 0; c < 128; c++) {
    if (((CHAR_CLASS[c] ?? 0) & flags) === flags || extra.includes(String.fromCharCode(c))) {
      chars += "\\x" + c.toString(16).padStart(2, "0");
    }
  }
  return chars;
}

/** How many characters `classRunEnd` tests one by one before handing a long run to its regex. */
const SHORT_RUN = 12;

/**
 * Where the run of `flags` characters starting at `i` ends, at most `end`; `pattern` must be
 * `runPattern(flags)`. Most runs in SIP (users, parameter names, short values) are shorter than a
 * regex call costs, so the first characters are tested in a loop and only a longer run (a tag, a
 * branch) goes to the regex.
 */
export function classRunEnd(flags: number, pattern: RegExp, s: string, i: number, end: number): number {
  const stop = i + SHORT_RUN < end ? i + SHORT_RUN : end;
  while (i < stop) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & flags) === 0) return i;
    i++;
  }
  return i < end ? runEnd(pattern, s, i, end) : i;
}

/** Where the run of `pattern` characters starting at `i` ends, at most `end`. */
export function runEnd(pattern: RegExp, s: string, i: number, end: number): number {
  pattern.lastIndex = i;
  pattern.test(s);
  const stop = pattern.lastIndex;
  return stop < end ? stop : end;
}
