// Classifies a statement by its leading keywords and records the tables each DDL family names:
// subjects, LIKE and query sources, renames, REFERENCES and partition exchanges.

import { QueryReader } from './QueryReader.js';
import type { DdlKind, DdlStatement } from './Types.js';

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

export class Classifier extends QueryReader {
  readonly renames: DdlStatement['renames'] = [];
  ifExists = false;
  ifNotExists = false;

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

  private references(from: number, to: number): void {
    for (let k = from; k < to; k += 1) {
      if (this.word(k, 'REFERENCES')) this.mention(k + 1, 'reference');
    }
  }
}
