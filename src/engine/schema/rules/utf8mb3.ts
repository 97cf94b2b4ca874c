import { objectPath } from '../../sql/Identifiers.js';
import {
  convertCharsets,
  convertDatabaseDefault,
  describeConversion,
  type CharsetPair,
} from './CharsetConversion.js';
import { ruleChange, type TableRule } from './Rule.js';
import { isOceanBase } from './Target.js';

const UTF8MB3 = /^utf8(mb3)?$/i;
const UTF8MB3_COLLATION = /^utf8(mb3)?_/i;

function toUtf8mb4(pair: CharsetPair): CharsetPair | null {
  if (!UTF8MB3.test(pair.charset)) return null;
  return { charset: 'utf8mb4', collation: pair.collation.replace(UTF8MB3_COLLATION, 'utf8mb4_') };
}

export const utf8mb3Rule: TableRule = {
  id: 'oceanbase.charset.utf8mb3',
  description: 'utf8/utf8mb3 → utf8mb4, utf8_* collations → utf8mb4_*.',
  reason:
    'OceanBase has no 3-byte utf8; it reads utf8 as a synonym of utf8mb4. Stating utf8mb4 keeps the plan honest about byte lengths (index prefixes and row size count 4 bytes per character).',
  source:
    'OCEANBASE.md: charsets row; OceanBase docs, character sets ("UTF8 is a synonym of UTF8MB4")',
  appliesTo: isOceanBase,
  apply(table) {
    const converted = convertCharsets(table, toUtf8mb4);
    return {
      table: converted.table,
      changes: converted.conversions.map((c) =>
        ruleChange(this, objectPath(table.database, table.name), describeConversion(c), 'info'),
      ),
    };
  },
  applyToDatabase(database) {
    return convertDatabaseDefault(this, database, toUtf8mb4(database), 'info');
  },
};
