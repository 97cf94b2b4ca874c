import type { ServerInfo } from '../../../shared/catalog.js';
import { objectPath } from '../../sql/Identifiers.js';
import {
  convertCharsets,
  convertDatabaseDefault,
  describeConversion,
  type CharsetPair,
} from './CharsetConversion.js';
import { closestCollation, supportsCharset, supportsCollation } from './ObCharsets.js';
import { ruleChange, type TableRule } from './Rule.js';
import { isOceanBase } from './Target.js';

// Charsets the target lacks are the charset rule's business; this one only swaps collations.
function closest(target: ServerInfo, pair: CharsetPair): CharsetPair | null {
  if (!supportsCharset(target, pair.charset) || supportsCollation(target, pair.collation))
    return null;
  return {
    charset: pair.charset,
    collation: closestCollation(target, pair.charset, pair.collation),
  };
}

const SEMANTICS =
  'string comparison, sorting and trailing-space (PAD) semantics change: precheck unique keys for new duplicates';

export const collationsRule: TableRule = {
  id: 'oceanbase.collation',
  description:
    'Collations the target lacks (utf8mb4_0900_*, language-specific ones) → utf8mb4_unicode_ci where the target has it (4.1+, CE 4.2.2+), else utf8mb4_general_ci; *_bin and *_cs → <charset>_bin.',
  reason:
    'OceanBase has utf8mb4_general_ci, utf8mb4_bin and binary (+ *_unicode_ci from 4.1, CE 4.2.2); CREATE TABLE with utf8mb4_0900_ai_ci fails with ERROR 1273. MySQL 8 0900 collations are NO PAD, the replacements PAD SPACE.',
  source:
    'OCEANBASE.md: collations row (oceanbase-doc V4.1.0, V4.2.2 character sets and collations)',
  appliesTo: isOceanBase,
  apply(table, ctx) {
    const converted = convertCharsets(table, (pair) => closest(ctx.target, pair));
    return {
      table: converted.table,
      changes: converted.conversions.map((c) =>
        ruleChange(
          this,
          objectPath(table.database, table.name),
          `${describeConversion(c)}: ${SEMANTICS}`,
          'warn',
        ),
      ),
    };
  },
  applyToDatabase(database, ctx) {
    return convertDatabaseDefault(this, database, closest(ctx.target, database), 'warn');
  },
};
