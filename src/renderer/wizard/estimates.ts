/** Row counts are the server's estimates (table statistics), so they read as such: "~1.2k". */
export function formatRows(rows: number): string {
  if (rows < 1000) return `~${rows}`;
  if (rows < 1_000_000) return `~${(rows / 1000).toFixed(rows < 10_000 ? 1 : 0)}k`;
  return `~${(rows / 1_000_000).toFixed(rows < 10_000_000 ? 1 : 0)}M`;
}
