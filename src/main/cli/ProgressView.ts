import type { TaskEvent } from '../../shared/events.js';
import type { Output } from './Output.js';
import { bar, formatDuration } from './Terminal.js';

interface Line {
  label: string;
  done: number;
  total: number;
  unit: string;
  item: string;
  startedAt: number;
  finished: boolean;
  succeeded: boolean;
}

/**
 * Progress bars for a terminal: one line per step, redrawn in place at most ten times a second;
 * warnings scroll above them.
 */
export class ProgressView {
  private readonly lines = new Map<string, Line>();
  private drawn = 0;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly out: Output) {}

  update(event: TaskEvent): void {
    switch (event.type) {
      case 'step': {
        const line = this.lines.get(event.step) ?? {
          label: event.step,
          done: 0,
          total: 0,
          unit: '',
          item: '',
          startedAt: Date.now(),
          finished: false,
          succeeded: false,
        };
        line.finished = event.state !== 'running';
        line.succeeded = event.state === 'done';
        if (event.state !== 'running') line.item = event.state;
        this.lines.set(event.step, line);
        break;
      }
      case 'progress': {
        const line = this.lines.get(event.step);
        if (line) {
          line.done = event.counters.done;
          line.total = event.counters.total;
          line.unit = event.counters.unit;
          line.item = event.item;
        }
        break;
      }
      case 'log':
        if (event.level === 'warn') this.above(`${event.level}: ${event.message}`);
        break;
      case 'task':
        break;
    }
    this.schedule();
  }

  private above(text: string): void {
    this.clear();
    this.out.out.write(`${text}\n`);
    this.draw();
  }

  private schedule(): void {
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

  private draw(): void {
    this.clear();
    const width = this.out.out.columns ?? 100;
    for (const line of this.lines.values()) {
      const fraction = line.total > 0 ? line.done / line.total : line.succeeded ? 1 : 0;
      const elapsed = Date.now() - line.startedAt;
      const eta =
        !line.finished && fraction > 0 && fraction < 1
          ? ` eta ${formatDuration((elapsed / fraction) * (1 - fraction))}`
          : '';
      const count = line.total > 0 ? ` ${line.done}/${line.total} ${line.unit}` : '';
      const text = `${line.label.padEnd(12)} ${bar(fraction, 24)}${count}${eta}  ${line.item}`;
      this.out.out.write(`${text.slice(0, width - 1)}\n`);
      this.drawn += 1;
    }
    this.lastDraw = Date.now();
  }

  finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.draw();
    this.drawn = 0;
  }
}
