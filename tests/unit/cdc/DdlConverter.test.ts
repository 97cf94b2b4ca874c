import { describe, expect, it } from 'vitest';
import { convertDdl } from '../../../src/engine/cdc/DdlConverter.js';
import { mariadb, oceanbase } from '../precheck/fixtures.js';

const ob42 = oceanbase();
const ob422 = oceanbase({ obVersion: { major: 4, minor: 2, patch: 2 } });

describe('convertDdl', () => {
  it('leaves statements for MySQL and MariaDB targets alone', () => {
    const sql = 'ALTER TABLE `t` ADD `c` VARCHAR(10) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin';
    expect(convertDdl(sql, mariadb())).toEqual({ sql, changes: [] });
  });

  it('turns utf8mb3 and its collations into utf8mb4 for OceanBase', () => {
    const r = convertDdl(
      'ALTER TABLE `t` ADD `c` VARCHAR(10) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin, CONVERT TO CHARSET=utf8',
      ob42,
    );
    expect(r.sql).toBe(
      'ALTER TABLE `t` ADD `c` VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, CONVERT TO CHARSET=utf8mb4',
    );
    expect(r.changes).toEqual(['utf8mb3 → utf8mb4', 'utf8 → utf8mb4', 'utf8mb3_bin → utf8mb4_bin']);
  });

  it('swaps collations OceanBase lacks for the closest it has', () => {
    const sql =
      'ALTER TABLE t MODIFY c TEXT COLLATE utf8mb4_0900_ai_ci, MODIFY d TEXT COLLATE `utf8mb4_0900_as_cs`';
    expect(convertDdl(sql, ob42).sql).toBe(
      'ALTER TABLE t MODIFY c TEXT COLLATE utf8mb4_general_ci, MODIFY d TEXT COLLATE `utf8mb4_bin`',
    );
    expect(convertDdl('ALTER TABLE t MODIFY c TEXT COLLATE utf8mb4_0900_ai_ci', ob422).sql).toBe(
      'ALTER TABLE t MODIFY c TEXT COLLATE utf8mb4_unicode_ci',
    );
  });

  it('keeps names OceanBase has', () => {
    const sql = 'ALTER TABLE t ADD c VARCHAR(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci';
    expect(convertDdl(sql, ob42)).toEqual({ sql, changes: [] });
  });
});
