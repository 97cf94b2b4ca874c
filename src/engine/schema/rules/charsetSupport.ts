import type { TableDef } from '../../../shared/catalog.js';
import { isCharacterType } from '../ColumnTypes.js';
import { objectPath } from '../../sql/Identifiers.js';
import {
  convertCharsets,
  convertDatabaseDefault,
  describeConversion,
  type CharsetPair,
} from './CharsetConversion.js';
import { closestCollation, supportsCharset } from './ObCharsets.js';
import { ruleChange, unsupportedChange, type RuleContext, type TableRule } from './Rule.js';
import { formatObVersion, isOceanBase } from './Target.js';

function toUtf8mb4(ctx: RuleContext, pair: CharsetPair): CharsetPair | null {
  if (supportsCharset(ctx.target, pair.charset)) return null;
  return { charset: 'utf8mb4', collation: closestCollation(ctx.target, 'utf8mb4', pair.collation) };
}

function unsupportedColumns(table: TableDef, ctx: RuleContext): Map<string, string[]> {
  const byCharset = new Map<string, string[]>();
  for (const c of table.columns) {
    if (!isCharacterType(c.dataType) || c.charset === null) continue;
    if (supportsCharset(ctx.target, c.charset)) continue;
    byCharset.set(c.charset, [...(byCharset.get(c.charset) ?? []), c.name]);
  }
  return byCharset;
}

export const charsetSupportRule: TableRule = {
  id: 'oceanbase.charset',
  description:
    'Charsets the target release lacks: columns block the table unless the user consents to utf8mb4; table and database defaults become utf8mb4.',
  reason:
    'OceanBase 3.x has only utf8mb4 and binary; 4.0 adds gbk, utf16 and gb18030; 4.1 adds latin1. Converting stored text to utf8mb4 changes byte lengths and what the application reads back, so it needs consent.',
  source: 'OCEANBASE.md: charsets row (oceanbase-doc V3.1.5 to V4.3.3)',
  appliesTo: isOceanBase,
  apply(table, ctx) {
    const at = objectPath(table.database, table.name);
    const consent = ctx.convertUnsupportedCharsets;
    // Defaults only shape columns added later, so they convert without consent; the columns that
    // hold data are what the consent is about.
    const converted = convertCharsets(table, (pair, isColumn) =>
      isColumn && !consent ? null : toUtf8mb4(ctx, pair),
    );
    const blocked = [...(consent ? [] : unsupportedColumns(table, ctx))].map(([charset, columns]) =>
      unsupportedChange(
        this,
        at,
        `charset ${charset} is not supported by OceanBase ${formatObVersion(ctx.target)} (columns ${columns.join(', ')}); set options.convertUnsupportedCharsets to true to convert them to utf8mb4, or leave the table out`,
      ),
    );
    return {
      table: converted.table,
      changes: converted.conversions.map((c) =>
        ruleChange(
          this,
          at,
          `${describeConversion(c)}: converted to a charset the target has`,
          'warn',
        ),
      ),
      blocked,
    };
  },
  applyToDatabase(database, ctx) {
    return convertDatabaseDefault(
      this,
      database,
      toUtf8mb4(ctx, database),
      'warn',
      ': tables keep their own charsets; only objects created later without one get utf8mb4',
    );
  },
};
