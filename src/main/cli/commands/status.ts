import type { AnyTaskSpec } from '../../../shared/task.js';
import { CutoverError } from '../../../engine/errors.js';
import { ChunkRepository } from '../../../engine/store/ChunkRepository.js';
import { EventRepository } from '../../../engine/store/EventRepository.js';
import { ProgressRepository } from '../../../engine/store/ProgressRepository.js';
import { SchemaObjectRepository } from '../../../engine/store/SchemaObjectRepository.js';
import { StepRepository } from '../../../engine/store/StepRepository.js';
import { StreamStatsRepository } from '../../../engine/store/StreamStatsRepository.js';
import { VerificationRepository } from '../../../engine/store/VerificationRepository.js';
import type { StreamStatus } from '../../../shared/stream.js';
import { describeStream } from '../ProgressView.js';
import type { Store } from '../../../engine/store/Store.js';
import { reverseName } from '../../../engine/switchover/ReverseTask.js';
import {
  readSwitchover,
  switchedOver,
  SWITCHOVER_STEPS,
} from '../../../engine/switchover/Switchover.js';
import { TaskRepository } from '../../../engine/store/TaskRepository.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';
import { bar, formatBytes, formatCount, formatDuration } from '../Terminal.js';

const PACE_WINDOW_S = 30;

/** `cutover status`: what the store knows about a task; works while the task runs. */
export function statusCommand(spec: AnyTaskSpec, store: Store, out: Output): number {
  const task = new TaskRepository(store.db).getByName(spec.name);
  if (!task) {
    throw new CutoverError(
      'TASK_NOT_FOUND',
      `Task "${spec.name}" has not run in the state dir ${store.dir}.`,
      'Start it with `cutover run`, or pass the --state-dir it ran with.',
    );
  }
  const steps = new StepRepository(store.db).list(task.id);
  const objects = new SchemaObjectRepository(store.db).list(task.id);
  const tables = new ProgressRepository(store.db).list(task.id);
  const events = new EventRepository(store.db).list(task.id, { limit: 10, latest: true });
  const streams = new StreamStatsRepository(store.db).list<StreamStatus>(task.id);
  const verification = new VerificationRepository(store.db).latest(task.id);
  const switchover = readSwitchover(store, task.id);
  // The pace of the last chunks finished, since status runs in another process than the copy.
  const chunks = new ChunkRepository(store.db);
  const pace = (startedAt: string | null, done: number, total: number): string => {
    const now = Date.now();
    const from = Math.max(now - PACE_WINDOW_S * 1000, startedAt ? Date.parse(startedAt) : now);
    const seconds = (now - from) / 1000;
    const recent = chunks.doneSince(task.id, new Date(from).toISOString());
    if (recent.rows === 0 || seconds <= 0) return '';
    const rowsPerSecond = recent.rows / seconds;
    const eta = formatDuration(((total - done) / rowsPerSecond) * 1000);
    return `, ${formatCount(rowsPerSecond)} rows/s ${formatBytes(recent.bytes / seconds)}/s, eta ${eta}`;
  };

  out.record({
    type: 'status',
    task,
    steps,
    objects,
    tables,
    streams,
    verification,
    switchover,
    events,
  });
  if (out.json) return EXIT.ok;

  const s = out.style;
  out.line(
    `${s.bold(task.name)}: ${task.state}${task.currentStep ? ` (step ${task.currentStep})` : ''}`,
  );
  if (task.error) out.line(s.red(`  last error ${task.error.code}: ${task.error.message}`));
  for (const step of spec.steps) {
    const st = steps.find((x) => x.step === step);
    const ofStep = tables.filter((t) => t.step === step);
    let summary = '';
    if (ofStep.length > 0) {
      const done = ofStep.reduce((n, t) => n + t.rowsDone, 0);
      const total = ofStep.reduce((n, t) => n + Math.max(t.rowsTotal ?? 0, t.rowsDone), 0);
      const finished = ofStep.filter((t) => t.state === 'done').length;
      const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
      summary = `  ${formatCount(done)}/${formatCount(total)} rows${pct}, ${finished} of ${ofStep.length} tables done`;
      if (st?.state === 'running' && task.state === 'running')
        summary += pace(st.startedAt, done, total);
    }
    out.line(`  ${step.padEnd(12)} ${st?.state ?? 'pending'}${summary}`);
    if (step === 'incremental') {
      for (const stream of streams) {
        out.line(`    ${describeStream(stream.stats)} (measured ${stream.updatedAt})`);
      }
    }
  }
  if (verification) {
    const rows = verification.tables.reduce((n, t) => n + t.rowsSource, 0);
    const differing = verification.tables.filter((t) => t.differenceCount > 0).length;
    out.line(
      `  last verification ${verification.startedAt}: ${verification.consistent ? 'consistent' : `${differing} table(s) differ`}, ${verification.tables.length} tables, ${formatCount(rows)} rows, ${verification.seconds.toFixed(1)} s`,
    );
  }
  if (switchover) {
    const phase = switchover.rolledBack
      ? 'rolled back'
      : switchedOver(switchover)
        ? `switched over; reverse task ${reverseName(task.name)}`
        : 'in progress';
    out.line(`  switchover: ${phase}`);
    for (const step of SWITCHOVER_STEPS) {
      const st = switchover.steps[step];
      const when = st.finishedAt ?? st.startedAt;
      out.line(
        `    ${step.padEnd(12)} ${st.state}${when ? ` ${when}` : ''}${st.detail ? `  ${st.detail}` : ''}`,
      );
    }
  }
  if (objects.length > 0) {
    const count = (state: string): number => objects.filter((o) => o.state === state).length;
    out.line(
      `  schema objects: ${count('created')} created, ${count('exists')} kept, ${count('skipped')} skipped, ${count('failed')} failed`,
    );
    for (const o of objects.filter((x) => x.state === 'failed')) {
      out.line(s.red(`    failed ${o.kind} ${o.object}: ${o.error ?? ''}`));
    }
  }
  const unfinished = tables.filter((t) => t.state !== 'done' && t.rowsDone > 0);
  if (unfinished.length > 0) out.line('  tables in progress:');
  for (const t of unfinished) {
    const fraction = t.rowsTotal ? t.rowsDone / t.rowsTotal : 0;
    out.line(
      `    ${`${t.sourceDb}.${t.sourceTable}`.padEnd(30)} ${bar(fraction, 20)} ${formatCount(t.rowsDone)}${t.rowsTotal ? `/${formatCount(t.rowsTotal)}` : ''} rows, ${t.chunksDone} chunks`,
    );
  }
  if (events.length > 0) {
    out.line('  recent events:');
    for (const e of events) out.line(`    ${e.ts} ${e.level.padEnd(5)} ${e.message}`);
  }
  return EXIT.ok;
}
