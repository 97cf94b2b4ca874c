import { CutoverError } from '../errors.js';

/** JSON text for a nullable column; undefined and null are both stored as NULL. */
export function toJsonColumn(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Parses JSON this store wrote; anything unparsable means the file was damaged. */
export function parseJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new CutoverError(
      'STATE_CORRUPT',
      `The state database holds unreadable JSON in ${where}.`,
      'Move cutover.db in the state dir aside (keep it for a bug report) and start again, or use another --state-dir.',
      { cause: e },
    );
  }
}

export function parseJsonColumn<T>(text: string | null, where: string): T | null {
  return text === null ? null : parseJson<T>(text, where);
}
