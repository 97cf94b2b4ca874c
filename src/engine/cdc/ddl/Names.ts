// Reads possibly-qualified, possibly-quoted table names and records them as mentions.

import type { Token } from './SqlTokens.js';
import { TokenCursor } from './TokenCursor.js';
import type { Role, TableMention, TableRef } from './Types.js';

interface Name {
  ref: TableRef;
  start: number;
  end: number;
  /** Index of the first token after the name. */
  next: number;
  qualified: boolean;
}

export function isNamePart(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'ident');
}

export abstract class NameReader extends TokenCursor {
  readonly mentions: TableMention[] = [];
  protected readonly cteNames = new Set<string>();

  constructor(
    sql: string,
    private readonly defaultDatabase: string | null,
  ) {
    super(sql);
  }

  /** name [, name ...]; returns the index after the list. */
  protected nameList(i: number, role: Role): number {
    let k = i;
    for (;;) {
      const name = this.mention(k, role);
      if (!name) return k;
      if (!this.punct(name.next, ',')) return name.next;
      k = name.next + 1;
    }
  }

  protected name(i: number): Name | null {
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

  protected record(name: Name, role: Role): void {
    if (role === 'source' && !name.qualified && this.cteNames.has(name.ref.table)) return;
    this.mentions.push({ ref: name.ref, start: name.start, end: name.end, role });
  }

  protected mention(i: number, role: Role): Name | null {
    const name = this.name(i);
    if (name) this.record(name, role);
    return name;
  }
}
