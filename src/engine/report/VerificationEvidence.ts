import type { TableVerification, VerificationReport } from '../../shared/verify.js';

/** A table's comparison that vouches for it in the latest verification. */
export interface TableEvidence {
  table: TableVerification;
  /** When the verification that compared it started. */
  comparedAt: string;
  /** Compared by the latest verification itself, not carried over as unchanged. */
  inLatest: boolean;
}

/**
 * Per table, the comparison the latest verification stands on: its own, or, for a table a final
 * verification of changed tables left out as unchanged, the newest earlier one that compared it.
 * `reports` oldest first; a left-out table no report compared is absent.
 */
export function latestEvidence(reports: readonly VerificationReport[]): TableEvidence[] {
  const latest = reports.at(-1);
  if (!latest) return [];
  const own = latest.tables.map((table) => ({
    table,
    comparedAt: latest.startedAt,
    inLatest: true,
  }));
  const carried = (latest.unchanged?.tables ?? []).flatMap((source) => {
    for (const report of reports.slice(0, -1).reverse()) {
      const table = report.tables.find((t) => t.source === source);
      if (table) return [{ table, comparedAt: report.startedAt, inLatest: false }];
    }
    return [];
  });
  return [...own, ...carried];
}
