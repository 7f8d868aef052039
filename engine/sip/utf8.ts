/** UTF-8 checks for header text (RFC 3261 §7.3.1: header values are UTF-8, RFC 3629). */

/**
 * Offset of the first byte in `bytes[from, to)` that does not start or continue a well-formed
 * UTF-8 sequence (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 * Only called once the native check has said the bytes are not UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > to) return i;
    let code = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/** Re-decodes text that was read as Latin-1 (one char per byte) as UTF-8, when it has any non-ASCII. */
export function latin1ToUtf8(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return Buffer.from(text, "latin1").toString("utf8");
  }
  return text;
}
