import { describe, expect, it } from 'vitest';
import {
  inactiveRoles,
  parseAccountList,
  parseGrants,
} from '../../../src/engine/precheck/Grants.js';
import {
  describeMissing,
  grantStatements,
  missingRequirements,
  quoteAccount,
  sourceRequirements,
  targetRequirements,
} from '../../../src/engine/precheck/Privileges.js';
import type { TableMapping } from '../../../src/shared/catalog.js';
import { mariadb, server } from './fixtures.js';

const mapping = (database: string, table: string): TableMapping => ({
  source: { database, table },
  target: { database, table },
  columns: null,
  where: null,
});

describe('sourceRequirements', () => {
  const mappings = [mapping('shop', 'orders'), mapping('shop', 'items')];

  it('needs SELECT on each table, and replication privileges only for incremental', () => {
    const full = sourceRequirements({ steps: ['schema', 'full'], mappings, viewDatabases: [] });
    expect(full.map((r) => r.privilege)).toEqual(['SELECT', 'SELECT']);
    const inc = sourceRequirements({ steps: ['full', 'incremental'], mappings, viewDatabases: [] });
    expect(inc.filter((r) => r.on.level === 'global').map((r) => r.privilege)).toEqual([
      'REPLICATION SLAVE',
      'REPLICATION CLIENT',
    ]);
  });

  it('needs SHOW VIEW where the schema step migrates views', () => {
    const reqs = sourceRequirements({ steps: ['schema'], mappings: [], viewDatabases: ['shop'] });
    expect(reqs).toEqual([{ privilege: 'SHOW VIEW', on: { level: 'database', database: 'shop' } }]);
  });
});

describe('missing privileges and the GRANT that fixes them', () => {
  const reqs = sourceRequirements({
    steps: ['schema', 'full', 'incremental'],
    mappings: [mapping('shop', 'orders'), mapping('my_db', 't')],
    viewDatabases: [],
  });

  it('finds what a database-level grant leaves out', () => {
    const grants = parseGrants(['GRANT SELECT ON `shop`.* TO `u`@`%`']).grants;
    const missing = missingRequirements(grants, reqs, false);
    expect(missing.map((r) => r.privilege)).toEqual([
      'SELECT',
      'REPLICATION SLAVE',
      'REPLICATION CLIENT',
    ]);
    expect(grantStatements(missing, 'u_x@%', server())).toEqual([
      "GRANT SELECT ON `my\\_db`.* TO 'u_x'@'%';",
      "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'u_x'@'%';",
    ]);
  });

  it('describes what is missing once per object', () => {
    const missing = missingRequirements([], reqs, false);
    expect(describeMissing(missing, mariadb())).toEqual([
      'SELECT on shop.orders',
      'SELECT on my_db.t',
      'REPLICATION SLAVE, BINLOG MONITOR on *.*',
    ]);
  });

  it('uses BINLOG MONITOR on MariaDB 10.5+', () => {
    const missing = missingRequirements([], reqs.slice(2), false);
    expect(grantStatements(missing, 'u@%', mariadb())).toEqual([
      "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'u'@'%';",
    ]);
  });

  it('is satisfied by ALL PRIVILEGES on *.*', () => {
    const grants = parseGrants(['GRANT ALL PRIVILEGES ON *.* TO `root`@`%`']).grants;
    expect(missingRequirements(grants, reqs, false)).toEqual([]);
  });
});

describe('targetRequirements', () => {
  it('needs DDL privileges only with a schema step, plus object kinds the plan creates', () => {
    const kinds = new Map([['shop', new Set(['view', 'trigger'] as const)]]);
    const withSchema = targetRequirements({
      steps: ['schema', 'full'],
      databases: ['shop'],
      objectKinds: kinds,
    });
    expect(withSchema.map((r) => r.privilege)).toEqual([
      'CREATE',
      'ALTER',
      'INDEX',
      'DROP',
      'SELECT',
      'INSERT',
      'UPDATE',
      'DELETE',
      'CREATE VIEW',
      'TRIGGER',
    ]);
    const copyOnly = targetRequirements({
      steps: ['full'],
      databases: ['shop'],
      objectKinds: kinds,
    });
    expect(copyOnly.map((r) => r.privilege)).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  });
});

describe('roles', () => {
  it('finds granted roles that are not active at login (MariaDB output)', () => {
    const set = parseGrants([
      'GRANT `r3` TO `g1`@`%`',
      'GRANT `r1` TO `g1`@`%`',
      'GRANT USAGE ON *.* TO `g1`@`%`',
      'GRANT `r2` TO `r1`',
      'GRANT INSERT ON `shop`.* TO `r1`',
    ]);
    expect(inactiveRoles(set, ['r1'])).toEqual(['r3']);
    expect(inactiveRoles(set, [])).toEqual(['r3', 'r1']);
  });

  it('reads CURRENT_ROLE() as MySQL and MariaDB print it', () => {
    expect(parseAccountList('`r1`@`%`,`r2`@`%`')).toEqual(['r1@%', 'r2@%']);
    expect(parseAccountList('r1')).toEqual(['r1']);
    expect(parseAccountList('NONE')).toEqual([]);
    expect(parseAccountList(null)).toEqual([]);
  });
});

describe('quoteAccount', () => {
  it('quotes user and host of CURRENT_USER()', () => {
    expect(quoteAccount('u_x@%')).toBe("'u_x'@'%'");
    expect(quoteAccount("o'brien@10.0.0.%")).toBe("'o''brien'@'10.0.0.%'");
    expect(quoteAccount('root')).toBe("'root'");
  });
});
