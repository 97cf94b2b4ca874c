import type { RowData } from '@vlasky/zongji';
import type { BinlogPosition } from '../../../shared/position.js';
import { normalise } from '../../cdc/ColumnCodec.js';
import { codecsByName, matchesFilter } from '../../cdc/ChangePlanner.js';
import type { RowChange } from '../../cdc/StreamItems.js';
import type { KafkaOp, RowEvent, RowValues } from './KafkaEvent.js';
import type { KafkaRoute } from './KafkaSession.js';

/**
 * The event one row change of the binlog becomes, or null when the task's row filter leaves it
 * out. An update that moves a row into the filter is an insert for the consumer, one that moves
 * it out a delete. `row` is the change's place among its transaction's messages, which makes its
 * id; `commit` dates it.
 */
export function changeEvent(
  route: Pick<KafkaRoute, 'table' | 'filter'>,
  change: RowChange,
  row: number,
  commit: { end: BinlogPosition | null; timestampMs: number },
): RowEvent | null {
  const byName = codecsByName(change.columns);
  const passes = (image: RowData | null): image is RowData =>
    image !== null && matchesFilter(route.filter, byName, image);
  const before = passes(change.before) ? change.before : null;
  const after = passes(change.after) ? change.after : null;
  let op: KafkaOp;
  if (change.kind === 'insert' || (change.kind === 'update' && !before)) op = 'insert';
  else if (change.kind === 'delete' || !after) op = 'delete';
  else op = 'update';
  if ((op === 'delete' && !before) || (op !== 'delete' && !after)) return null;
  const values = (image: RowData | null): RowValues | null => {
    if (!image) return null;
    const out: RowValues = {};
    for (const codec of change.columns) out[codec.name] = normalise(codec, image[codec.name]);
    return out;
  };
  const start = change.txnStart;
  return {
    kind: 'row',
    op,
    table: route.table,
    before: op === 'insert' ? null : values(before),
    after: op === 'delete' ? null : values(after),
    sourceMs: commit.timestampMs,
    position: { file: start.file, pos: start.pos, gtid: commit.end?.gtid ?? null, row },
    id: `binlog:${start.file}:${start.pos}:${row}`,
  };
}
