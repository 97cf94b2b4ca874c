/**
 * max_allowed_packet on both sides against the largest row of each selected table: the source
 * must be able to send it, the target to receive it as one INSERT. Tables whose declared sizes
 * already fit are not scanned; the rest are measured with a time limit.
 */
import type { ColumnDef, Flavor, TableMapping } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import type { Endpoint, Session } from '../connect/Endpoint.js';
import { qualify } from '../sql/Identifiers.js';
import type { TaskSession } from '../task/TaskSession.js';
import { fail, listSome, pass, serverMessage, warn, type Check } from './Check.js';
import {
  declaredRowBytes,
  formatBytes,
  measureSelect,
  measuredRowBytes,
  suggestedPacket,
  type RowBytes,
} from './RowSize.js';

/** How long one table's scan may take before its size counts as unknown. */
export const MEASURE_LIMIT_MS = 20_000;

export interface TableRowSize {
  /** `db.table` on the source. */
  name: string;
  bytes: RowBytes;
}

export interface PacketSide {
  role: 'source' | 'target';
  flavor: Flavor;
  packet: number;
}

/** Fails when some row would not fit the side's max_allowed_packet. */
export function judgePacket(side: PacketSide, rows: readonly TableRowSize[]): CheckResult {
  const id = `${side.role}.max_allowed_packet`;
  const title = `${side.role === 'source' ? 'Source' : 'Target'} max_allowed_packet`;
  const size = (r: TableRowSize): number => (side.role === 'source' ? r.bytes.raw : r.bytes.text);
  const current = `max_allowed_packet = ${side.packet} (${formatBytes(side.packet)})`;
  const tooLarge = rows.filter((r) => size(r) > side.packet).sort((a, b) => size(b) - size(a));
  const largest = tooLarge[0];
  if (!largest) return pass(id, title, `Every selected row fits in ${current}.`);
  const what = side.role === 'source' ? 'as the source sends it' : 'as a single-row INSERT';
  const detail = `${current}, but the largest rows are bigger ${what}: ${listSome(
    tooLarge.map((r) => `${r.name} (${formatBytes(size(r))})`),
  )}.`;
  const objects = tooLarge.map((r) => r.name);
  const needed = suggestedPacket(size(largest));
  if (needed === null) {
    return fail({
      id,
      title,
      detail: `${detail} That is past the 1 GB maximum any server accepts.`,
      fix: 'Leave the largest columns out of the task (objects[].columns) or exclude the table, and move that data by other means.',
      objects,
    });
  }
  const scope =
    side.flavor === 'oceanbase'
      ? 'OceanBase has no session value for it: the global value applies to connections opened afterwards.'
      : 'It applies to connections opened afterwards; also set max_allowed_packet in my.cnf so a restart keeps it.';
  return fail({
    id,
    title,
    detail,
    fix: `Raise max_allowed_packet on the ${side.role} with the SQL below, then run the precheck again. ${scope}`,
    sql: `SET GLOBAL max_allowed_packet = ${needed};`,
    objects,
  });
}

/** A server-side statement time limit, so a scan stops on the server too; best effort. */
async function limitStatementTime(s: Session, flavor: Flavor, ms: number): Promise<void> {
  const sql =
    flavor === 'mariadb'
      ? `SET SESSION max_statement_time = ${ms / 1000}`
      : flavor === 'oceanbase'
        ? `SET SESSION ob_query_timeout = ${ms * 1000}`
        : `SET SESSION max_execution_time = ${ms}`;
  await s.execute(sql).catch(() => undefined);
}

type Measurement = { bytes: RowBytes } | { problem: string };

export async function measureLargestRow(
  source: Endpoint,
  mapping: TableMapping,
  columns: readonly ColumnDef[],
  limitMs: number,
): Promise<Measurement> {
  const from = qualify(mapping.source.database, mapping.source.table);
  try {
    return await source.session(async (s): Promise<Measurement> => {
      await limitStatementTime(s, source.info.flavor, limitMs);
      let timer: NodeJS.Timeout | undefined;
      // Servers without a statement limit (MySQL before 5.7.8) are cut off from this side: the
      // session closes its connection when this returns.
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), limitMs + 2_000);
      });
      const rows = await Promise.race([
        s.query<{ raw: unknown; text: unknown }>(`SELECT ${measureSelect(columns)} FROM ${from}`),
        late,
      ]).finally(() => clearTimeout(timer));
      if (rows === null) return { problem: `the scan took longer than ${limitMs / 1000} s` };
      const r = rows[0];
      return {
        bytes: measuredRowBytes(columns, { raw: Number(r?.raw ?? 0), text: Number(r?.text ?? 0) }),
      };
    });
  } catch (e) {
    return { problem: serverMessage(e) };
  }
}

/** Runs fn over items, at most `limit` at a time. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface LargestRows {
  /** Tables whose declared sizes might not fit, with their measured largest row. */
  sizes: TableRowSize[];
  /** Tables that could not be measured, with the reason. */
  unmeasured: { name: string; problem: string }[];
}

/**
 * The largest row of every selected table whose declared sizes might not fit either side's
 * max_allowed_packet, measured on the source, each scan limited to `limitMs`.
 */
export async function largestRows(session: TaskSession, limitMs: number): Promise<LargestRows> {
  const sourcePacket = session.source.info.maxAllowedPacket;
  const targetPacket = session.target.info.maxAllowedPacket;
  const tables = session.mappings.flatMap((mapping) => {
    const def = session.tableDef(mapping.source.database, mapping.source.table);
    if (!def) return [];
    // Generated columns are computed by the target, never sent.
    const columns = def.columns.filter(
      (c) => c.generated === null && (mapping.columns === null || mapping.columns.includes(c.name)),
    );
    const declared = declaredRowBytes(columns);
    return declared.raw > sourcePacket || declared.text > targetPacket
      ? [{ mapping, columns }]
      : [];
  });
  const concurrency = Math.min(4, Math.max(1, session.spec.options.concurrency));
  const measured = await mapLimit(tables, concurrency, async (t) => ({
    name: `${t.mapping.source.database}.${t.mapping.source.table}`,
    result: await measureLargestRow(session.source, t.mapping, t.columns, limitMs),
  }));
  const result: LargestRows = { sizes: [], unmeasured: [] };
  for (const { name, result: r } of measured) {
    if ('bytes' in r) result.sizes.push({ name, bytes: r.bytes });
    else result.unmeasured.push({ name, problem: r.problem });
  }
  return result;
}

export interface PacketCheckOptions {
  measureLimitMs?: number;
}

export function packetCheck(options: PacketCheckOptions = {}): Check {
  const limitMs = options.measureLimitMs ?? MEASURE_LIMIT_MS;
  return {
    id: 'max_allowed_packet',
    title: 'max_allowed_packet',
    async run(session: TaskSession) {
      const source = session.source.info;
      const target = session.target.info;
      const { sizes, unmeasured } = await largestRows(session, limitMs);
      const results = [
        judgePacket(
          { role: 'source', flavor: source.flavor, packet: source.maxAllowedPacket },
          sizes,
        ),
        judgePacket(
          { role: 'target', flavor: target.flavor, packet: target.maxAllowedPacket },
          sizes,
        ),
      ];
      if (unmeasured.length > 0) {
        results.push(
          warn({
            id: 'source.tables.row_size',
            title: 'Largest rows measured',
            detail: `The largest row of these tables could not be measured, so max_allowed_packet was not checked for them: ${unmeasured.map((u) => `${u.name} (${u.problem})`).join('; ')}.`,
            fix: `Check by hand that the TEXT/BLOB/JSON columns of their largest rows add up to well under max_allowed_packet on both servers (source ${formatBytes(source.maxAllowedPacket)}, target ${formatBytes(target.maxAllowedPacket)}).`,
            objects: unmeasured.map((u) => u.name),
          }),
        );
      }
      return results;
    },
  };
}
