// Finds the tables statement-format DML writes and the tables queries read (FROM, JOIN, common
// table expressions), where the reader can be sure of them.

import { isNamePart, NameReader } from './Names.js';
import type { Role } from './Types.js';

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

export abstract class QueryReader extends NameReader {
  /** Statement-format DML: the table written and the tables read, where they are certain. */
  protected dml(i: number): void {
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
  protected scan(from: number, to: number, active: boolean): void {
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
  protected startsQuery(i: number): boolean {
    let k = i;
    while (this.punct(k, '(')) k += 1;
    // WITH SYSTEM VERSIONING is a MariaDB table option, not a common table expression.
    return (
      this.word(k, 'SELECT', 'VALUES', 'TABLE') ||
      (this.word(k, 'WITH') && !this.word(k + 1, 'SYSTEM'))
    );
  }
}
