import type { CheckResult } from '../../shared/precheck.js';
import type { PlannedObjectKind, PlannedStatement } from '../../shared/schema.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { quoteIdent } from '../sql/Identifiers.js';
import type { TaskSession } from '../task/TaskSession.js';
import { fail, listSome, pass, warn, type Check, type SourceView } from './Check.js';
import { inactiveRoles, parseAccountList, parseGrants, type Grant } from './Grants.js';
import {
  describeMissing,
  grantStatements,
  missingRequirements,
  quoteAccount,
  sourceRequirements,
  targetRequirements,
  type Requirement,
} from './Privileges.js';

interface AccountGrants {
  account: string;
  grants: Grant[];
  /** Roles whose privileges were not counted: not active at login, or unreadable. */
  unchecked: string[];
}

/**
 * The grants that reach a new session of this user. MariaDB's SHOW GRANTS already includes the
 * default role and the roles it holds; MySQL 8 lists role names only, and needs USING to expand
 * the active ones.
 */
async function readGrants(endpoint: Endpoint): Promise<AccountGrants> {
  const [who] = await endpoint.query<{ account: string }>('SELECT CURRENT_USER() AS account');
  const account = String(who?.account ?? endpoint.spec.user);
  const lines = (await endpoint.query('SHOW GRANTS')).map((row) => String(Object.values(row)[0]));
  const set = parseGrants(lines);
  if (set.roles.length === 0) return { account, grants: set.grants, unchecked: [] };

  const current = await endpoint.tryQuery<{ roles: string | null }>(
    'SELECT CURRENT_ROLE() AS roles',
  );
  let active = parseAccountList(current?.[0]?.roles ?? null);
  let grants = set.grants;
  if (endpoint.info.flavor !== 'mariadb' && active.length > 0) {
    const using = active.map(quoteRole).join(', ');
    const expanded = await endpoint.tryQuery(`SHOW GRANTS FOR CURRENT_USER() USING ${using}`);
    if (expanded) grants = parseGrants(expanded.map((row) => String(Object.values(row)[0]))).grants;
    else active = [];
  }
  return { account, grants, unchecked: inactiveRoles(set, active) };
}

function quoteRole(role: string): string {
  const at = role.lastIndexOf('@');
  return at < 0
    ? quoteIdent(role)
    : `${quoteIdent(role.slice(0, at))}@${quoteIdent(role.slice(at + 1))}`;
}

function objectsOf(missing: Requirement[]): string[] {
  return [
    ...new Set(
      missing.flatMap((r) => {
        if (r.on.level === 'table') return [`${r.on.database}.${r.on.table}`];
        if (r.on.level === 'database') return [r.on.database];
        return [];
      }),
    ),
  ];
}

function verdict(
  id: string,
  title: string,
  endpoint: Endpoint,
  account: AccountGrants,
  reqs: Requirement[],
): CheckResult {
  const who = quoteAccount(account.account);
  const caseInsensitive = endpoint.info.lowerCaseTableNames !== 0;
  const missing = missingRequirements(account.grants, reqs, caseInsensitive);
  if (missing.length === 0) {
    return pass(id, title, `${who} holds every privilege the task needs on the ${endpoint.where}.`);
  }
  const lacks = listSome(describeMissing(missing, endpoint.info));
  const sql = grantStatements(missing, account.account, endpoint.info).join('\n');
  const objects = objectsOf(missing);
  if (account.unchecked.length > 0) {
    const roles = account.unchecked.join(', ');
    return warn({
      id,
      title,
      detail: `${who} lacks ${lacks}, unless granted through a role: the privileges of roles ${roles} were not checked, because they are not active when the user logs in or their grants could not be read.`,
      fix: `Run the GRANT statements below as an administrator, or make the role a default role of the user (SET DEFAULT ROLE), then run the precheck again.`,
      sql,
      ...(objects.length ? { objects } : {}),
    });
  }
  return fail({
    id,
    title,
    detail: `${who} lacks ${lacks}.`,
    fix: 'Run the GRANT statements below as an administrator, then run the precheck again.',
    sql,
    ...(objects.length ? { objects } : {}),
  });
}

/** The database among `databases` that `object` (`db.name`) lives in; names may hold dots. */
function databaseOf(object: string, databases: readonly string[]): string | undefined {
  return databases.filter((d) => object.startsWith(`${d}.`)).sort((a, b) => b.length - a.length)[0];
}

const planned = (s: PlannedStatement, kinds: readonly PlannedObjectKind[]): boolean =>
  !s.skipped && kinds.includes(s.kind);

async function checkSide(
  id: string,
  title: string,
  endpoint: Endpoint,
  reqs: Requirement[],
): Promise<CheckResult> {
  let account: AccountGrants;
  try {
    account = await readGrants(endpoint);
  } catch (e) {
    return warn({
      id,
      title,
      detail: `The privileges could not be read on the ${endpoint.where} (${(e as Error).message}).`,
      fix: 'Missing privileges will stop the task when it first needs them; check the user’s grants by hand.',
    });
  }
  return verdict(id, title, endpoint, account, reqs);
}

export const sourcePrivilegesCheck: Check = {
  id: 'source.privileges',
  title: 'Source user privileges',
  async run(session: TaskSession) {
    const databases = session.catalogs.map((c) => c.name);
    const viewDatabases = session.plan.statements
      .filter((s) => planned(s, ['view']))
      .flatMap((s) => databaseOf(s.sourceObject, databases) ?? []);
    return [await checkSourcePrivileges(session, [...new Set(viewDatabases)])];
  },
};

/** The source user's privileges for reading the selected tables (and views) and the binlog. */
export async function checkSourcePrivileges(
  session: SourceView,
  viewDatabases: string[],
): Promise<CheckResult> {
  const reqs = sourceRequirements({
    steps: session.spec.steps,
    mappings: session.mappings,
    viewDatabases,
  });
  return checkSide('source.privileges', 'Source user privileges', session.source, reqs);
}

export const targetPrivilegesCheck: Check = {
  id: 'target.privileges',
  title: 'Target user privileges',
  async run(session: TaskSession) {
    const databases = [
      ...new Set([
        ...session.mappings.map((m) => m.target.database),
        ...session.plan.statements.filter((s) => s.kind === 'database').map((s) => s.object),
      ]),
    ];
    const objectKinds = new Map<string, Set<PlannedObjectKind>>();
    for (const s of session.plan.statements) {
      if (!planned(s, ['view', 'trigger', 'routine', 'event'])) continue;
      const database = databaseOf(s.object, databases);
      if (database === undefined) continue;
      objectKinds.set(database, (objectKinds.get(database) ?? new Set()).add(s.kind));
    }
    const reqs = targetRequirements({ steps: session.spec.steps, databases, objectKinds });
    return [await checkSide(this.id, this.title, session.target, reqs)];
  },
};
