/**
 * Reads `SHOW GRANTS` output from MySQL 5.7/8.x, MariaDB 10.x and OceanBase (MySQL mode) and
 * answers "does this account hold privilege P on object O". Pure: no server access.
 */

export type GrantScope =
  | { level: 'global' }
  /** A database-level grant; the name may hold `%`/`_` wildcards, `\_`/`\%` are literal. */
  | { level: 'database'; pattern: string }
  | { level: 'table'; database: string; table: string }
  /** Routines, proxy users, tables of the session's current database: never what we need. */
  | { level: 'other' };

export interface Grant {
  /** Canonical upper-case names; `ALL` for ALL [PRIVILEGES]. Column-level privileges are left out. */
  privileges: string[];
  scope: GrantScope;
  /** MySQL 8 partial revokes (`REVOKE … ON db.* FROM …`) take a global privilege away from one database. */
  revoke: boolean;
  grantee: string;
}

export interface RoleGrant {
  role: string;
  grantee: string;
}

export interface GrantSet {
  grants: Grant[];
  roles: RoleGrant[];
}

export type PrivilegeTarget =
  | { level: 'global' }
  | { level: 'database'; database: string }
  | { level: 'table'; database: string; table: string };

type Token =
  { kind: 'name'; text: string } | { kind: 'word'; text: string } | { kind: 'punct'; text: string };

/** Newer names that mean the same privilege as an older one (MariaDB 10.5 renamed two). */
const ALIASES: Record<string, string> = {
  'ALL PRIVILEGES': 'ALL',
  'REPLICATION REPLICA': 'REPLICATION SLAVE',
  'BINLOG MONITOR': 'REPLICATION CLIENT',
};

export function canonicalPrivilege(name: string): string {
  const upper = name.trim().replace(/\s+/g, ' ').toUpperCase();
  return ALIASES[upper] ?? upper;
}

function readQuoted(text: string, start: number, quote: string): [string, number] {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return [value, i + 1];
    }
    // Backquoted names keep backslashes: `sh\_p` is the pattern for the literal name sh_p.
    if (ch === '\\' && quote !== '`' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  return [value, i];
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '`' || ch === "'" || ch === '"') {
      const [text, next] = readQuoted(line, i, ch);
      tokens.push({ kind: 'name', text });
      i = next;
    } else if (',().@*;'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i += 1;
    } else {
      const m = /^[^\s,().@*;`'"]+/.exec(line.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: 'word', text });
      i += text.length;
    }
  }
  return tokens;
}

const isWord = (t: Token | undefined, word: string): boolean =>
  t?.kind === 'word' && t.text.toUpperCase() === word;

const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;

/** Splits tokens on commas outside parentheses. */
function splitList(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth += 1;
    if (isPunct(t, ')')) depth -= 1;
    if (depth === 0 && isPunct(t, ',')) parts.push([]);
    else parts[parts.length - 1]?.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** `user`@`host`, `role` or a bare word, as `user@host` / `role`. */
function account(tokens: Token[]): string {
  const [name, at, host] = tokens;
  if (!name) return '';
  return isPunct(at, '@') && host ? `${name.text}@${host.text}` : name.text;
}

function parseScope(tokens: Token[]): GrantScope {
  let ts = tokens;
  if (isWord(ts[0], 'TABLE')) ts = ts.slice(1);
  else if (ts[0]?.kind === 'word' && /^(FUNCTION|PROCEDURE|PACKAGE)$/i.test(ts[0].text)) {
    return { level: 'other' };
  }
  const dot = ts.findIndex((t) => isPunct(t, '.'));
  if (dot < 0) return { level: 'other' };
  const star = (part: Token[]): boolean => part.length === 1 && isPunct(part[0], '*');
  const name = (part: Token[]): string | null => {
    const [only] = part;
    return part.length === 1 && only && only.kind !== 'punct' ? only.text : null;
  };
  const left = ts.slice(0, dot);
  const right = ts.slice(dot + 1);
  if (star(left) && star(right)) return { level: 'global' };
  const database = name(left);
  if (database === null) return { level: 'other' };
  if (star(right)) return { level: 'database', pattern: database };
  const table = name(right);
  return table === null ? { level: 'other' } : { level: 'table', database, table };
}

function parsePrivileges(tokens: Token[]): string[] {
  return splitList(tokens)
    .filter((words) => !words.some((t) => isPunct(t, '(')))
    .map((words) => canonicalPrivilege(words.map((t) => t.text).join(' ')));
}

/**
 * One line of SHOW GRANTS. Lines that grant nothing (`SET DEFAULT ROLE …`) give an empty set;
 * `GRANT r1, r2 TO u` (no ON) grants roles.
 */
export function parseGrantLine(line: string): GrantSet {
  const tokens = tokenize(line.trim().replace(/;$/, ''));
  const set: GrantSet = { grants: [], roles: [] };
  const revoke = isWord(tokens[0], 'REVOKE');
  if (!revoke && !isWord(tokens[0], 'GRANT')) return set;
  const on = tokens.findIndex((t) => isWord(t, 'ON'));
  const to = tokens.findIndex((t, i) => i > on && isWord(t, revoke ? 'FROM' : 'TO'));
  if (to < 0) return set;
  const grantee = account(tokens.slice(to + 1));
  if (on < 0) {
    for (const role of splitList(tokens.slice(1, to)))
      set.roles.push({ role: account(role), grantee });
    return set;
  }
  set.grants.push({
    privileges: parsePrivileges(tokens.slice(1, on)),
    scope: parseScope(tokens.slice(on + 1, to)),
    revoke,
    grantee,
  });
  return set;
}

/** A list of accounts or roles as CURRENT_ROLE() prints it: "`r1`@`%`,`r2`@`%`", "r1", "NONE". */
export function parseAccountList(text: string | null): string[] {
  if (text === null || text.trim() === '' || text.trim().toUpperCase() === 'NONE') return [];
  return splitList(tokenize(text)).map(account);
}

export function parseGrants(lines: readonly string[]): GrantSet {
  const sets = lines.map(parseGrantLine);
  return { grants: sets.flatMap((s) => s.grants), roles: sets.flatMap((s) => s.roles) };
}

/**
 * MySQL's database-name pattern: `%` any run, `_` one character, backslash makes them literal.
 * Names compare case-insensitively when the server folds names (lower_case_table_names ≠ 0).
 */
export function databasePatternMatches(
  pattern: string,
  database: string,
  caseInsensitive: boolean,
): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      re += escapeRegExp(pattern[i] as string);
    } else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += escapeRegExp(ch);
  }
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's').test(database);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const holds = (g: Grant, privilege: string): boolean =>
  g.privileges.includes(privilege) || g.privileges.includes('ALL');

/** Whether the grants give `privilege` on `target`, counting wider grants and partial revokes. */
export function hasPrivilege(
  grants: readonly Grant[],
  privilege: string,
  target: PrivilegeTarget,
  caseInsensitive = false,
): boolean {
  const p = canonicalPrivilege(privilege);
  const same = (a: string, b: string): boolean =>
    caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
  const db = target.level === 'global' ? null : target.database;
  const revokedHere =
    db !== null &&
    grants.some(
      (g) => g.revoke && g.scope.level === 'database' && same(g.scope.pattern, db) && holds(g, p),
    );
  return grants.some((g) => {
    if (g.revoke || !holds(g, p)) return false;
    switch (g.scope.level) {
      case 'global':
        return !revokedHere;
      case 'database':
        return db !== null && databasePatternMatches(g.scope.pattern, db, caseInsensitive);
      case 'table':
        return (
          target.level === 'table' &&
          same(g.scope.database, target.database) &&
          same(g.scope.table, target.table)
        );
      case 'other':
        return false;
    }
  });
}

/**
 * Roles granted to the account that are not active in a new session (not default roles, nor
 * granted through one), so their privileges do not reach the task's connections.
 */
export function inactiveRoles(set: GrantSet, activeRoles: readonly string[]): string[] {
  const roleNames = new Set(set.roles.map((r) => r.role));
  const direct = set.roles.filter((r) => !roleNames.has(r.grantee)).map((r) => r.role);
  const active = new Set(activeRoles);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of set.roles) {
      if (active.has(r.grantee) && !active.has(r.role)) {
        active.add(r.role);
        grew = true;
      }
    }
  }
  return [...new Set(direct)].filter((r) => !active.has(r));
}
