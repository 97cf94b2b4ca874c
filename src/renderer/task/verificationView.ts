import type { RepairPreview, VerifyResult } from '../../shared/api.js';
import type {
  DifferenceKind,
  RowDifference,
  TableVerification,
  VerificationReport,
} from '../../shared/verify.js';
import { formatNumber } from '../format.js';

export const differs = (t: TableVerification): boolean => t.differenceCount > 0;

export function verdict(t: TableVerification): 'Consistent' | 'Different' {
  return differs(t) ? 'Different' : 'Consistent';
}

/** The engine's own words for the outcome, so the screen and the log agree. */
export function summaryLine(report: VerificationReport): string {
  const n = report.tables.length;
  if (n === 0) return 'No tables were compared.';
  const differing = report.tables.filter(differs).length;
  return differing === 0
    ? `All ${n} tables are consistent.`
    : `${differing} of ${n} tables differ.`;
}

export const KIND_LABELS: Record<DifferenceKind, string> = {
  missing: 'Missing on target',
  extra: 'Extra on target',
  changed: 'Changed',
};

/** `id=5, region=0x4555`: key columns in the engine's canonical text. */
export function keyText(key: RowDifference['key']): string {
  return Object.entries(key)
    .map(([column, value]) => `${column}=${value}`)
    .join(', ');
}

export interface ShownVerification {
  report: VerificationReport;
  /** The repairs for this report: only a run from this window has them. */
  repairs: RepairPreview[];
  repaired: boolean;
}

/**
 * The newer of this window's last run and the stored report (a verification from the command
 * line, or from before the app was opened).
 */
export function shownVerification(
  run: VerifyResult | null,
  stored: VerificationReport | null,
): ShownVerification | null {
  const runAt = run ? Date.parse(run.report.startedAt) : -Infinity;
  const storedAt = stored ? Date.parse(stored.startedAt) : -Infinity;
  if (run && runAt >= storedAt) return { ...run };
  if (stored) return { report: stored, repairs: [], repaired: false };
  return null;
}

export interface RepairCounts {
  statements: number;
  tables: number;
}

export function repairCounts(repairs: readonly RepairPreview[]): RepairCounts {
  const withStatements = repairs.filter((r) => r.statements.length > 0);
  return {
    statements: withStatements.reduce((n, r) => n + r.statements.length, 0),
    tables: withStatements.length,
  };
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

export function repairCountsText(counts: RepairCounts): string {
  const statements = plural(counts.statements, 'statement', 'statements');
  const tables = plural(counts.tables, 'table', 'tables');
  return `${formatNumber(counts.statements)} ${statements} for ${formatNumber(counts.tables)} ${tables}`;
}
