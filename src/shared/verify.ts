/** What verification found, per table and in all. */

export type DifferenceKind = 'missing' | 'extra' | 'changed';

export interface RowDifference {
  /** missing: only on the source; extra: only on the target; changed: on both, values differ. */
  kind: DifferenceKind;
  /** The row's key columns, each in its canonical text (numbers as digits, strings as hex). */
  key: Record<string, string>;
  /** For changed rows: the columns whose values differ. */
  columns: string[];
}

export interface TableVerification {
  /** `db.table` on each side. */
  source: string;
  target: string;
  rowsSource: number;
  rowsTarget: number;
  chunks: number;
  chunksDiffering: number;
  /** Every difference found, up to the report limit; `differenceCount` counts them all. */
  differences: RowDifference[];
  differenceCount: number;
  seconds: number;
}

export interface VerificationReport {
  tables: TableVerification[];
  consistent: boolean;
  startedAt: string;
  seconds: number;
  /**
   * A final verification of the changed tables only: the tables left out, which the change
   * stream read no change to since the consistent verification started at `since`.
   */
  unchanged?: { tables: string[]; since: string };
}
