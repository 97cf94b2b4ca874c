import { qualify } from '../sql/Identifiers.js';

/**
 * A table as the source server resolves it. An unqualified name in a statement logged without a
 * default database gets database '' (the server refuses such a statement, so it only shows up in
 * hand-made input).
 */
export interface TableRef {
  database: string;
  table: string;
}

export type DdlKind =
  | 'create-table'
  | 'create-table-like'
  | 'create-table-select' // CREATE TABLE ... [AS] SELECT / TABLE / VALUES / WITH (CTAS)
  | 'alter-table' // includes ALTER TABLE t RENAME [TO|AS] u, reported in `renames`
  | 'rename-table'
  | 'truncate'
  | 'drop-table'
  | 'create-index'
  | 'drop-index'
  | 'transaction' // BEGIN, COMMIT, ROLLBACK, XA ..., SAVEPOINT ...
  | 'ignored' // never touches rows or structure of replicated tables (users, views, temp tables...)
  | 'other'; // anything else, DML in statement format included

export interface TableMention {
  ref: TableRef;
  /** [start, end) in the original sql, covering the whole name as written (`db`.`t`, t, ...). */
  start: number;
  end: number;
  /**
   * subject: the table the statement acts on; source: a LIKE or query source; reference: FOREIGN
   * KEY ... REFERENCES, EXCHANGE PARTITION ... WITH TABLE, a MERGE table's UNION=(...).
   */
  role: 'subject' | 'source' | 'rename-from' | 'rename-to' | 'reference';
}

export interface DdlStatement {
  kind: DdlKind;
  sql: string;
  defaultDatabase: string | null;
  /**
   * Every table name mentioned in a table position, in order of appearance. 'transaction' and
   * 'ignored' statements carry none; 'other' carries the ones the reader is sure of (the written
   * table of INSERT/REPLACE/UPDATE/DELETE/LOAD DATA as 'subject', tables read as 'source').
   */
  mentions: TableMention[];
  /** For rename-table and alter-table ... RENAME: each from → to pair. */
  renames: { from: TableRef; to: TableRef }[];
  ifExists: boolean;
  ifNotExists: boolean;
}

type Role = TableMention['role'];

interface Token {
  kind: 'word' | 'ident' | 'string' | 'punct';
  /** The word as written, the unescaped backquoted name, or the punctuation character. */
  value: string;
  /** Upper-cased words only: a quoted identifier must never read as a keyword. */
  keyword: string;
  start: number;
  end: number;
}

interface Name {
  ref: TableRef;
  start: number;
  end: number;
  /** Index of the first token after the name. */
  next: number;
  qualified: boolean;
}

// The server executes the body of /*!50100 ... */ and /*M!100100 ... */ when its version is at
// least the number, which every supported source is for what dumps and binlogs put there.
const VERSION_COMMENT = /\/\*M?!\d{0,6}/y;

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36 ||
    code >= 0x80
  );
}

function quotedEnd(sql: string, open: number): number {
  const quote = sql.charAt(open);
  let i = open + 1;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    if (ch === '\\' && quote !== '`') i += 2;
    else if (ch === quote && sql.charAt(i + 1) === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Token['kind'], value: string, start: number, end: number): void => {
    tokens.push({ kind, value, keyword: kind === 'word' ? value.toUpperCase() : '', start, end });
  };
  let inVersionComment = false;
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const code = sql.charCodeAt(i);
    if (code <= 32) {
      i += 1;
    } else if (ch === '#' || (sql.startsWith('--', i) && !(sql.charCodeAt(i + 2) > 32))) {
      // MySQL only starts a "--" comment when whitespace (or the end) follows: 1--1 is arithmetic.
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? sql.length : newline + 1;
    } else if (sql.startsWith('/*', i)) {
      VERSION_COMMENT.lastIndex = i;
      const opener = inVersionComment ? null : VERSION_COMMENT.exec(sql);
      if (opener) {
        inVersionComment = true;
        i += opener[0].length;
      } else {
        const close = sql.indexOf('*/', i + 2);
        i = close < 0 ? sql.length : close + 2;
      }
    } else if (inVersionComment && sql.startsWith('*/', i)) {
      inVersionComment = false;
      i += 2;
    } else if (ch === "'" || ch === '"') {
      const end = quotedEnd(sql, i);
      push('string', '', i, end);
      i = end;
    } else if (ch === '`') {
      const end = quotedEnd(sql, i);
      const closed = end > i + 1 && sql.charAt(end - 1) === '`';
      push('ident', sql.slice(i + 1, closed ? end - 1 : end).replaceAll('``', '`'), i, end);
      i = end;
    } else if (isWordChar(code)) {
      let end = i + 1;
      while (end < sql.length && isWordChar(sql.charCodeAt(end))) end += 1;
      push('word', sql.slice(i, end), i, end);
      i = end;
    } else {
      push('punct', ch, i, i + 1);
      i += 1;
    }
  }
  return tokens;
}

/** Index of each '(' token's matching ')'; unbalanced ones point past the last token. */
function matchParens(tokens: Token[]): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'punct') return;
    if (t.value === '(') open.push(i);
    else if (t.value === ')') {
      const o = open.pop();
      if (o !== undefined) closes.set(o, i);
    }
  });
  for (const o of open) closes.set(o, tokens.length);
  return closes;
}

function isNamePart(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'ident');
}

const TRANSACTION_VERBS = new Set(['COMMIT', 'ROLLBACK', 'XA', 'SAVEPOINT', 'RELEASE']);
const IGNORED_VERBS = new Set(['GRANT', 'REVOKE', 'FLUSH', 'SET', 'ANALYZE', 'OPTIMIZE', 'REPAIR']);
/**
 * What may follow CREATE/ALTER/DROP for objects that hold no table rows. DEFINER, ALGORITHM and
 * SQL SECURITY only ever introduce views, triggers, routines and events.
 */
const NON_TABLE_OBJECTS = [
  'DATABASE',
  'SCHEMA',
  'USER',
  'ROLE',
  'VIEW',
  'TRIGGER',
  'PROCEDURE',
  'FUNCTION',
  'AGGREGATE',
  'EVENT',
  'DEFINER',
  'ALGORITHM',
  'SQL',
];
/** Reserved words that end a table reference, so they are never read as its alias. */
const NOT_ALIAS = new Set([
  'WHERE',
  'ON',
  'USING',
  'JOIN',
  'INNER',
  'CROSS',
  'LEFT',
  'RIGHT',
  'NATURAL',
  'STRAIGHT_JOIN',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'WINDOW',
  'FOR',
  'LOCK',
  'INTO',
  'USE',
  'IGNORE',
  'FORCE',
  'SET',
  'VALUES',
  'SELECT',
  'RETURNING',
  'PARTITION',
]);
/** Clauses that end a FROM list; commas after them separate something else. */
const CLAUSES_AFTER_FROM = [
  'WHERE',
  'GROUP',
  'HAVING',
  'WINDOW',
  'ORDER',
  'LIMIT',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'INTO',
  'FOR',
  'LOCK',
  'SET',
  'DUPLICATE',
  'RETURNING',
  'SELECT',
];
const SELECT_MODIFIERS = new Set(['SELECT', 'ALL', 'DISTINCT', 'DISTINCTROW', 'HIGH_PRIORITY']);

class Reader {
  private readonly tokens: Token[];
  readonly mentions: TableMention[] = [];
  readonly renames: DdlStatement['renames'] = [];
  ifExists = false;
  ifNotExists = false;
  private readonly closes: Map<number, number>;
  private readonly cteNames = new Set<string>();

  constructor(
    sql: string,
    private readonly defaultDatabase: string | null,
  ) {
    this.tokens = tokenize(sql);
    this.closes = matchParens(this.tokens);
  }

  classify(i: number): DdlKind {
    const verb = this.tokens[i];
    if (verb?.kind !== 'word') return 'other';
    const v = verb.keyword;
    // MariaDB's BEGIN NOT ATOMIC opens a compound statement, not a transaction.
    if (v === 'BEGIN') return this.word(i + 1, 'NOT') ? 'other' : 'transaction';
    if (v === 'START') return this.word(i + 1, 'TRANSACTION') ? 'transaction' : 'other';
    if (TRANSACTION_VERBS.has(v)) return 'transaction';
    if (v === 'SET' && this.word(i + 1, 'STATEMENT')) return this.setStatement(i + 2);
    if (IGNORED_VERBS.has(v)) return 'ignored';
    if (v === 'CREATE') return this.create(i + 1);
    if (v === 'ALTER') return this.alter(i + 1);
    if (v === 'DROP') return this.drop(i + 1);
    if (v === 'RENAME') return this.rename(i + 1);
    if (v === 'TRUNCATE') {
      const at = this.word(i + 1, 'TABLE') ? i + 2 : i + 1;
      return this.mention(at, 'subject') ? 'truncate' : 'other';
    }
    this.dml(i);
    return 'other';
  }

  /** MariaDB's SET STATEMENT var = value [, ...] FOR <statement> runs the statement after FOR. */
  private setStatement(i: number): DdlKind {
    for (let k = i; k < this.tokens.length; k = this.after(k)) {
      if (this.word(k, 'FOR')) return this.classify(k + 1);
    }
    return 'other';
  }

  private create(i: number): DdlKind {
    const k = this.seq(i, 'OR', 'REPLACE') ? i + 2 : i;
    if (this.word(k, 'TEMPORARY', ...NON_TABLE_OBJECTS)) return 'ignored';
    if (this.word(k, 'TABLE')) return this.createTable(k + 1);
    const index = this.skipWords(k, 'ONLINE', 'OFFLINE', 'UNIQUE', 'FULLTEXT', 'SPATIAL');
    return this.word(index, 'INDEX') ? this.createIndex(index + 1) : 'other';
  }

  private createTable(i: number): DdlKind {
    let k = i;
    if (this.seq(k, 'IF', 'NOT', 'EXISTS')) {
      this.ifNotExists = true;
      k += 3;
    }
    const subject = this.mention(k, 'subject');
    if (!subject) return 'other';
    k = subject.next;
    const like = this.punct(k, '(') ? k + 1 : k;
    if (this.word(like, 'LIKE')) {
      return this.mention(like + 1, 'source') ? 'create-table-like' : 'other';
    }
    if (this.punct(k, '(') && !this.startsQuery(k)) {
      const close = this.closeOf(k);
      this.references(k + 1, close);
      k = close + 1;
    }
    // Table options and partitioning may hold parentheses and strings of their own; a query can
    // only begin at the top level, and keywords inside quotes or names never count.
    while (k < this.tokens.length) {
      if (this.startsQuery(k)) {
        this.scan(k, this.tokens.length, true);
        return 'create-table-select';
      }
      if (this.word(k, 'UNION')) {
        const list = this.punct(k + 1, '=') ? k + 2 : k + 1;
        k = this.punct(list, '(') ? this.nameList(list + 1, 'reference') : list;
      } else {
        k = this.after(k);
      }
    }
    return 'create-table';
  }

  private createIndex(i: number): DdlKind {
    let k = i;
    if (this.seq(k, 'IF', 'NOT', 'EXISTS')) {
      this.ifNotExists = true;
      k += 3;
    }
    // k is the index name; only USING/TYPE index_type may stand between it and ON.
    for (k += 1; k < this.tokens.length && !this.punct(k, '('); k += 1) {
      if (this.word(k, 'ON')) return this.mention(k + 1, 'subject') ? 'create-index' : 'other';
    }
    return 'other';
  }

  private alter(i: number): DdlKind {
    const k = this.skipWords(i, 'ONLINE', 'OFFLINE', 'IGNORE');
    if (this.word(k, 'TABLE')) return this.alterTable(k + 1);
    return this.word(k, ...NON_TABLE_OBJECTS) ? 'ignored' : 'other';
  }

  private alterTable(i: number): DdlKind {
    let k = i;
    if (this.seq(k, 'IF', 'EXISTS')) {
      this.ifExists = true;
      k += 2;
    }
    const subject = this.mention(k, 'subject');
    if (!subject) return 'other';
    const end = this.tokens.length;
    this.references(subject.next, end);
    let specStart = true;
    k = subject.next;
    while (k < end) {
      let next = this.after(k);
      // RENAME is a table rename only where an alter specification begins, and not when it
      // renames a column or an index.
      if (specStart && this.word(k, 'RENAME') && !this.word(k + 1, 'COLUMN', 'INDEX', 'KEY')) {
        const to = this.mention(this.word(k + 1, 'TO', 'AS') ? k + 2 : k + 1, 'rename-to');
        if (to) {
          this.renames.push({ from: subject.ref, to: to.ref });
          next = to.next;
        }
      } else if (this.word(k, 'WITH', 'TO', 'CONVERT') && this.word(k + 1, 'TABLE')) {
        // EXCHANGE PARTITION p WITH TABLE t, and MariaDB's CONVERT PARTITION p TO TABLE t /
        // CONVERT TABLE t TO PARTITION p move rows between the subject and another table.
        next = this.mention(k + 2, 'reference')?.next ?? k + 2;
      }
      specStart = this.punct(k, ',');
      k = next;
    }
    return 'alter-table';
  }

  private drop(i: number): DdlKind {
    if (this.word(i, 'TEMPORARY', ...NON_TABLE_OBJECTS)) return 'ignored';
    let k = i + 1;
    if (this.seq(k, 'IF', 'EXISTS')) {
      this.ifExists = true;
      k += 2;
    }
    if (this.word(i, 'TABLE', 'TABLES')) {
      const count = this.mentions.length;
      this.nameList(k, 'subject');
      return this.mentions.length > count ? 'drop-table' : 'other';
    }
    if (this.word(i, 'INDEX') && this.word(k + 1, 'ON')) {
      return this.mention(k + 2, 'subject') ? 'drop-index' : 'other';
    }
    return 'other';
  }

  private rename(i: number): DdlKind {
    if (this.word(i, 'USER')) return 'ignored';
    if (!this.word(i, 'TABLE', 'TABLES')) return 'other';
    let k = i + 1;
    if (this.seq(k, 'IF', 'EXISTS')) {
      this.ifExists = true;
      k += 2;
    }
    for (;;) {
      const from = this.mention(k, 'rename-from');
      if (!from) return 'other';
      k = from.next;
      if (this.word(k, 'WAIT')) k += 2;
      else if (this.word(k, 'NOWAIT')) k += 1;
      const to = this.word(k, 'TO') ? this.mention(k + 1, 'rename-to') : null;
      if (!to) return 'other';
      this.renames.push({ from: from.ref, to: to.ref });
      if (!this.punct(to.next, ',')) return 'rename-table';
      k = to.next + 1;
    }
  }

  /** Statement-format DML: the table written and the tables read, where they are certain. */
  private dml(i: number): void {
    const end = this.tokens.length;
    if (this.word(i, 'WITH')) {
      const k = this.cteList(i);
      if (k > i + 1) this.dml(k);
    } else if (this.word(i, 'INSERT', 'REPLACE')) {
      const k = this.skipWords(i + 1, 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO');
      this.scan(this.mention(k, 'subject')?.next ?? k, end, true);
    } else if (this.word(i, 'UPDATE')) {
      const k = this.skipWords(i + 1, 'LOW_PRIORITY', 'IGNORE');
      this.scan(this.tableList(k, end, 'subject'), end, true);
    } else if (this.word(i, 'DELETE')) {
      // DELETE t1 FROM t1 JOIN t2 names aliases before FROM, so only the single-table and
      // DELETE FROM ... USING forms say for sure which tables lose rows.
      let k = this.skipWords(i + 1, 'LOW_PRIORITY', 'QUICK', 'IGNORE');
      if (this.word(k, 'FROM')) {
        k = this.tableList(k + 1, end, 'subject');
        if (this.word(k, 'USING')) k = this.tableList(k + 1, end, 'source');
      }
      this.scan(k, end, true);
    } else if (this.word(i, 'LOAD')) {
      for (let k = i + 1; k < end; k += 1) {
        if (this.seq(k, 'INTO', 'TABLE')) {
          this.mention(k + 2, 'subject');
          return;
        }
      }
    } else if (this.startsQuery(i)) {
      this.scan(i, end, true);
    }
  }

  /**
   * Finds the tables a query reads. `active` says whether FROM/JOIN here belong to a query:
   * inside EXTRACT(x FROM y), TRIM(... FROM y) or a column list they do not. Outside parentheses
   * a comma between FROM and the next clause separates tables (FROM a JOIN b ON ..., c).
   */
  private scan(from: number, to: number, active: boolean): void {
    let inFrom = false;
    let k = from;
    while (k < to) {
      const joins =
        this.word(k, 'FROM', 'JOIN') ||
        (this.word(k, 'STRAIGHT_JOIN') && !this.isSelectModifier(k - 1)) ||
        (inFrom && this.punct(k, ','));
      if (this.punct(k, '(')) {
        const close = Math.min(this.closeOf(k), to);
        this.scan(k + 1, close, this.startsQuery(k));
        k = close + 1;
      } else if (active && joins) {
        inFrom = true;
        k = this.tableList(k + 1, to, 'source');
      } else if (active && this.word(k, 'WITH')) {
        k = this.cteList(k);
      } else if (active && this.word(k, 'TABLE')) {
        k = this.mention(k + 1, 'source')?.next ?? k + 1;
      } else {
        if (this.word(k, ...CLAUSES_AFTER_FROM)) inFrom = false;
        k += 1;
      }
    }
  }

  private isSelectModifier(i: number): boolean {
    const t = this.tokens[i];
    return t?.kind === 'word' && (SELECT_MODIFIERS.has(t.keyword) || t.keyword.startsWith('SQL_'));
  }

  /**
   * WITH [RECURSIVE] name [(columns)] AS (query) [, ...]: records the names, so references to
   * them are not taken for tables, and scans the bodies. Returns the index after the list, or
   * just past WITH when it does not start one (GROUP BY ... WITH ROLLUP).
   */
  private cteList(i: number): number {
    let k = this.word(i + 1, 'RECURSIVE') ? i + 2 : i + 1;
    let end = i + 1;
    for (;;) {
      const name = this.tokens[k];
      let as = k + 1;
      if (this.punct(as, '(')) as = this.closeOf(as) + 1;
      if (!isNamePart(name) || !this.word(as, 'AS') || !this.punct(as + 1, '(')) return end;
      this.cteNames.add(name.value);
      const close = this.closeOf(as + 1);
      this.scan(as + 2, close, true);
      end = close + 1;
      if (!this.punct(end, ',')) return end;
      k = end + 1;
    }
  }

  /** A comma-separated list of table references (FROM, JOIN, UPDATE, DELETE FROM ... USING). */
  private tableList(i: number, to: number, role: Role): number {
    let k = i;
    while (k < to) {
      if (this.word(k, 'LATERAL')) k += 1;
      const name = this.name(k);
      if (this.punct(k, '(')) {
        const close = this.closeOf(k);
        if (this.startsQuery(k)) this.scan(k + 1, close, true);
        else this.scan(this.tableList(k + 1, close, role), close, true);
        k = close + 1;
      } else if (name && !this.word(k, 'DUAL') && !this.punct(name.next, '(')) {
        this.record(name, role);
        k = name.next;
      } else {
        // A table function such as JSON_TABLE(...), or not a table reference at all.
        return k;
      }
      k = this.skipReferenceTail(k);
      if (!this.punct(k, ',')) return k;
      k += 1;
    }
    return k;
  }

  /** [PARTITION (p, ...)] [[AS] alias [(columns)]] [index hints], which never name tables. */
  private skipReferenceTail(i: number): number {
    let k = i;
    if (this.word(k, 'PARTITION') && this.punct(k + 1, '(')) k = this.closeOf(k + 1) + 1;
    const alias = this.tokens[k];
    if (this.word(k, 'AS')) k += 2;
    else if (alias?.kind === 'ident' || (alias?.kind === 'word' && !NOT_ALIAS.has(alias.keyword)))
      k += 1;
    if (this.punct(k, '(')) k = this.closeOf(k) + 1;
    while (this.word(k, 'USE', 'IGNORE', 'FORCE') && this.word(k + 1, 'INDEX', 'KEY')) {
      let open = k + 2;
      while (open < this.tokens.length && !this.punct(open, '(') && !this.punct(open, ','))
        open += 1;
      if (!this.punct(open, '(')) return open;
      k = this.closeOf(open) + 1;
    }
    return k;
  }

  /** True at SELECT/WITH/VALUES/TABLE, or at parentheses that open with one. */
  private startsQuery(i: number): boolean {
    let k = i;
    while (this.punct(k, '(')) k += 1;
    // WITH SYSTEM VERSIONING is a MariaDB table option, not a common table expression.
    return (
      this.word(k, 'SELECT', 'VALUES', 'TABLE') ||
      (this.word(k, 'WITH') && !this.word(k + 1, 'SYSTEM'))
    );
  }

  private references(from: number, to: number): void {
    for (let k = from; k < to; k += 1) {
      if (this.word(k, 'REFERENCES')) this.mention(k + 1, 'reference');
    }
  }

  /** name [, name ...]; returns the index after the list. */
  private nameList(i: number, role: Role): number {
    let k = i;
    for (;;) {
      const name = this.mention(k, role);
      if (!name) return k;
      if (!this.punct(name.next, ',')) return name.next;
      k = name.next + 1;
    }
  }

  private name(i: number): Name | null {
    const first = this.tokens[i];
    if (!isNamePart(first)) return null;
    const second = this.tokens[i + 2];
    if (this.punct(i + 1, '.') && isNamePart(second)) {
      return {
        ref: { database: first.value, table: second.value },
        start: first.start,
        end: second.end,
        next: i + 3,
        qualified: true,
      };
    }
    return {
      ref: { database: this.defaultDatabase ?? '', table: first.value },
      start: first.start,
      end: first.end,
      next: i + 1,
      qualified: false,
    };
  }

  private record(name: Name, role: Role): void {
    if (role === 'source' && !name.qualified && this.cteNames.has(name.ref.table)) return;
    this.mentions.push({ ref: name.ref, start: name.start, end: name.end, role });
  }

  private mention(i: number, role: Role): Name | null {
    const name = this.name(i);
    if (name) this.record(name, role);
    return name;
  }

  /** The index after token i, stepping over a whole parenthesised group. */
  private after(i: number): number {
    return this.punct(i, '(') ? this.closeOf(i) + 1 : i + 1;
  }

  private closeOf(open: number): number {
    return this.closes.get(open) ?? this.tokens.length;
  }

  private word(i: number, ...keywords: string[]): boolean {
    const t = this.tokens[i];
    return t?.kind === 'word' && keywords.includes(t.keyword);
  }

  private seq(i: number, ...keywords: string[]): boolean {
    return keywords.every((kw, n) => this.word(i + n, kw));
  }

  private punct(i: number, ch: string): boolean {
    const t = this.tokens[i];
    return t?.kind === 'punct' && t.value === ch;
  }

  private skipWords(i: number, ...keywords: string[]): number {
    let k = i;
    while (this.word(k, ...keywords)) k += 1;
    return k;
  }
}

export function parseDdl(sql: string, defaultDatabase: string | null): DdlStatement {
  const reader = new Reader(sql, defaultDatabase);
  const kind = reader.classify(0);
  return {
    kind,
    sql,
    defaultDatabase,
    mentions: reader.mentions.sort((a, b) => a.start - b.start),
    renames: kind === 'rename-table' || kind === 'alter-table' ? reader.renames : [],
    ifExists: reader.ifExists,
    ifNotExists: reader.ifNotExists,
  };
}

/**
 * Rewrites the statement with every mention replaced by `rename(ref)` rendered as a fully
 * qualified backquoted name (`db`.`t`, backquotes in names doubled); mentions for which rename
 * returns null are left as written. Everything else (comments, spacing, case) is kept byte for
 * byte.
 */
export function rewriteTables(
  stmt: DdlStatement,
  rename: (ref: TableRef, mention: TableMention) => TableRef | null,
): string {
  let out = '';
  let at = 0;
  for (const m of stmt.mentions) {
    const to = rename(m.ref, m);
    if (!to) continue;
    out += stmt.sql.slice(at, m.start) + qualify(to.database, to.table);
    at = m.end;
  }
  return out + stmt.sql.slice(at);
}

/**
 * For a DROP TABLE naming several tables: one DROP TABLE statement per mention (keeping IF EXISTS),
 * so the engine can drop only the selected ones. Each keeps the text before the first name and
 * after the last (IF EXISTS, comments, RESTRICT, "generated by server") as written.
 */
export function splitDropTable(stmt: DdlStatement): DdlStatement[] {
  const first = stmt.mentions[0];
  const last = stmt.mentions[stmt.mentions.length - 1];
  if (stmt.kind !== 'drop-table' || !first || !last || first === last) return [stmt];
  const head = stmt.sql.slice(0, first.start);
  const tail = stmt.sql.slice(last.end);
  return stmt.mentions.map((m) =>
    parseDdl(head + stmt.sql.slice(m.start, m.end) + tail, stmt.defaultDatabase),
  );
}
