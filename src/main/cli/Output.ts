import type { ErrorInfo } from '../../shared/errors.js';
import { styleFor, type Style } from './Terminal.js';

/**
 * Where a command writes: human text for people, or one JSON object per line (`--json`) for
 * scripts. Errors go to stderr in both modes.
 */
export class Output {
  readonly style: Style;
  constructor(
    readonly json: boolean,
    readonly out: NodeJS.WriteStream = process.stdout,
    readonly err: NodeJS.WriteStream = process.stderr,
  ) {
    this.style = styleFor(out);
  }

  get interactive(): boolean {
    return !this.json && Boolean(this.out.isTTY);
  }

  line(text = ''): void {
    if (!this.json) this.out.write(`${text}\n`);
  }

  record(value: unknown): void {
    if (this.json) this.out.write(`${JSON.stringify(value)}\n`);
  }

  error(info: ErrorInfo): void {
    if (this.json) {
      this.err.write(`${JSON.stringify({ type: 'error', ...info })}\n`);
      return;
    }
    const s = styleFor(this.err);
    this.err.write(
      `${s.red(`error ${info.code}`)}: ${info.message}\n  ${s.bold('fix')}: ${info.fix}\n`,
    );
  }
}
