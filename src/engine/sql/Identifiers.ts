/** A database object addressed by database and name. */
export interface ObjectName {
  database: string;
  name: string;
}

/**
 * Backquotes an identifier. Doubling a backquote is the only escape MySQL identifiers have, and
 * quoting every name keeps reserved words, spaces and mixed case safe without a keyword list.
 */
export function quoteIdent(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** `db`.`name`: statements never depend on the session's current database. */
export function qualify(database: string, name: string): string {
  return `${quoteIdent(database)}.${quoteIdent(name)}`;
}

/** `db.name` as SchemaChange.object and PlannedStatement.object spell it (unquoted). */
export function objectPath(...parts: string[]): string {
  return parts.join('.');
}
