import type { ServerInfo } from '../../shared/catalog.js';
import { closestCollation, supportsCollation } from '../schema/rules/ObCharsets.js';
import { isOceanBase } from '../schema/rules/Target.js';

export interface ConvertedDdl {
  sql: string;
  /** What was changed, in the words of the schema plan ("utf8mb3 → utf8mb4"). */
  changes: string[];
}

const CHARSET = /\b(CHARACTER\s+SET|CHARSET)(\s*=?\s*)(`?)([A-Za-z0-9_]+)\3/gi;
const COLLATE = /\b(COLLATE)(\s*=?\s*)(`?)([A-Za-z0-9_]+)\3/gi;

/** utf8 and utf8mb3 are the 3-byte utf8mb4 OceanBase has no name for; their bytes are utf8mb4. */
function charsetFor(name: string): string {
  return /^utf8(mb3)?$/i.test(name) ? 'utf8mb4' : name;
}

function collationFor(target: ServerInfo, name: string): string {
  const renamed = name.replace(/^utf8(mb3)?_/i, 'utf8mb4_');
  if (supportsCollation(target, renamed)) return renamed;
  const charset = renamed.slice(0, renamed.indexOf('_')) || 'utf8mb4';
  return closestCollation(target, charset, renamed);
}

/**
 * The charset and collation names in a DDL statement carried over during sync, converted as the
 * schema rules convert them for the tables created before the copy (utf8mb3 → utf8mb4, 0900 and
 * language collations → the closest one OceanBase has). Other targets take the statement as is.
 * The statement is otherwise the source's own text: rules that need the whole table (generated
 * columns, expression indexes) cannot be applied to a fragment, and the target refuses what it
 * cannot do, which pauses the task with the server's message.
 */
export function convertDdl(sql: string, target: ServerInfo): ConvertedDdl {
  if (!isOceanBase(target)) return { sql, changes: [] };
  const changes: string[] = [];
  const swap =
    (convert: (name: string) => string) =>
    (whole: string, keyword: string, gap: string, quote: string, name: string): string => {
      const converted = convert(name);
      if (converted.toLowerCase() === name.toLowerCase()) return whole;
      changes.push(`${name} → ${converted}`);
      return `${keyword}${gap}${quote}${converted}${quote}`;
    };
  const converted = sql.replace(CHARSET, swap(charsetFor)).replace(
    COLLATE,
    swap((name) => collationFor(target, name)),
  );
  return { sql: converted, changes };
}
