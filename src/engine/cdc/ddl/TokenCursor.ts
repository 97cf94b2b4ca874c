// Steps through a statement's tokens: keyword and punctuation tests by index, and whole
// parenthesised groups skipped at once. The base of the readers that find table mentions.

import { tokenize, type Token } from './SqlTokens.js';

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

export abstract class TokenCursor {
  protected readonly tokens: Token[];
  private readonly closes: Map<number, number>;

  constructor(sql: string) {
    this.tokens = tokenize(sql);
    this.closes = matchParens(this.tokens);
  }

  /** The index after token i, stepping over a whole parenthesised group. */
  protected after(i: number): number {
    return this.punct(i, '(') ? this.closeOf(i) + 1 : i + 1;
  }

  protected closeOf(open: number): number {
    return this.closes.get(open) ?? this.tokens.length;
  }

  protected word(i: number, ...keywords: string[]): boolean {
    const t = this.tokens[i];
    return t?.kind === 'word' && keywords.includes(t.keyword);
  }

  protected seq(i: number, ...keywords: string[]): boolean {
    return keywords.every((kw, n) => this.word(i + n, kw));
  }

  protected punct(i: number, ch: string): boolean {
    const t = this.tokens[i];
    return t?.kind === 'punct' && t.value === ch;
  }

  protected skipWords(i: number, ...keywords: string[]): number {
    let k = i;
    while (this.word(k, ...keywords)) k += 1;
    return k;
  }
}
