import type { ProgressRate, StepState, TaskEvent } from '../../shared/events.js';
import type { StreamStatus } from '../../shared/stream.js';
import type { StepName } from '../../shared/task.js';
import type { Output } from './Output.js';
import { bar, formatBytes, formatCount, formatDuration } from './Terminal.js';

interface StepLine {
  step: StepName;
  state: StepState;
  startedAt: number;
  /** Objects or rows, as the step's progress events count them. */
  done: number;
  total: number;
  unit: string;
  item: string;
}

interface ItemLine {
  name: string;
  done: number;
  total: number;
  rate: ProgressRate | null;
  finished: boolean;
}

/** Tables shown at once under a step; the rest are summed up in one line. */
const MAX_ITEMS = 8;

/**
 * Progress bars for a terminal: a line per step, and under a step that copies rows a line per
 * table in progress with rows/s, MB/s and ETA; redrawn in place at most ten times a second,
 * with warnings scrolling above.
 */
export class ProgressView {
  private readonly steps = new Map<StepName, StepLine>();
  private readonly items = new Map<StepName, Map<string, ItemLine>>();
  private drawn = 0;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | null = null;
  private finished = false;
  private readonly streams = new Map<StepName, StreamStatus>();

  constructor(private readonly out: Output) {}

  update(event: TaskEvent): void {
    switch (event.type) {
      case 'step': {
        const line = this.steps.get(event.step) ?? {
          step: event.step,
          state: event.state,
          startedAt: Date.now(),
          done: 0,
          total: 0,
          unit: '',
          item: '',
        };
        line.state = event.state;
        this.steps.set(event.step, line);
        break;
      }
      case 'progress':
        this.progress(event);
        break;
      case 'log':
        if (event.level === 'warn') this.above(`warn: ${event.message}`);
        break;
      case 'stream':
        this.streams.set(event.step, event.status);
        break;
      case 'task':
        break;
    }
    this.schedule();
  }

  private progress(event: Extract<TaskEvent, { type: 'progress' }>): void {
    const line = this.steps.get(event.step);
    if (!line) return;
    if (event.counters.unit !== 'rows') {
      // Objects created after a copy (foreign keys, triggers) do not replace its row count.
      if (line.unit === 'rows') return;
      line.done = event.counters.done;
      line.total = event.counters.total;
      line.unit = event.counters.unit;
      line.item = event.item;
      return;
    }
    const items = this.items.get(event.step) ?? new Map<string, ItemLine>();
    this.items.set(event.step, items);
    items.set(event.item, {
      name: event.item,
      done: event.counters.done,
      total: event.counters.total,
      rate: event.rate ?? null,
      finished: event.finished,
    });
    line.unit = 'rows';
    line.done = [...items.values()].reduce((n, i) => n + i.done, 0);
    line.total = [...items.values()].reduce((n, i) => n + Math.max(i.total, i.done), 0);
  }

  private above(text: string): void {
    this.clear();
    this.out.out.write(`${text}\n`);
    this.draw();
  }

  private schedule(): void {
    if (this.finished) return;
    const wait = 100 - (Date.now() - this.lastDraw);
    if (wait <= 0) {
      this.draw();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.draw();
    }, wait);
  }

  private clear(): void {
    if (this.drawn > 0) this.out.out.write(`\u001b[${this.drawn}A\u001b[J`);
    this.drawn = 0;
  }

  private write(text: string): void {
    const width = this.out.out.columns ?? 100;
    this.out.out.write(`${text.slice(0, width - 1)}\n`);
    this.drawn += 1;
  }

  private draw(): void {
    this.clear();
    for (const line of this.steps.values()) {
      const items = [...(this.items.get(line.step)?.values() ?? [])];
      const rate = sumRates(items);
      this.write(
        row(line.step, line.done, line.total, line.unit, line.state === 'done', rate, line.state),
      );
      if (line.state !== 'running') continue;
      const stream = this.streams.get(line.step);
      if (stream) this.write(`  ${describeStream(stream)}`);
      const active = items.filter((i) => !i.finished && i.done > 0);
      for (const i of active.slice(0, MAX_ITEMS)) {
        this.write(row(`  ${i.name}`, i.done, i.total, 'rows', false, i.rate, ''));
      }
      const finished = items.filter((i) => i.finished).length;
      const waiting = items.length - finished - active.length;
      const hidden = Math.max(0, active.length - MAX_ITEMS);
      if (items.length > 0) {
        this.write(
          `  ${finished} of ${items.length} tables done${waiting ? `, ${waiting} waiting` : ''}${hidden ? `, ${hidden} more in progress` : ''}`,
        );
      }
    }
    this.lastDraw = Date.now();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.draw();
    this.drawn = 0;
  }
}

function sumRates(items: ItemLine[]): ProgressRate | null {
  const moving = items.filter((i) => i.rate && !i.finished);
  if (moving.length === 0) return null;
  const rowsPerSecond = moving.reduce((n, i) => n + (i.rate?.rowsPerSecond ?? 0), 0);
  const bytesPerSecond = moving.reduce((n, i) => n + (i.rate?.bytesPerSecond ?? 0), 0);
  const remaining = items.reduce((n, i) => n + Math.max(0, i.total - i.done), 0);
  return {
    rowsPerSecond,
    bytesPerSecond,
    etaSeconds: rowsPerSecond > 0 ? remaining / rowsPerSecond : null,
  };
}

function row(
  label: string,
  done: number,
  total: number,
  unit: string,
  complete: boolean,
  rate: ProgressRate | null,
  state: string,
): string {
  const fraction = total > 0 ? done / total : complete ? 1 : 0;
  const count = total > 0 ? ` ${formatCount(done)}/${formatCount(total)} ${unit}` : '';
  const speed =
    rate && rate.rowsPerSecond > 0
      ? `  ${formatCount(rate.rowsPerSecond)} rows/s ${formatBytes(rate.bytesPerSecond)}/s`
      : '';
  const eta =
    rate?.etaSeconds !== null && rate?.etaSeconds !== undefined && !complete
      ? `  eta ${formatDuration(rate.etaSeconds * 1000)}`
      : '';
  const tail = state && state !== 'running' ? `  ${state}` : '';
  return `${label.padEnd(14)} ${bar(fraction, 24)}${count}${speed}${eta}${tail}`;
}

function ms(value: number | null): string {
  return value === null ? '–' : value < 10_000 ? `${Math.round(value)} ms` : formatDuration(value);
}

/** One line about a change stream: lag, its spread, throughput and where it is. */
export function describeStream(s: StreamStatus): string {
  const precision = s.lagSource === 'heartbeat' ? '' : ' (binlog time, to the second)';
  return (
    `lag ${ms(s.lagMs)} (p50 ${ms(s.lagP50Ms)}, p99 ${ms(s.lagP99Ms)})${precision}` +
    `  ${formatCount(s.eventsPerSecond)} txn/s ${formatCount(s.rowsPerSecond)} rows/s` +
    `  at ${s.applied.file}:${s.applied.pos}` +
    (s.inFlight > 0 ? `, ${formatCount(s.inFlight)} txn in flight` : '')
  );
}
