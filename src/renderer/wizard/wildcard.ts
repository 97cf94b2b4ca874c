/** `*` matches any run of characters and `?` one, as in the task file's table patterns. */
export function wildcardRegExp(pattern: string, flags = ''): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

export function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

/**
 * How the tree's search box reads what is typed: a pattern with wildcards must match the whole
 * `db.table`, plain text may appear anywhere in it; case is ignored either way. Null when the box
 * is empty, so callers can tell "no search" from "matches nothing".
 */
export function tableMatcher(
  search: string,
): ((database: string, table: string) => boolean) | null {
  const text = search.trim();
  if (text === '') return null;
  if (hasWildcard(text)) {
    const re = wildcardRegExp(text, 'i');
    return (database, table) => re.test(`${database}.${table}`);
  }
  const needle = text.toLowerCase();
  return (database, table) => `${database}.${table}`.toLowerCase().includes(needle);
}
