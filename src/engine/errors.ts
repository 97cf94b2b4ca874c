import type { ErrorCode, ErrorInfo } from '../shared/errors.js';

/** An error a person can act on: a code, what happened, and what to do next. */
export class CutoverError extends Error implements ErrorInfo {
  readonly code: ErrorCode;
  readonly fix: string;

  constructor(code: ErrorCode, message: string, fix: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CutoverError';
    this.code = code;
    this.fix = fix;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, fix: this.fix };
  }
}

export function isCutoverError(e: unknown): e is CutoverError {
  return e instanceof CutoverError;
}

/** Wraps anything thrown into an ErrorInfo without leaking a stack trace to the user. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (isCutoverError(e)) return e.toInfo();
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: 'INTERNAL',
    message,
    fix: 'This is unexpected. Run again with CUTOVER_DEBUG=1 for details and report it with the task file (passwords removed).',
  };
}
