import { describe, expect, it } from 'vitest';
import {
  databasePatternMatches,
  hasPrivilege,
  parseGrantLine,
  parseGrants,
} from '../../../src/engine/precheck/Grants.js';

const global = { level: 'global' } as const;
const db = (database: string) => ({ level: 'database', database }) as const;
const table = (database: string, name: string) =>
  ({ level: 'table', database, table: name }) as const;

describe('parseGrantLine', () => {
  it('reads MySQL 5.7 global grants with quoted accounts', () => {
    const set = parseGrantLine(
      "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'",
    );
    expect(set.grants).toEqual([
      {
        privileges: [
          'SELECT',
          'RELOAD',
          'SHOW DATABASES',
          'REPLICATION SLAVE',
          'REPLICATION CLIENT',
        ],
        scope: { level: 'global' },
        revoke: false,
        grantee: 'repl@%',
      },
    ]);
  });

  it('reads ALL PRIVILEGES with trailing clauses (MariaDB root)', () => {
    const set = parseGrantLine(
      "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA mysql_native_password USING 'invalid' OR unix_socket WITH GRANT OPTION",
    );
    expect(set.grants[0]).toMatchObject({
      privileges: ['ALL'],
      scope: { level: 'global' },
      grantee: 'root@localhost',
    });
  });

  it('reads MySQL 8 dynamic privileges listed without spaces', () => {
    const set = parseGrantLine(
      'GRANT APPLICATION_PASSWORD_ADMIN,AUDIT_ADMIN,BACKUP_ADMIN,BINLOG_ADMIN ON *.* TO `root`@`localhost` WITH GRANT OPTION',
    );
    expect(set.grants[0]?.privileges).toEqual([
      'APPLICATION_PASSWORD_ADMIN',
      'AUDIT_ADMIN',
      'BACKUP_ADMIN',
      'BINLOG_ADMIN',
    ]);
  });

  it('keeps the escaped underscore of a database pattern (MariaDB 10.11 output)', () => {
    const set = parseGrantLine('GRANT SELECT ON `sh\\_p`.* TO `g1`@`%`');
    expect(set.grants[0]?.scope).toEqual({ level: 'database', pattern: 'sh\\_p' });
  });

  it('reads table grants and drops column-level privileges', () => {
    const set = parseGrantLine(
      'GRANT SELECT (`id`), INSERT (`name`, `id`), UPDATE ON `x`.`t` TO `g1`@`%`',
    );
    expect(set.grants[0]).toMatchObject({
      privileges: ['UPDATE'],
      scope: { level: 'table', database: 'x', table: 't' },
    });
  });

  it('maps MariaDB 10.5+ names to the privileges they replace', () => {
    const set = parseGrantLine(
      "GRANT REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR ON *.* TO `g1`@`%` IDENTIFIED BY PASSWORD '*7B9E'",
    );
    expect(set.grants[0]?.privileges).toEqual([
      'REPLICATION SLAVE',
      'REPLICATION CLIENT',
      'SLAVE MONITOR',
    ]);
    expect(
      parseGrantLine('GRANT REPLICATION REPLICA ON *.* TO `u`@`%`').grants[0]?.privileges,
    ).toEqual(['REPLICATION SLAVE']);
  });

  it('reads role grants in the MySQL and MariaDB forms', () => {
    expect(parseGrantLine('GRANT `r1`@`%`,`r2`@`%` TO `u`@`%` WITH ADMIN OPTION').roles).toEqual([
      { role: 'r1@%', grantee: 'u@%' },
      { role: 'r2@%', grantee: 'u@%' },
    ]);
    expect(parseGrantLine('GRANT `r2` TO `r1`').roles).toEqual([{ role: 'r2', grantee: 'r1' }]);
  });

  it('reads MySQL 8 partial revokes', () => {
    const set = parseGrantLine('REVOKE INSERT, UPDATE ON `mysql`.* FROM `u`@`%`');
    expect(set.grants[0]).toMatchObject({
      privileges: ['INSERT', 'UPDATE'],
      scope: { level: 'database', pattern: 'mysql' },
      revoke: true,
    });
  });

  it('treats routine and proxy grants as unrelated', () => {
    expect(
      parseGrantLine('GRANT EXECUTE ON PROCEDURE `db`.`p` TO `u`@`%`').grants[0]?.scope,
    ).toEqual({
      level: 'other',
    });
    expect(
      parseGrantLine("GRANT PROXY ON ''@'' TO 'root'@'localhost' WITH GRANT OPTION").grants[0]
        ?.scope,
    ).toEqual({ level: 'other' });
  });

  it('accepts an OceanBase account without a host and ignores SET DEFAULT ROLE', () => {
    expect(
      parseGrantLine("GRANT ALL PRIVILEGES ON *.* TO 'root' WITH GRANT OPTION").grants[0],
    ).toMatchObject({
      grantee: 'root',
      privileges: ['ALL'],
    });
    expect(parseGrantLine('SET DEFAULT ROLE `r1` FOR `g1`@`%`')).toEqual({ grants: [], roles: [] });
  });
});

describe('databasePatternMatches', () => {
  it('treats % and _ as wildcards and backslash-escaped ones as literal', () => {
    expect(databasePatternMatches('shop%', 'shop_eu', false)).toBe(true);
    expect(databasePatternMatches('sh_p', 'shop', false)).toBe(true);
    expect(databasePatternMatches('sh\\_p', 'shop', false)).toBe(false);
    expect(databasePatternMatches('sh\\_p', 'sh_p', false)).toBe(true);
    expect(databasePatternMatches('a.b', 'axb', false)).toBe(false);
  });

  it('compares case-insensitively only when asked', () => {
    expect(databasePatternMatches('Shop', 'shop', false)).toBe(false);
    expect(databasePatternMatches('Shop', 'shop', true)).toBe(true);
  });
});

describe('hasPrivilege', () => {
  // The grants a MariaDB 10.11 server printed for a user with a default role (see Privileges.ts).
  const mariadb = parseGrants([
    'GRANT `r1` TO `g1`@`%`',
    "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `g1`@`%` IDENTIFIED BY PASSWORD '*7B9E'",
    'GRANT SELECT, SHOW VIEW ON `shop`.* TO `g1`@`%`',
    'GRANT SELECT ON `a%`.* TO `g1`@`%`',
    'GRANT UPDATE ON `x`.`t` TO `g1`@`%`',
    'GRANT INSERT ON `shop`.* TO `r1`',
  ]).grants;

  it('answers global requirements only from global grants', () => {
    expect(hasPrivilege(mariadb, 'REPLICATION SLAVE', global)).toBe(true);
    expect(hasPrivilege(mariadb, 'REPLICATION CLIENT', global)).toBe(true);
    expect(hasPrivilege(mariadb, 'SELECT', global)).toBe(false);
  });

  it('answers database and table requirements from wider grants', () => {
    expect(hasPrivilege(mariadb, 'SELECT', table('shop', 'orders'))).toBe(true);
    expect(hasPrivilege(mariadb, 'SELECT', db('abc'))).toBe(true);
    expect(hasPrivilege(mariadb, 'SELECT', db('other'))).toBe(false);
    expect(hasPrivilege(mariadb, 'UPDATE', table('x', 't'))).toBe(true);
    expect(hasPrivilege(mariadb, 'UPDATE', table('x', 'u'))).toBe(false);
    expect(hasPrivilege(mariadb, 'UPDATE', db('x'))).toBe(false);
    expect(hasPrivilege(mariadb, 'INSERT', db('shop'))).toBe(true);
  });

  it('lets database-level ALL cover database privileges but not global ones', () => {
    const grants = parseGrants(['GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`']).grants;
    expect(hasPrivilege(grants, 'ALTER', db('shop'))).toBe(true);
    expect(hasPrivilege(grants, 'REPLICATION SLAVE', global)).toBe(false);
  });

  it('honours MySQL 8 partial revokes of global privileges', () => {
    const grants = parseGrants([
      'GRANT SELECT, INSERT ON *.* TO `u`@`%`',
      'REVOKE INSERT ON `shop`.* FROM `u`@`%`',
    ]).grants;
    expect(hasPrivilege(grants, 'INSERT', db('shop'))).toBe(false);
    expect(hasPrivilege(grants, 'INSERT', db('other'))).toBe(true);
    expect(hasPrivilege(grants, 'SELECT', db('shop'))).toBe(true);
  });
});
