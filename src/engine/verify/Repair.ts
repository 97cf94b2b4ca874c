import type { ColumnDef } from '../../shared/catalog.js';
import type { RowDifference } from '../../shared/verify.js';
import type { Endpoint, Session } from '../connect/Endpoint.js';
import { isNumericType } from '../schema/ColumnTypes.js';
import type { TableCopyPlan } from '../snapshot/TableCopyPlan.js';
import type { ValueEncoder } from '../snapshot/ValueEncoder.js';
import { quoteIdent } from '../sql/Identifiers.js';
import { quoteString } from '../schema/Literals.js';
import { canonical, rowText, TEMPORAL_TYPES } from './Canonical.js';

/**
 * A condition that finds the row whose key columns have these canonical texts, written so the
 * key's index serves it: numbers as numbers, temporals as text, strings and binary data as
 * their bytes (a binary literal compares byte for byte, whatever the collation).
 */
export function keyCondition(
  columns: ColumnDef[],
  texts: string[],
  converted: Set<string>,
): string {
  return columns
    .map((c, i) => {
      const text = texts[i] ?? '';
      const col = quoteIdent(c.name);
      if (text === 'N') return `${col} IS NULL`;
      if (converted.has(c.name)) return `HEX(CONVERT(${col} USING utf8mb4)) = ${quoteString(text)}`;
      if (c.dataType === 'float' || c.dataType === 'double' || c.dataType === 'bit') {
        return `${canonical(c, false)} = ${quoteString(text)}`;
      }
      if (isNumericType(c.dataType)) return `${col} = ${/^-?[0-9.]+$/.test(text) ? text : 'NULL'}`;
      if (TEMPORAL_TYPES.has(c.dataType)) return `${col} = ${quoteString(text)}`;
      return `${col} = X'${/^[0-9A-F]*$/i.test(text) ? text : ''}'`;
    })
    .join(' AND ');
}

export interface RepairPlan {
  table: string;
  statements: string[];
}

/**
 * The statements that make the target's rows equal the source's for the differences found:
 * each differing key is read again on the source (with the task's row filter), and written with
 * REPLACE when the source has it, or deleted from the target when it does not. Reading again
 * keeps the repair right when the source changed since the comparison. Tables without a key
 * have rows for keys: a missing row is inserted, an extra one deleted, one at a time.
 */
export async function planRepair(
  source: Endpoint,
  plan: TableCopyPlan,
  differences: RowDifference[],
  converted: Set<string>,
): Promise<RepairPlan> {
  const statements: string[] = [];
  const names = plan.columns.map((c) => quoteIdent(c.name)).join(', ');
  const replace = `REPLACE INTO ${plan.target} (${names}) VALUES `;
  const insert = `INSERT INTO ${plan.target} (${names}) VALUES `;
  const filter = plan.where ? ` AND (${plan.where})` : '';
  const encode = (raw: (Buffer | null)[]): string =>
    `(${raw.map((v, i) => (plan.encoders[i] as ValueEncoder)(v)).join(', ')})`;
  const keyColumns = plan.key?.columns ?? null;
  for (const d of differences) {
    if (keyColumns) {
      const texts = keyColumns.map((c) => d.key[c.name] ?? '');
      const where = keyCondition(keyColumns, texts, converted);
      const [row] = await source.queryRaw(
        `SELECT ${plan.selectList} FROM ${plan.source} WHERE ${where}${filter}`,
      );
      statements.push(
        row ? `${replace}${encode(row)}` : `DELETE FROM ${plan.target} WHERE ${where}`,
      );
      continue;
    }
    const text = plan.columns.map((c) => d.key[c.name] ?? 'N').join('#');
    const exprs = plan.columns.map((c) => canonical(c, converted.has(c.name)));
    const match = `${rowText(exprs)} = ${quoteString(text)}`;
    if (d.kind === 'extra') {
      statements.push(`DELETE FROM ${plan.target} WHERE ${match} LIMIT 1`);
    } else {
      const [row] = await source.queryRaw(
        `SELECT ${plan.selectList} FROM ${plan.source} WHERE ${match}${filter} LIMIT 1`,
      );
      if (row) statements.push(`${insert}${encode(row)}`);
    }
  }
  return { table: plan.target, statements };
}

/** Runs a repair on the target, as the copy writes: values exactly as given, no FK checks. */
export async function applyRepair(target: Endpoint, repair: RepairPlan): Promise<void> {
  await target.session(async (s: Session) => {
    await s.execute('SET SESSION foreign_key_checks = 0');
    await s.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
    await s.execute('START TRANSACTION');
    try {
      for (const sql of repair.statements) await s.execute(sql);
      await s.execute('COMMIT');
    } catch (e) {
      await s.execute('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
}
