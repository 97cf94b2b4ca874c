import type { RowData } from '@vlasky/zongji';
import type { RowChange } from './StreamItems.js';
import { filterValue, normalise, type ColumnCodec, type ColumnValue } from './ColumnCodec.js';
import type { FilterRow, RowFilter } from './RowFilter.js';
import type { TableRoute } from './TableRoute.js';

/**
 * One write the target must make, idempotent so that replaying it after a crash changes nothing:
 * - upsert: make the row with this key equal `image` (REPLACE);
 * - delete: remove the row with this key, if there;
 * - insert / update-row / delete-row: for tables without a key, one row matched by all its values.
 */
export type ApplyOp = 'upsert' | 'delete' | 'insert' | 'update-row' | 'delete-row';

export interface ApplyItem {
  /** The source transaction it belongs to. */
  seq: number;
  route: TableRoute;
  op: ApplyOp;
  columns: ColumnCodec[];
  /** upsert/insert: the after image; delete/delete-row: the before image; update-row: after. */
  image: RowData;
  /** update-row: the before image to find the row by. */
  match: RowData | null;
  /** The row's key values as one string, for keyed tables: later changes to it replace earlier ones. */
  rowKey: string | null;
  /** Values of unique keys (and the table, for keyless tables) that order changes. */
  conflicts: string[];
  /** For tables without a key: the change's place in the source's GTID history. */
  origin: { stream: string; seq: bigint; index: number } | null;
}

const byNameCache = new WeakMap<ColumnCodec[], Map<string, ColumnCodec>>();

export function codecsByName(columns: ColumnCodec[]): Map<string, ColumnCodec> {
  let map = byNameCache.get(columns);
  if (!map) {
    map = new Map(columns.map((c) => [c.name, c]));
    byNameCache.set(columns, map);
  }
  return map;
}

function decode(bytes: Buffer, charset: string | null): string {
  const cs = (charset ?? 'utf8mb4').toLowerCase();
  return cs === 'latin1' || cs === 'ascii' ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * A key value as text. 'exact': the bytes. 'case': case and trailing spaces folded, as a
 * case-insensitive PAD SPACE collation compares. 'loose': accents folded too, for ordering
 * only: two changes whose values might be one value to the target's unique index must stay in
 * order, and folding more than the collation does costs only parallelism, never order.
 */
function keyPart(
  value: ColumnValue,
  fold: 'exact' | 'case' | 'loose',
  charset: string | null,
): string {
  if (value === null) return '\u0001';
  if (!Buffer.isBuffer(value)) return String(value);
  if (fold === 'exact') return value.toString('hex');
  const text = decode(value, charset);
  const folded = fold === 'loose' ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
  return folded.toLowerCase().replace(/ +$/, '');
}

function keyOf(
  route: TableRoute,
  byName: Map<string, ColumnCodec>,
  image: RowData,
  columns: string[],
  purpose: 'row' | 'order',
): string | null {
  const parts: string[] = [];
  for (const name of columns) {
    const codec = byName.get(name);
    if (!codec) return null;
    const value = normalise(codec, image[name]);
    // NULLs never collide in a unique index.
    if (value === null && purpose === 'order') return null;
    const fold =
      purpose === 'row'
        ? (route.rowKeyFolds.get(name) ?? 'exact')
        : route.foldedColumns.has(name)
          ? 'loose'
          : 'exact';
    parts.push(keyPart(value, fold, route.charsets.get(name) ?? codec.charset));
  }
  return parts.join('\u0000');
}

function conflictKeys(
  route: TableRoute,
  byName: Map<string, ColumnCodec>,
  images: RowData[],
): string[] {
  if (route.key === null) return [`${route.id}`];
  const keys: string[] = [];
  for (const image of images) {
    route.uniqueKeys.forEach((columns, i) => {
      const k = keyOf(route, byName, image, columns, 'order');
      if (k !== null) keys.push(`${route.id}/${i}/${k}`);
    });
  }
  return keys;
}

/** Whether a row image passes the task's row filter (no filter: every row does). */
export function matchesFilter(
  filter: RowFilter | null,
  byName: Map<string, ColumnCodec>,
  image: RowData,
): boolean {
  if (!filter) return true;
  const row: FilterRow = {};
  for (const name of filter.columns) {
    const codec = byName.get(name);
    row[name] = codec ? filterValue(codec, normalise(codec, image[name])) : null;
  }
  return filter.matches(row);
}

/** Turns one row change into the writes that bring the target's row to the change's result. */
/**
 * `keylessIndex` numbers the changes to a keyless table within their transaction, so each has
 * a place of its own in the GTID history.
 */
export function planChange(
  seq: number,
  route: TableRoute,
  change: RowChange,
  keylessIndex = 0,
): ApplyItem[] {
  const { columns } = change;
  const byName = codecsByName(columns);
  const before =
    change.before && matchesFilter(route.filter, byName, change.before) ? change.before : null;
  const after =
    change.after && matchesFilter(route.filter, byName, change.after) ? change.after : null;
  if (!before && !after) return [];
  const base = { seq, route, columns, match: null, origin: null };
  const rowKey = (image: RowData): string | null =>
    route.key ? keyOf(route, byName, image, route.key, 'row') : null;

  if (route.key === null) {
    const conflicts = conflictKeys(route, byName, []);
    const origin = change.origin ? { ...change.origin, index: keylessIndex } : null;
    if (before && after) {
      return [
        { ...base, op: 'update-row', image: after, match: before, rowKey: null, conflicts, origin },
      ];
    }
    if (after) return [{ ...base, op: 'insert', image: after, rowKey: null, conflicts, origin }];
    return [
      { ...base, op: 'delete-row', image: before as RowData, rowKey: null, conflicts, origin },
    ];
  }

  const images = [before, after].filter((x): x is RowData => x !== null);
  const conflicts = conflictKeys(route, byName, images);
  const items: ApplyItem[] = [];
  const beforeKey = before ? rowKey(before) : null;
  const afterKey = after ? rowKey(after) : null;
  // A row leaving the filter, or moving to another key, leaves its old key empty.
  if (before && (!after || beforeKey !== afterKey)) {
    items.push({ ...base, op: 'delete', image: before, rowKey: beforeKey, conflicts });
  }
  if (after) items.push({ ...base, op: 'upsert', image: after, rowKey: afterKey, conflicts });
  return items;
}
