export interface LiteralOptions {
  /**
   * The session that runs the statement has NO_BACKSLASH_ESCAPES in sql_mode: a backslash is then
   * an ordinary character and must not be doubled.
   */
  noBackslashEscapes?: boolean;
}

// The escapes mysql_real_escape_string uses, except the quote, which is doubled: `''` means the
// same thing with and without NO_BACKSLASH_ESCAPES.
const BACKSLASH_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "''",
};

/** A single-quoted SQL string literal. */
export function quoteString(value: string, opts: LiteralOptions = {}): string {
  const body = opts.noBackslashEscapes
    ? value.replaceAll("'", "''")
    : Array.from(value, (ch) => BACKSLASH_ESCAPES[ch] ?? ch).join('');
  return `'${body}'`;
}

/** A hexadecimal literal of the UTF-8 bytes: exact for binary columns whatever the connection charset. */
export function hexLiteral(value: string): string {
  return value === '' ? "''" : '0x' + Buffer.from(value, 'utf8').toString('hex').toUpperCase();
}

export function isNumericLiteral(text: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text);
}

/** b'0101', 0b0101, x'4A', 0x4A: literals the server accepts unquoted and unparenthesised. */
export function isBitOrHexLiteral(text: string): boolean {
  return /^(b'[01]*'|0b[01]+|x'([0-9a-f]{2})*'|0x[0-9a-f]+)$/i.test(text);
}
