/**
 * The text format of `LOAD DATA … FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY
 * '\n'`: NULL is \N, and the bytes that would end a field or a line, or start an escape, are
 * escaped. Everything else passes as the raw bytes it is.
 */
const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const NUL = 0x00;

const NULL_FIELD = Buffer.from('\\N');
const FIELD_END = Buffer.from([TAB]);
const LINE_END = Buffer.from([NEWLINE]);
function needsEscape(value: Buffer): boolean {
  return (
    value.indexOf(BACKSLASH) >= 0 ||
    value.indexOf(TAB) >= 0 ||
    value.indexOf(NEWLINE) >= 0 ||
    value.indexOf(NUL) >= 0
  );
}

function escapeField(value: Buffer): Buffer {
  const out = Buffer.allocUnsafe(value.length * 2);
  let n = 0;
  for (const byte of value) {
    switch (byte) {
      case BACKSLASH:
        out[n++] = BACKSLASH;
        out[n++] = BACKSLASH;
        break;
      case TAB:
        out[n++] = BACKSLASH;
        out[n++] = 0x74; // t
        break;
      case NEWLINE:
        out[n++] = BACKSLASH;
        out[n++] = 0x6e; // n
        break;
      case NUL:
        out[n++] = BACKSLASH;
        out[n++] = 0x30; // 0
        break;
      default:
        out[n++] = byte;
    }
  }
  return out.subarray(0, n);
}

/**
 * One row as a line of fields, appended to `parts` (concatenated once per batch). `plain[i]`
 * says column i can hold no byte that needs escaping (numbers, temporals), which spares the
 * scan. Adds the line's size to `size.encoded` and the values' raw size to `size.raw`.
 */
export function encodeTsvRow(
  row: readonly (Buffer | null)[],
  plain: readonly boolean[],
  parts: Buffer[],
  size: { encoded: number; raw: number },
): void {
  const last = row.length - 1;
  for (let i = 0; i <= last; i++) {
    const value = row[i] ?? null;
    let field: Buffer;
    if (value === null) field = NULL_FIELD;
    else {
      size.raw += value.length;
      field = plain[i] || !needsEscape(value) ? value : escapeField(value);
    }
    parts.push(field, i === last ? LINE_END : FIELD_END);
    size.encoded += field.length + 1;
  }
}
