/** The row of an INSERT … RETURNING, which SQLite always produces; this only narrows the type. */
export function returned<T>(row: T | undefined, statement: string): T {
  if (row === undefined) throw new Error(`${statement} returned no row.`);
  return row;
}
