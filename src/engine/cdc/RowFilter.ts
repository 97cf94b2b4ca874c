import type { ColumnDef } from '../../shared/catalog.js';
import { Compiler } from './filter/Compiler.js';
import { Parser } from './filter/Parser.js';
import { tokenize } from './filter/Tokenizer.js';
import { truth, type FilterRow } from './filter/Types.js';

export type { FilterRow, FilterValue } from './filter/Types.js';

export interface RowFilter {
  readonly sql: string;
  /** Column names the expression reads, as the table spells them. */
  readonly columns: string[];
  /** WHERE semantics: true only when the expression is TRUE (NULL counts as false). */
  matches(row: FilterRow): boolean;
}

/*
 * How the evaluator follows the server (MariaDB 10.11 is the reference it is tested against):
 * - Every expression gets a static type at compile time (integer, exact decimal, double, string
 *   with a collation, temporal, NULL), and each comparison picks its method from the two types the
 *   way the server's Arg_comparator does: strings by collation, integers and decimals exactly,
 *   anything mixing numbers and text as doubles, temporal values as datetimes.
 * - Exact arithmetic uses bigints; division keeps the server's internal digits (multiples of nine)
 *   and comparisons round decimals to the declared scale, as MariaDB does (1/3 = 0.3333).
 * - Comparisons whose outcome depends on conversion rules the server applies inconsistently (IN
 *   lists and BETWEEN mixing numbers and free text, columns of different collations, TIME against
 *   dates) are refused rather than guessed.
 */

/**
 * Compiles a task's row filter (an SQL boolean expression over the source row) for the change
 * stream. The supported subset is what filters are made of; anything else (NOW(), subqueries,
 * variables, REGEXP, CASE …) is refused here, so the precheck can say so before the task starts.
 */
export function compileRowFilter(sql: string, columns: readonly ColumnDef[]): RowFilter {
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const used = new Set<string>();
  const tree = new Parser(sql, tokenize(sql), byName, used).parse();
  const root = new Compiler(sql).compile(tree);
  return {
    sql,
    columns: [...used],
    matches: (row) => truth(root.ev(row), root.ty) === true,
  };
}
