/**
 * RFC 4180 CSV: comma-separated fields, double quotes around a field that holds commas, quotes
 * (doubled) or line breaks; CRLF or LF line ends. Each record keeps the line it starts on, and
 * whether each field was quoted: an empty unquoted field is NULL, `""` is the empty string.
 */
export interface CsvRecord {
  /** 1-based line the record starts on. */
  readonly line: number;
  readonly fields: readonly CsvField[];
}

export interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

/** Throws `CsvSyntaxError` for a quote that is never closed or text after a closing quote. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: CsvField[] = [];
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0]?.text === "" && fields[0].quoted === false)) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i <= text.length) {
    if (i === text.length) {
      if (fields.length > 0) endRecord();
      break;
    }
    let field: CsvField;
    if (text[i] === '"') {
      const startLine = line;
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(startLine, "a quoted field is never closed");
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        value += c;
        i++;
      }
      field = { text: value, quoted: true };
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") throw new CsvSyntaxError(line, "text after a closing quote (double a quote inside a quoted field)");
    } else {
      let end = i;
      while (end < text.length && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
      field = { text: text.slice(i, end), quoted: false };
      i = end;
    }
    fields.push(field);
    const c = text[i];
    if (c === ",") {
      i++;
      if (i === text.length) fields.push({ text: "", quoted: false });
      continue;
    }
    if (c === "\r") i++;
    if (text[i] === "\n") i++;
    endRecord();
    line++;
    recordLine = line;
    if (i === text.length) break;
  }
  return records;
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.line = line;
    this.reason = reason;
  }
}
