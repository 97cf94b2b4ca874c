// Binlog positions of the source: where a backlog ends, and where a replica has got to.

import { query } from '../support/mariadb.js';

/** The end of `server`'s binlog: everything committed so far is before it. */
export async function masterPosition(server) {
  const [row] = await query(server, 'SHOW MASTER STATUS');
  if (!row) throw new Error(`the server on port ${server.port} has no binlog`);
  return { file: row.File, pos: Number(row.Position) };
}

/** The first binlog file `server` still has: a replica that reads from there sees everything. */
export async function firstBinlog(server) {
  const [row] = await query(server, 'SHOW BINARY LOGS');
  if (!row) throw new Error(`the server on port ${server.port} has no binlog`);
  return row.Log_name;
}

/** The sequence number of a binlog file name (`binlog.000012` → 12). */
function fileNumber(file) {
  const match = /\.(\d+)$/.exec(file);
  if (!match) throw new Error(`not a binlog file name: ${file}`);
  return Number(match[1]);
}

/** Below 0: `a` comes before `b`; 0: the same position; above 0: after. */
export function compareBinlog(a, b) {
  return fileNumber(a.file) - fileNumber(b.file) || a.pos - b.pos;
}

/** `binlog.000001:1234` */
export function describePosition(p) {
  return `${p.file}:${p.pos}`;
}
