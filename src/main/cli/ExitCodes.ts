import type { ErrorCode } from '../../shared/errors.js';

/** The command line's exit codes, a contract scripts rely on (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  checksFailed: 1,
  usage: 2,
  runtime: 3,
  interrupted: 130,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'TASK_FILE_INVALID':
    case 'TASK_FILE_UNREADABLE':
    case 'PASSWORD_ENV_MISSING':
    case 'SELECTION_INVALID':
      return EXIT.usage;
    case 'INTERRUPTED':
      return EXIT.interrupted;
    case 'PRECHECK_FAILED':
    case 'VERIFY_DIFFERENCES':
    case 'LAG_TOO_HIGH':
      return EXIT.checksFailed;
    default:
      return EXIT.runtime;
  }
}
