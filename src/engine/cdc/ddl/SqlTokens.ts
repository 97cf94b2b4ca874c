// Splits SQL into words, backquoted names, strings and punctuation, keeping each token's offsets
// and reading the bodies of version comments (/*!50100 ... */) as SQL.

export interface Token {
  kind: 'word' | 'ident' | 'string' | 'punct';
  /** The word as written, the unescaped backquoted name, or the punctuation character. */
  value: string;
  /** Upper-cased words only: a quoted identifier must never read as a keyword. */
  keyword: string;
  start: number;
  end: number;
}

// The server executes the body of /*!50100 ... */ and /*M!100100 ... */ when its version is at
// least the number, which every supported source is for what dumps and binlogs put there.
const VERSION_COMMENT = /\/\*M?!\d{0,6}/y;

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36 ||
    code >= 0x80
  );
}

function quotedEnd(sql: string, open: number): number {
  const quote = sql.charAt(open);
  let i = open + 1;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    if (ch === '\\' && quote !== '`') i += 2;
    else if (ch === quote && sql.charAt(i + 1) === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Token['kind'], value: string, start: number, end: number): void => {
    tokens.push({ kind, value, keyword: kind === 'word' ? value.toUpperCase() : '', start, end });
  };
  let inVersionComment = false;
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const code = sql.charCodeAt(i);
    if (code <= 32) {
      i += 1;
    } else if (ch === '#' || (sql.startsWith('--', i) && !(sql.charCodeAt(i + 2) > 32))) {
      // MySQL only starts a "--" comment when whitespace (or the end) follows: 1--1 is arithmetic.
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? sql.length : newline + 1;
    } else if (sql.startsWith('/*', i)) {
      VERSION_COMMENT.lastIndex = i;
      const opener = inVersionComment ? null : VERSION_COMMENT.exec(sql);
      if (opener) {
        inVersionComment = true;
        i += opener[0].length;
      } else {
        const close = sql.indexOf('*/', i + 2);
        i = close < 0 ? sql.length : close + 2;
      }
    } else if (inVersionComment && sql.startsWith('*/', i)) {
      inVersionComment = false;
      i += 2;
    } else if (ch === "'" || ch === '"') {
      const end = quotedEnd(sql, i);
      push('string', '', i, end);
      i = end;
    } else if (ch === '`') {
      const end = quotedEnd(sql, i);
      const closed = end > i + 1 && sql.charAt(end - 1) === '`';
      push('ident', sql.slice(i + 1, closed ? end - 1 : end).replaceAll('``', '`'), i, end);
      i = end;
    } else if (isWordChar(code)) {
      let end = i + 1;
      while (end < sql.length && isWordChar(sql.charCodeAt(end))) end += 1;
      push('word', sql.slice(i, end), i, end);
      i = end;
    } else {
      push('punct', ch, i, i + 1);
      i += 1;
    }
  }
  return tokens;
}
