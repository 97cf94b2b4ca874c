import type { Store } from '../store/Store.js';
import { gatherReport } from './ReportData.js';
import { renderReportHtml } from './ReportHtml.js';

export interface CutoverReport {
  html: string;
  /** What to save it as: `<task name>-report.html` (task names are safe file names). */
  fileName: string;
}

/** The cutover report of a task, from the store alone: what the CLI writes and the app prints. */
export function buildReport(store: Store, name: string): CutoverReport {
  return { html: renderReportHtml(gatherReport(store, name)), fileName: `${name}-report.html` };
}
