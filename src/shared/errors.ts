/** Every error a person can see has one of these codes, a message and a fix. */
export const ERROR_CODES = [
  'TASK_FILE_UNREADABLE',
  'TASK_FILE_INVALID',
  'USAGE',
  'PASSWORD_ENV_MISSING',
  'CONNECT_REFUSED',
  'CONNECT_HOST_NOT_FOUND',
  'CONNECT_TIMEOUT',
  'CONNECT_FAILED',
  'TLS_FAILED',
  'AUTH_FAILED',
  'UNKNOWN_DATABASE',
  'MISSING_PRIVILEGE',
  'NOT_A_VALID_TARGET',
  'SELECTION_INVALID',
  'STATE_LOCKED',
  'STATE_TOO_NEW',
  'STATE_CORRUPT',
  'SECRET_UNREADABLE',
  'PRECHECK_FAILED',
  'BINLOG_UNAVAILABLE',
  'COPY_FAILED',
  'SCHEMA_APPLY_FAILED',
  'TARGET_TABLE_EXISTS',
  'STEP_UNAVAILABLE',
  'TASK_NOT_FOUND',
  'QUERY_FAILED',
  'INTERRUPTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  fix: string;
}
