import { qualify } from '../sql/Identifiers.js';

/** Source `db`.`table` → the target's `db`.`table`, both as qualify() spells them. */
export type NameMap = ReadonlyMap<string, string>;

export function nameMap(
  moves: readonly {
    from: { database: string; name: string };
    to: { database: string; name: string };
  }[],
): NameMap {
  return new Map(
    moves
      .filter((m) => m.from.database !== m.to.database || m.from.name !== m.to.name)
      .map((m) => [qualify(m.from.database, m.from.name), qualify(m.to.database, m.to.name)]),
  );
}

function readQuoted(sql: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\' && quote !== '`') i += 2;
    else if (ch === quote && sql[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return i;
}

/**
 * Points a view's table references at their target names. Servers store view definitions
 * normalised, every table reference qualified as `db`.`table` (and columns as
 * `db`.`table`.`column`), so a qualified pair at the start of a name chain is a table reference;
 * string literals are skipped. Returns the new text and the references it rewrote.
 */
export function rewriteViewDefinition(
  definition: string,
  names: NameMap,
): { sql: string; rewritten: string[] } {
  if (names.size === 0) return { sql: definition, rewritten: [] };
  let out = '';
  const rewritten = new Set<string>();
  let i = 0;
  while (i < definition.length) {
    const ch = definition[i];
    if (ch === "'" || ch === '"') {
      const end = readQuoted(definition, i, ch);
      out += definition.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '`') {
      const firstEnd = readQuoted(definition, i, '`');
      const startsChain = definition[i - 1] !== '.';
      if (startsChain && definition[firstEnd] === '.' && definition[firstEnd + 1] === '`') {
        const secondEnd = readQuoted(definition, firstEnd + 1, '`');
        const pair = definition.slice(i, secondEnd);
        const target = names.get(pair);
        if (target !== undefined) {
          out += target;
          rewritten.add(pair);
          i = secondEnd;
          continue;
        }
      }
      out += definition.slice(i, firstEnd);
      i = firstEnd;
      continue;
    }
    out += ch;
    i += 1;
  }
  return { sql: out, rewritten: [...rewritten] };
}
