import type { TableDef } from '../../shared/catalog.js';
import type { RowDifference, TableVerification } from '../../shared/verify.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { rangeCondition } from '../snapshot/CopyKey.js';
import { Splitter } from '../snapshot/Splitter.js';
import type { TableCopyPlan } from '../snapshot/TableCopyPlan.js';
import type { KeyValue } from '../store/ChunkRepository.js';
import type { BinlogCoordinates } from '../cdc/BinlogCoordinates.js';
import { quoteString } from '../schema/Literals.js';
import { canonical, checksumPart, checksumText, rowText } from './Canonical.js';
import { keyCondition } from './Repair.js';
import { objectPath } from '../sql/Identifiers.js';

/**
 * A change stream applying to the target while verification runs: a chunk that differs is read
 * again once the stream has applied everything the source had when the chunk was read, so a
 * difference that is only lag is never reported.
 */
export interface StreamWatch {
  /** Where the source's binlog is now. */
  sourcePosition(): Promise<BinlogCoordinates>;
  /** Resolves once the stream has applied everything up to `position` (or gives up). */
  caughtUpTo(position: BinlogCoordinates, signal: AbortSignal): Promise<boolean>;
}

export interface TableVerifierOptions {
  chunkRows: number;
  /** Differences kept per table for the report (all are counted). */
  maxReported: number;
  signal: AbortSignal;
  stream: StreamWatch | null;
  /** Reads of a differing chunk under a running stream before its differences count. */
  rounds?: number;
}

interface Side {
  endpoint: Endpoint;
  table: string;
  /** The row filter, on the source only. */
  where: string | null;
  /** Canonical expression per compared column, in plan order. */
  columns: string[];
  key: string[];
  /** What the chunk checksum hashes per row. */
  checksum: string;
}

interface Checksum {
  rows: number;
  a: string;
  b: string;
}

/** Rows still differing after the rounds that are read again under a lock, one by one. */
const MAX_LOCKED_RECHECKS = 50;
/** The longest a source row stays locked while the stream catches up. */
const LOCK_HOLD_MS = 3_000;

/** Columns whose charset the target's copy converted: they are compared in utf8mb4. */
export function convertedColumns(
  plan: TableCopyPlan,
  targetDef: TableDef | undefined,
): Set<string> {
  const byName = new Map(targetDef?.columns.map((c) => [c.name.toLowerCase(), c]) ?? []);
  return new Set(
    plan.columns
      .filter((c) => (c.charset ?? null) !== (byName.get(c.name.toLowerCase())?.charset ?? null))
      .map((c) => c.name),
  );
}

/**
 * Compares one table on both servers: key range by key range, a count and a 128-bit XOR of
 * row hashes per range on each side at once; ranges that differ are read row by row (key and
 * row hash) and matched by key to name the missing, extra and changed rows, and for changed
 * rows the columns that differ.
 */
export class TableVerifier {
  private readonly source: Side;
  private readonly target: Side;
  private readonly names: string[];
  private readonly keyNames: string[];

  constructor(
    sourceEndpoint: Endpoint,
    targetEndpoint: Endpoint,
    private readonly plan: TableCopyPlan,
    private readonly converted: Set<string>,
    private readonly opts: TableVerifierOptions,
  ) {
    const exprs = plan.columns.map((c) => canonical(c, converted.has(c.name)));
    const checksum = checksumText(
      plan.columns,
      plan.columns.map((c) => checksumPart(c, converted.has(c.name))),
    );
    this.names = plan.columns.map((c) => c.name);
    this.keyNames = plan.key?.columns.map((c) => c.name) ?? [];
    const keyExprs = this.keyNames.map((k) => exprs[this.names.indexOf(k)] as string);
    this.source = {
      endpoint: sourceEndpoint,
      table: plan.source,
      where: plan.where,
      columns: exprs,
      key: keyExprs,
      checksum,
    };
    this.target = {
      endpoint: targetEndpoint,
      table: plan.target,
      where: null,
      columns: exprs,
      key: keyExprs,
      checksum,
    };
  }

  private where(side: Side, lower: KeyValue | null, upper: KeyValue | null): string {
    const conditions: string[] = [];
    if (this.plan.key) conditions.push(rangeCondition(this.plan.key, lower, upper));
    if (side.where) conditions.push(`(${side.where})`);
    return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  }

  private async checksum(
    side: Side,
    lower: KeyValue | null,
    upper: KeyValue | null,
  ): Promise<Checksum> {
    // A count, the XOR and the sum of the rows' CRC32s: the XOR is what pt-table-checksum keeps;
    // the sum, not linear in the same way, catches what cancels out in it.
    const sql =
      'SELECT COUNT(*) AS n, COALESCE(BIT_XOR(h), 0) AS a, COALESCE(SUM(h), 0) AS b' +
      ` FROM (SELECT CRC32(${side.checksum}) AS h FROM ${side.table}${this.where(side, lower, upper)}) AS r`;
    const [row] = await side.endpoint.query<{ n: unknown; a: unknown; b: unknown }>(sql);
    return { rows: Number(row?.n ?? 0), a: String(row?.a ?? '0'), b: String(row?.b ?? '0') };
  }

  /** key text → row hash, for the rows of a range. */
  private async hashes(
    side: Side,
    lower: KeyValue | null,
    upper: KeyValue | null,
  ): Promise<Map<string, string>> {
    const key = side.key.length > 0 ? rowText(side.key) : rowText(side.columns);
    const sql = `SELECT ${key} AS k, MD5(${rowText(side.columns)}) AS h FROM ${side.table}${this.where(side, lower, upper)}`;
    const rows = await side.endpoint.query<{ k: unknown; h: unknown }>(sql);
    const out = new Map<string, string>();
    // Keyless tables match rows as multisets: a repeated row counts as many times as it occurs.
    for (const r of rows) {
      let k = String(r.k);
      for (let i = 2; out.has(k); i++) k = `${String(r.k)}#${i}`;
      out.set(k, String(r.h));
    }
    return out;
  }

  private keyRecord(keyText: string): Record<string, string> {
    const names = this.keyNames.length > 0 ? this.keyNames : this.names;
    const parts = keyText.split('#');
    return Object.fromEntries(names.map((n, i) => [n, parts[i] ?? '']));
  }

  /** Which columns of a changed row differ, read on both sides by its key. */
  private async changedColumns(keyText: string): Promise<string[]> {
    const match = (side: Side): string => ` WHERE ${rowText(side.key)} = ${quoteString(keyText)}`;
    const select = (side: Side): string =>
      `SELECT ${side.columns.map((e, i) => `IFNULL(${e}, 'N') AS c${i}`).join(', ')} FROM ${side.table}${match(side)}`;
    const [[a], [b]] = await Promise.all([
      this.source.endpoint.query(select(this.source)),
      this.target.endpoint.query(select(this.target)),
    ]);
    return this.names.filter((_, i) => String(a?.[`c${i}`]) !== String(b?.[`c${i}`]));
  }

  async run(): Promise<TableVerification> {
    const started = Date.now();
    const result: TableVerification = {
      source: objectPath(this.plan.mapping.source.database, this.plan.mapping.source.table),
      target: objectPath(this.plan.mapping.target.database, this.plan.mapping.target.table),
      rowsSource: 0,
      rowsTarget: 0,
      chunks: 0,
      chunksDiffering: 0,
      differences: [],
      differenceCount: 0,
      seconds: 0,
    };
    const splitter = new Splitter(this.source.endpoint, this.plan, this.opts.chunkRows);
    let lower: KeyValue | null = null;
    for (;;) {
      if (this.opts.signal.aborted) break;
      const upper = await splitter.nextUpper(lower);
      const [a, b] = await Promise.all([
        this.checksum(this.source, lower, upper),
        this.checksum(this.target, lower, upper),
      ]);
      result.chunks += 1;
      result.rowsSource += a.rows;
      result.rowsTarget += b.rows;
      if (a.rows !== b.rows || a.a !== b.a || a.b !== b.b) {
        const found = await this.settledDifferences(lower, upper);
        if (found.length > 0) {
          result.chunksDiffering += 1;
          await this.report(found, result);
        }
      }
      if (upper === null) break;
      lower = upper;
    }
    result.seconds = (Date.now() - started) / 1000;
    return result;
  }

  /**
   * The chunk's row differences. Under a running stream a difference may be only lag, so the
   * chunk is read again in rounds: the source first, then, once the stream has applied
   * everything the source had at that read, the target. A difference counts only if it is
   * there in every round; rows that lagged drop out at the first round the stream has passed.
   */
  private async settledDifferences(
    lower: KeyValue | null,
    upper: KeyValue | null,
  ): Promise<RowDifference[]> {
    const [a, b] = await Promise.all([
      this.hashes(this.source, lower, upper),
      this.hashes(this.target, lower, upper),
    ]);
    let found = this.compare(a, b);
    const stream = this.opts.stream;
    for (let round = 1; stream && found.length > 0; round++) {
      if (round > (this.opts.rounds ?? 5) || this.opts.signal.aborted) break;
      const sourceRows = await this.hashes(this.source, lower, upper);
      const readAt = await stream.sourcePosition();
      if (!(await stream.caughtUpTo(readAt, this.opts.signal))) break;
      const targetRows = await this.hashes(this.target, lower, upper);
      const again = new Set(this.compare(sourceRows, targetRows).map(identity));
      found = found.filter((d) => again.has(identity(d)));
    }
    if (stream && this.plan.key && found.length > 0 && found.length <= MAX_LOCKED_RECHECKS) {
      const settled: RowDifference[] = [];
      for (const d of found) {
        if (await this.differsLocked(d, stream)) settled.push(d);
      }
      found = settled;
    }
    return found;
  }

  /**
   * Reads one row on both sides while the source row is locked in share mode. A row the
   * application changes many times a second still differs after every round above: each read of
   * the target already holds a later change than the read of the source. Under the lock nothing
   * changes the source row, so once the stream has applied everything the source had committed
   * by then, the target must hold the same row. Writers of that row wait at most the lock hold.
   */
  private async differsLocked(d: RowDifference, stream: StreamWatch): Promise<boolean> {
    const key = this.plan.key?.columns ?? [];
    const where = keyCondition(
      key,
      key.map((c) => d.key[c.name] ?? ''),
      this.converted,
    );
    const hash = `MD5(${rowText(this.source.columns)}) AS h`;
    const filter = this.source.where ? ` AND (${this.source.where})` : '';
    return this.source.endpoint.session(async (s) => {
      await s.execute('START TRANSACTION');
      try {
        const [a] = await s.query<{ h: unknown }>(
          `SELECT ${hash} FROM ${this.source.table} WHERE ${where}${filter} LOCK IN SHARE MODE`,
        );
        const at = await stream.sourcePosition();
        const hold = AbortSignal.any([this.opts.signal, AbortSignal.timeout(LOCK_HOLD_MS)]);
        if (!(await stream.caughtUpTo(at, hold))) return true;
        const [b] = await this.target.endpoint.query<{ h: unknown }>(
          `SELECT ${hash} FROM ${this.target.table} WHERE ${where}`,
        );
        return String(a?.h ?? '') !== String(b?.h ?? '');
      } finally {
        await s.execute('ROLLBACK');
      }
    });
  }

  private compare(a: Map<string, string>, b: Map<string, string>): RowDifference[] {
    const found: RowDifference[] = [];
    for (const [k, h] of a) {
      const other = b.get(k);
      if (other === undefined) found.push({ kind: 'missing', key: this.keyRecord(k), columns: [] });
      else if (other !== h) found.push({ kind: 'changed', key: this.keyRecord(k), columns: [k] });
    }
    for (const k of b.keys()) {
      if (!a.has(k)) found.push({ kind: 'extra', key: this.keyRecord(k), columns: [] });
    }
    return found;
  }

  private async report(found: RowDifference[], result: TableVerification): Promise<void> {
    for (const d of found) {
      result.differenceCount += 1;
      if (result.differences.length >= this.opts.maxReported) continue;
      if (d.kind === 'changed') d.columns = await this.changedColumns(d.columns[0] ?? '');
      result.differences.push(d);
    }
  }
}

function identity(d: RowDifference): string {
  return `${d.kind}\u0000${JSON.stringify(d.key)}`;
}
