/** Characters Kafka allows in a topic name. */
const ILLEGAL = /[^A-Za-z0-9._-]/g;
const MAX_TOPIC = 249;

/**
 * The topic of a table from the task's template: `{database}` and `{table}` filled with its
 * names, characters Kafka does not allow in topic names replaced by `_`.
 */
export function topicFor(template: string, database: string, table = ''): string {
  const name = template
    .replaceAll('{database}', database.replace(ILLEGAL, '_'))
    .replaceAll('{table}', table.replace(ILLEGAL, '_'));
  return name.slice(0, MAX_TOPIC);
}
