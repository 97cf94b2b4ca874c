import type { ColumnDef, IndexDef, TableDef } from '../../shared/catalog.js';
import { quoteIdent } from '../sql/Identifiers.js';
import type { KeyValue } from '../store/ChunkRepository.js';
import { encoderFor, type ValueEncoder } from './ValueEncoder.js';

/** The key a table is split and ordered by: its primary key, or a NOT NULL unique key. */
export interface CopyKey {
  columns: ColumnDef[];
  encoders: ValueEncoder[];
}

/**
 * The key that finds one row among the given columns: the primary key, else the shortest unique
 * key whose columns are all NOT NULL and among them (no prefix parts, which do not order or
 * identify whole values; NULLs repeat in a unique key). Null: there is none.
 */
export function bestRowKey(table: TableDef, columns: readonly string[]): IndexDef | null {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const candidates = table.indexes
    .filter((i) => i.kind === 'primary' || i.kind === 'unique')
    .filter((i) =>
      i.parts.every(
        (p) =>
          p.column !== null &&
          p.subPart === null &&
          columns.includes(p.column) &&
          byName.get(p.column)?.nullable === false,
      ),
    )
    .sort((a, b) => {
      if (a.kind !== b.kind) return a.kind === 'primary' ? -1 : 1;
      return a.parts.length - b.parts.length;
    });
  return candidates[0] ?? null;
}

/** The key a table is split and ordered by among the copied columns; null: copied whole. */
export function chooseCopyKey(table: TableDef, copied: readonly string[]): CopyKey | null {
  const best = bestRowKey(table, copied);
  if (!best) return null;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const columns = best.parts.map((p) => byName.get(p.column ?? '') as ColumnDef);
  return { columns, encoders: columns.map(encoderFor) };
}

export function keyToHex(raw: (Buffer | null)[]): KeyValue {
  return raw.map((b) => (b ?? Buffer.alloc(0)).toString('hex'));
}

function literals(key: CopyKey, value: KeyValue): string[] {
  return value.map((hex, i) => (key.encoders[i] as ValueEncoder)(Buffer.from(hex, 'hex')));
}

/**
 * `key > value` (or `>=`, `<`, `<=`) over a composite key, spelled out column by column:
 * (a > x) OR (a = x AND b > y) … which every optimizer turns into a range scan, where the row
 * constructor form is not always used with the index.
 */
function compare(key: CopyKey, value: KeyValue, op: '>' | '<' | '<='): string {
  const cols = key.columns.map((c) => quoteIdent(c.name));
  const vals = literals(key, value);
  const terms: string[] = [];
  for (let i = 0; i < cols.length; i++) {
    const eqs = cols.slice(0, i).map((c, j) => `${c} = ${vals[j]}`);
    const last = i === cols.length - 1 ? op : op === '<=' ? '<' : op;
    terms.push([...eqs, `${cols[i]} ${last} ${vals[i]}`].join(' AND '));
  }
  return terms.length === 1 ? (terms[0] as string) : terms.map((t) => `(${t})`).join(' OR ');
}

/** The WHERE condition of a chunk: lower < key <= upper; open ends are left out. */
export function rangeCondition(
  key: CopyKey,
  lower: KeyValue | null,
  upper: KeyValue | null,
): string {
  const parts: string[] = [];
  if (lower) parts.push(`(${compare(key, lower, '>')})`);
  if (upper) parts.push(`(${compare(key, upper, '<=')})`);
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

export function orderBy(key: CopyKey): string {
  return key.columns.map((c) => quoteIdent(c.name)).join(', ');
}
