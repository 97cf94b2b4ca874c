/**
 * What the migration users need on each side, and the GRANT statements that give what is missing.
 * Pure: the check in PrivilegeCheck.ts reads the grants and feeds them in.
 */
import type { ServerInfo, TableMapping } from '../../shared/catalog.js';
import type { PlannedObjectKind } from '../../shared/schema.js';
import type { StepName } from '../../shared/task.js';
import { versionAtLeast } from '../connect/Flavor.js';
import { quoteIdent } from '../sql/Identifiers.js';
import { hasPrivilege, type Grant, type PrivilegeTarget } from './Grants.js';

export interface Requirement {
  privilege: string;
  on: PrivilegeTarget;
}

export interface SourceNeeds {
  steps: readonly StepName[];
  mappings: readonly TableMapping[];
  /** Source databases whose views the schema step creates on the target. */
  viewDatabases: readonly string[];
}

export function sourceRequirements(needs: SourceNeeds): Requirement[] {
  const reqs: Requirement[] = needs.mappings.map((m) => ({
    privilege: 'SELECT',
    on: { level: 'table', database: m.source.database, table: m.source.table },
  }));
  if (needs.steps.includes('schema')) {
    // Without SHOW VIEW, information_schema.VIEWS returns an empty definition.
    for (const database of needs.viewDatabases) {
      reqs.push({ privilege: 'SHOW VIEW', on: { level: 'database', database } });
    }
  }
  if (needs.steps.includes('incremental')) {
    // REPLICATION SLAVE reads the binlog stream; REPLICATION CLIENT (MariaDB 10.5+: BINLOG
    // MONITOR) runs SHOW MASTER STATUS / SHOW BINARY LOGS to find the start position.
    reqs.push({ privilege: 'REPLICATION SLAVE', on: { level: 'global' } });
    reqs.push({ privilege: 'REPLICATION CLIENT', on: { level: 'global' } });
  }
  return reqs;
}

export interface TargetNeeds {
  steps: readonly StepName[];
  /** Every database the task writes to. */
  databases: readonly string[];
  /** Per target database, the kinds of objects the schema plan creates there. */
  objectKinds: ReadonlyMap<string, ReadonlySet<PlannedObjectKind>>;
}

/** Privileges to create each kind of object beyond tables. */
const KIND_PRIVILEGES: Partial<Record<PlannedObjectKind, string>> = {
  view: 'CREATE VIEW',
  trigger: 'TRIGGER',
  routine: 'CREATE ROUTINE',
  event: 'EVENT',
};

export function targetRequirements(needs: TargetNeeds): Requirement[] {
  // SELECT too: UPDATE and DELETE … WHERE key = ? read the key columns, and verification reads.
  const rowPrivileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
  const schemaPrivileges = needs.steps.includes('schema')
    ? ['CREATE', 'ALTER', 'INDEX', 'DROP']
    : [];
  return needs.databases.flatMap((database) => {
    const kinds = needs.objectKinds.get(database) ?? new Set();
    const extra = needs.steps.includes('schema')
      ? [...kinds].flatMap((k) => KIND_PRIVILEGES[k] ?? [])
      : [];
    return [...schemaPrivileges, ...rowPrivileges, ...new Set(extra)].map(
      (privilege): Requirement => ({ privilege, on: { level: 'database', database } }),
    );
  });
}

export function missingRequirements(
  grants: readonly Grant[],
  reqs: readonly Requirement[],
  caseInsensitive: boolean,
): Requirement[] {
  return reqs.filter((r) => !hasPrivilege(grants, r.privilege, r.on, caseInsensitive));
}

/** The name a GRANT on this server should use: MariaDB 10.5 renamed REPLICATION CLIENT. */
export function privilegeName(privilege: string, server: ServerInfo): string {
  if (
    privilege === 'REPLICATION CLIENT' &&
    server.flavor === 'mariadb' &&
    versionAtLeast(server.version, 10, 5, 2)
  ) {
    return 'BINLOG MONITOR';
  }
  return privilege;
}

/** `u@%` as CURRENT_USER() prints it → 'u'@'%'. */
export function quoteAccount(account: string): string {
  const at = account.lastIndexOf('@');
  const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return at < 0 ? quote(account) : `${quote(account.slice(0, at))}@${quote(account.slice(at + 1))}`;
}

/** In a GRANT, `_` and `%` in a database name are wildcards; escape them to grant on exactly it. */
function grantDatabase(database: string): string {
  return `${quoteIdent(database.replace(/[\\_%]/g, '\\$&'))}.*`;
}

/**
 * One GRANT per scope, in first-seen order. Table requirements are granted on their database:
 * a migration user that reads some tables of a database usually reads all of them.
 */
export function grantStatements(
  missing: readonly Requirement[],
  account: string,
  server: ServerInfo,
): string[] {
  const byScope = new Map<string, { on: string; privileges: string[] }>();
  for (const r of missing) {
    const on = r.on.level === 'global' ? '*.*' : grantDatabase(r.on.database);
    const entry = byScope.get(on) ?? { on, privileges: [] };
    const name = privilegeName(r.privilege, server);
    if (!entry.privileges.includes(name)) entry.privileges.push(name);
    byScope.set(on, entry);
  }
  return [...byScope.values()].map(
    (e) => `GRANT ${e.privileges.join(', ')} ON ${e.on} TO ${quoteAccount(account)};`,
  );
}

const objectOf = (on: PrivilegeTarget): string => {
  switch (on.level) {
    case 'global':
      return '*.*';
    case 'database':
      return `${on.database}.*`;
    case 'table':
      return `${on.database}.${on.table}`;
  }
};

/** "SELECT, SHOW VIEW on shop.*", "REPLICATION SLAVE on *.*": one entry per object. */
export function describeMissing(missing: readonly Requirement[], server: ServerInfo): string[] {
  const byObject = new Map<string, string[]>();
  for (const r of missing) {
    const object = objectOf(r.on);
    byObject.set(object, [...(byObject.get(object) ?? []), privilegeName(r.privilege, server)]);
  }
  return [...byObject].map(([object, privileges]) => `${privileges.join(', ')} on ${object}`);
}
