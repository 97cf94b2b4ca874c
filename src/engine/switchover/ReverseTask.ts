import type { TableMapping } from '../../shared/catalog.js';
import type { BinlogPosition } from '../../shared/position.js';
import type { ObjectRule, TaskSpec } from '../../shared/task.js';
import { CutoverError } from '../errors.js';
import { START_POSITION_STREAM } from '../snapshot/FullCopy.js';
import { CheckpointRepository } from '../store/CheckpointRepository.js';
import type { Store } from '../store/Store.js';
import { TaskRepository, type Task } from '../store/TaskRepository.js';

/** A reverse task is named after its forward task with this suffix. */
export const REVERSE_SUFFIX = '.reverse';
const MAX_NAME = 64;

export function reverseName(forward: string): string {
  return `${forward}${REVERSE_SUFFIX}`;
}

/**
 * The task on the other side of a task's data: the reverse of a forward task and the forward of
 * a reverse task. A change stream skips the transactions this task marked on its source, since
 * they carry changes that came from its own target (no echo).
 */
export function pairedTask(name: string): string {
  return name.endsWith(REVERSE_SUFFIX) ? name.slice(0, -REVERSE_SUFFIX.length) : reverseName(name);
}

/**
 * The reverse of a forward task: it reads the target's binlog and writes the old source, for
 * exactly the tables the forward task copies, with renames undone and the same column subsets.
 * Row filters are not reversed: rows a filter left on the source never reached the target, and
 * the target's rows are all ones the filter let through.
 */
export function reverseSpec(forward: TaskSpec, mappings: readonly TableMapping[]): TaskSpec {
  const name = reverseName(forward.name);
  if (name.length > MAX_NAME) {
    throw new CutoverError(
      'USAGE',
      `Task "${forward.name}" has too long a name for its reverse task "${name}" (at most ${MAX_NAME} characters).`,
      `Use a task name of at most ${MAX_NAME - REVERSE_SUFFIX.length} characters.`,
    );
  }
  const rules = new Map<string, ObjectRule>();
  for (const m of mappings) {
    const key = JSON.stringify([m.target.database, m.source.database]);
    let rule = rules.get(key);
    if (!rule) {
      rule = {
        database: m.target.database,
        tables: [],
        targetDatabase: m.source.database,
        views: 'skip',
        triggers: 'skip',
        routines: 'skip',
        events: 'skip',
      };
      rules.set(key, rule);
    }
    rule.tables.push(m.target.table);
    if (m.target.table !== m.source.table) {
      rule.rename = { ...rule.rename, [m.target.table]: m.source.table };
    }
    if (m.columns) rule.columns = { ...rule.columns, [m.target.table]: [...m.columns] };
  }
  if (rules.size === 0) {
    throw new CutoverError(
      'SELECTION_INVALID',
      `Task "${forward.name}" copies no tables, so there is nothing to sync back.`,
      "Check the task's objects with `cutover plan`.",
    );
  }
  // The reverse reader is another replica of another server: it gets an id of its own.
  const options = { ...forward.options };
  delete options.serverId;
  delete options.twoWay;
  return {
    name,
    source: { ...forward.target },
    target: { ...forward.source },
    objects: [...rules.values()],
    steps: ['incremental'],
    options: { ...options, existingTables: 'keep' },
  };
}

/**
 * Records the reverse task with the position on the target it starts reading from (taken when
 * the forward stream stopped, so nothing written on the target after that is missed). Preparing
 * it again keeps the first position: a resumed switchover must not skip or repeat changes.
 */
export function prepareReverseTask(store: Store, spec: TaskSpec, from: BinlogPosition): Task {
  const { task } = new TaskRepository(store.db).createOrGet(spec);
  const checkpoints = new CheckpointRepository(store.db);
  if (!checkpoints.get(task.id, START_POSITION_STREAM)) {
    checkpoints.put(task.id, START_POSITION_STREAM, from);
  }
  return task;
}

/**
 * The reverse stream of a two-way task, run beside the forward one: the same as after a
 * switchover, except that DDL stays one-way. The forward stream carries the source's DDL to the
 * target, and the target's binlog holds it again; carried back, it would be applied twice.
 */
export function twoWayReverseSpec(forward: TaskSpec, mappings: readonly TableMapping[]): TaskSpec {
  const reverse = reverseSpec(forward, mappings);
  return { ...reverse, options: { ...reverse.options, ddl: 'ignore' } };
}
