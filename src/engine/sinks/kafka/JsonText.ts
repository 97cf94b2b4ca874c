/**
 * JSON text with values JavaScript numbers cannot hold: a BIGINT beyond 2^53 or a column that
 * already holds JSON is written as the exact text it has, not through a double.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonValue =
  string | number | boolean | null | RawJson | JsonValue[] | { [key: string]: JsonValue };

/** Whether JSON.stringify would write `value` wrongly: it holds a RawJson or a -0. */
function needsOwnWriter(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'number') return Object.is(value, -0);
  if (typeof value !== 'object') return false;
  if (value instanceof RawJson) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (needsOwnWriter(item)) return true;
    return false;
  }
  for (const key in value) if (needsOwnWriter(value[key] as JsonValue)) return true;
  return false;
}

/**
 * JSON.stringify, with RawJson written as its text and -0 kept. Every message of a stream is
 * built here. Most values hold neither, and JSON.stringify writes them in one flat string, twice
 * as fast as growing one here and cheaper to copy into a request (a grown string must be
 * flattened first); the rest are written by `ownJsonText`.
 */
export function jsonText(value: JsonValue): string {
  return needsOwnWriter(value) ? ownJsonText(value) : JSON.stringify(value);
}

function ownJsonText(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // -0 is a distinct DOUBLE; JSON.stringify would drop its sign.
      return Object.is(value, -0) ? '-0.0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += ownJsonText(value[i] as JsonValue);
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key in value) {
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${ownJsonText(value[key] as JsonValue)}`;
  }
  return `${out}}`;
}

/**
 * The JSON text indented for a person to read. It works on the text, never through numbers, so
 * digits beyond what a double holds stay exact.
 */
export function prettyJson(text: string, indent = '  '): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = (): string => `\n${indent.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      let next = i + 1;
      while (/\s/.test(text[next] ?? '')) next += 1;
      if (text[next] === (c === '{' ? '}' : ']')) {
        out += c + (text[next] as string);
        i = next;
      } else {
        depth += 1;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth -= 1;
      out += newline() + c;
    } else if (c === ',') {
      out += `,${newline()}`;
    } else if (c === ':') {
      out += ': ';
    } else {
      out += c;
    }
  }
  return out;
}
