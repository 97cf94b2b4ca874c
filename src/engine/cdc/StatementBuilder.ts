import type { RowData } from '@vlasky/zongji';
import { quoteIdent } from '../sql/Identifiers.js';
import type { ApplyItem } from './ChangePlanner.js';
import { codecsByName } from './ChangePlanner.js';
import { literal, normalise, type ColumnCodec } from './ColumnCodec.js';
import type { TableRoute } from './TableRoute.js';

function writtenColumns(route: TableRoute, columns: ColumnCodec[]): ColumnCodec[] {
  return columns.filter((c) => route.written.has(c.name));
}

function values(columns: ColumnCodec[], image: RowData): string[] {
  return columns.map((c) => literal(c, normalise(c, image[c.name])));
}

function keyTuple(route: TableRoute, item: ApplyItem): string {
  const byName = codecsByName(item.columns);
  const parts = (route.key ?? []).map((name) => {
    const codec = byName.get(name);
    return codec ? literal(codec, normalise(codec, item.image[name])) : 'NULL';
  });
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(', ')})`;
}

/** `a <=> x AND b <=> y`: NULL-safe, so a row with NULLs is found too. */
function wholeRowMatch(columns: ColumnCodec[], image: RowData): string {
  return columns
    .map((c) => `${quoteIdent(c.name)} <=> ${literal(c, normalise(c, image[c.name]))}`)
    .join(' AND ');
}

/** Adds comma-separated parts to statements no longer than `maxBytes` each. */
function packed(prefix: string, parts: string[], suffix: string, maxBytes: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = prefix.length + suffix.length;
  for (const part of parts) {
    if (current.length > 0 && size + part.length + 2 > maxBytes) {
      out.push(prefix + current.join(', ') + suffix);
      current = [];
      size = prefix.length + suffix.length;
    }
    current.push(part);
    size += part.length + 2;
  }
  if (current.length > 0) out.push(prefix + current.join(', ') + suffix);
  return out;
}

/**
 * The statements that apply a batch of one worker's items. For tables with a key, only each
 * key's last change matters: the batch becomes one DELETE of the keys that end up absent and
 * one multi-row REPLACE of the rows that end up present (REPLACE also clears any row holding
 * the same unique value, which a later change in the stream has freed on the source). Tables
 * without a key get one statement per change, in order.
 */
export function buildStatements(items: ApplyItem[], maxBytes: number): string[] {
  const keyed = new Map<TableRoute, Map<string, ApplyItem>>();
  const keyless: ApplyItem[] = [];
  for (const item of items) {
    if (item.rowKey === null) {
      keyless.push(item);
      continue;
    }
    let last = keyed.get(item.route);
    if (!last) keyed.set(item.route, (last = new Map()));
    // Deleting and re-adding moves the key to the end: the order of final states is kept.
    last.delete(item.rowKey);
    last.set(item.rowKey, item);
  }

  const statements: string[] = [];
  for (const [route, last] of keyed) {
    const deletes: string[] = [];
    const upserts = new Map<ColumnCodec[], string[]>();
    for (const item of last.values()) {
      if (item.op === 'delete') {
        deletes.push(keyTuple(route, item));
      } else {
        let rows = upserts.get(item.columns);
        if (!rows) upserts.set(item.columns, (rows = []));
        rows.push(`(${values(writtenColumns(route, item.columns), item.image).join(', ')})`);
      }
    }
    if (deletes.length > 0) {
      const key = route.key ?? [];
      const lhs =
        key.length === 1 ? quoteIdent(key[0] as string) : `(${key.map(quoteIdent).join(', ')})`;
      statements.push(
        ...packed(`DELETE FROM ${route.target} WHERE ${lhs} IN (`, deletes, ')', maxBytes),
      );
    }
    for (const [columns, rows] of upserts) {
      const names = writtenColumns(route, columns)
        .map((c) => quoteIdent(c.name))
        .join(', ');
      statements.push(
        ...packed(`REPLACE INTO ${route.target} (${names}) VALUES `, rows, '', maxBytes),
      );
    }
  }

  for (const item of keyless) {
    const columns = writtenColumns(item.route, item.columns);
    const names = columns.map((c) => quoteIdent(c.name)).join(', ');
    const target = item.route.target;
    switch (item.op) {
      case 'insert':
        statements.push(
          `INSERT INTO ${target} (${names}) VALUES (${values(columns, item.image).join(', ')})`,
        );
        break;
      case 'delete-row':
        statements.push(
          `DELETE FROM ${target} WHERE ${wholeRowMatch(columns, item.image)} LIMIT 1`,
        );
        break;
      case 'update-row': {
        const set = columns
          .map((c) => `${quoteIdent(c.name)} = ${literal(c, normalise(c, item.image[c.name]))}`)
          .join(', ');
        statements.push(
          `UPDATE ${target} SET ${set} WHERE ${wholeRowMatch(columns, item.match ?? {})} LIMIT 1`,
        );
        break;
      }
      default:
        break;
    }
  }
  return statements;
}
