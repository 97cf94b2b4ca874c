import type { CheckResult } from '../../shared/precheck.js';
import type { DatabaseCatalog, TableDef, TableMapping } from '../../shared/catalog.js';
import type { AnyTaskSpec } from '../../shared/task.js';
import type { Endpoint } from '../connect/Endpoint.js';
import type { TaskSession } from '../task/TaskSession.js';

/**
 * What the source-side checks read: the same whether the target is a database or Kafka, so
 * both precheck with the same checks.
 */
export interface SourceView {
  spec: Pick<AnyTaskSpec, 'steps' | 'options'>;
  source: Endpoint;
  catalogs: DatabaseCatalog[];
  mappings: TableMapping[];
  tableDef(database: string, table: string): TableDef | undefined;
}

/**
 * One concern of the precheck. `id` and `title` name the result the Prechecker reports when the
 * check itself throws, so a broken check still shows up as a line the user can act on.
 */
export interface Check {
  id: string;
  title: string;
  run(session: TaskSession): Promise<CheckResult[]>;
}

/** A check of the source alone. */
export interface SourceCheck {
  id: string;
  title: string;
  run(session: SourceView): Promise<CheckResult[]>;
}

type Fields = Omit<CheckResult, 'status'>;

export const pass = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: 'pass',
  detail,
  fix: '',
});

export const warn = (fields: Fields): CheckResult => ({ ...fields, status: 'warn' });

export const fail = (fields: Fields): CheckResult => ({ ...fields, status: 'fail' });

/** "a, b, c and 7 more": long object lists stay readable; `objects` carries the full list. */
export function listSome(items: readonly string[], limit = 10): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

/** The server's own words for a failed statement, without what Endpoint adds around them. */
export function serverMessage(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { sqlMessage?: unknown } | undefined) : undefined;
  if (typeof cause?.sqlMessage === 'string') return cause.sqlMessage;
  return e instanceof Error ? e.message : String(e);
}
