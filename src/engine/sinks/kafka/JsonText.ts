/**
 * JSON text with values JavaScript numbers cannot hold: a BIGINT beyond 2^53 or a column that
 * already holds JSON is written as the exact text it has, not through a double.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonValue =
  string | number | boolean | null | RawJson | JsonValue[] | { [key: string]: JsonValue };

/** JSON.stringify, with RawJson written as its text. */
export function jsonText(value: JsonValue): string {
  if (value === null) return 'null';
  if (value instanceof RawJson) return value.text;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // -0 is a distinct DOUBLE; JSON.stringify would drop its sign.
      return Object.is(value, -0) ? '-0.0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) parts.push(`${JSON.stringify(k)}:${jsonText(v)}`);
  return `{${parts.join(',')}}`;
}
