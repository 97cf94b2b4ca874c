import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import type { ServerAddress } from './globalSetup.js';

/** A root connection for setting up and inspecting a test server (multi-statement allowed). */
export async function admin(server: ServerAddress): Promise<Connection> {
  return mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
}

let counter = 0;
/** A database name no other test file uses, so files can share the suite's servers. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

export async function rows<T = Record<string, unknown>>(
  conn: Connection,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const [result] = await conn.query(sql, values);
  return result as T[];
}
