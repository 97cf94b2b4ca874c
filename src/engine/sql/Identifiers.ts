/** Backquotes an identifier, doubling backquotes inside it, so any name is safe in SQL. */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** `db`.`table` */
export function quoteTable(database: string, table: string): string {
  return `${quoteIdent(database)}.${quoteIdent(table)}`;
}
