// The error a row filter gets when it uses something the change stream cannot evaluate.

import { CutoverError } from '../../errors.js';

export function unsupported(sql: string, what: string, at: number): CutoverError {
  return new CutoverError(
    'FILTER_UNSUPPORTED',
    `The row filter "${sql}" uses ${what} (at character ${at + 1}), which the change stream cannot evaluate.`,
    'Rewrite the filter with comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL, arithmetic and simple functions (LOWER, UPPER, LENGTH, COALESCE, IFNULL, ABS, CONCAT, SUBSTRING, TRIM, DATE, YEAR, MONTH, DAY), or remove it; the full copy and the change stream must agree on which rows belong.',
  );
}
