import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import mysql from 'mysql2/promise';
import type {
  ConnectionOptions,
  Pool,
  PoolConnection,
  PoolOptions,
  QueryOptions,
  RowDataPacket,
  SslOptions,
} from 'mysql2/promise';
import type { PoolConnection as CorePoolConnection } from 'mysql2';
import type { ServerInfo } from '../../shared/catalog.js';
import type { DatabaseEndpointSpec, TlsSpec } from '../../shared/task.js';
import { CutoverError } from '../errors.js';
import { explainConnectError, explainQueryError } from './ConnectionErrors.js';
import { detectFlavor } from './Flavor.js';
import { inBatches } from './inBatches.js';
import { resolvePassword } from './Password.js';

export type Role = 'source' | 'target';

export type Row = Record<string, unknown>;

/** A row as the server sent it: each column's bytes, null for NULL. */
export type RawRow = (Buffer | null)[];

export interface Session {
  query<T extends Row = Row>(sql: string, values?: unknown[]): Promise<T[]>;
  execute(sql: string, values?: unknown[]): Promise<void>;
  /**
   * Runs a `LOAD DATA LOCAL INFILE` whose file is what `produce` writes to the sink; the sink's
   * write() waits while the server is behind, so nothing piles up in memory.
   */
  loadLocal(sql: string, produce: (sink: InfileSink) => Promise<void>): Promise<void>;
}

export interface InfileSink {
  write(data: Buffer): Promise<void>;
}

/** Bytes queued on the socket to the server before an infile writer waits for it. */
const INFILE_BACKLOG = 4 * 1024 * 1024;

export interface EndpointOptions {
  poolSize?: number;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_QUERY_TIMEOUT_MS = 600_000;

/**
 * Values are only passed when there are some: mysql2 otherwise scans the whole text for
 * placeholders, which for a multi-megabyte INSERT costs more than building it.
 */
function statement(sql: string, values: unknown[], timeout: number): QueryOptions {
  return values.length > 0 ? { sql, values, timeout } : { sql, timeout };
}

function tlsOptions(tls: TlsSpec | undefined): SslOptions | undefined {
  const mode = tls?.mode ?? 'preferred';
  if (mode === 'disabled') return undefined;
  const read = (path: string | undefined, what: string): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new CutoverError(
        'TLS_FAILED',
        `Cannot read the TLS ${what} file ${path}.`,
        `Check the path in tls.${what}.`,
      );
    }
  };
  const files = {
    ca: read(tls?.ca, 'ca'),
    cert: read(tls?.cert, 'cert'),
    key: read(tls?.key, 'key'),
  };
  if (mode === 'verify-ca' || mode === 'verify-full') {
    return {
      ...files,
      rejectUnauthorized: true,
      // verify-ca trusts the chain but not the host name, like the mysql client's VERIFY_CA.
      ...(mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  return { ...files, rejectUnauthorized: false };
}

/**
 * One database server the task talks to: a mysql2 pool with connect and query timeouts and
 * optional TLS, errors turned into messages that name the fix, and what the server is.
 */
export class Endpoint {
  readonly role: Role;
  readonly spec: DatabaseEndpointSpec;
  private pool: Pool;
  private serverInfo: ServerInfo | null = null;
  private readonly poolSize: number;
  private readonly password: string;
  private ssl: SslOptions | undefined;
  /** Server thread ids of this endpoint's pooled connections. */
  private readonly threads = new Set<number>();

  private constructor(role: Role, spec: DatabaseEndpointSpec, opts: EndpointOptions) {
    this.role = role;
    this.spec = spec;
    this.poolSize = opts.poolSize ?? 4;
    this.password = resolvePassword(spec, role, opts.env);
    this.pool = this.createPool(tlsOptions(spec.tls));
  }

  /** Connects, checks the credentials and reads what the server is. */
  static async open(
    role: Role,
    spec: DatabaseEndpointSpec,
    opts: EndpointOptions = {},
  ): Promise<Endpoint> {
    const endpoint = new Endpoint(role, spec, opts);
    try {
      await endpoint.probe();
      endpoint.serverInfo = await endpoint.inspect();
      return endpoint;
    } catch (e) {
      await endpoint.close();
      throw e;
    }
  }

  get where(): string {
    return `${this.role} ${this.spec.host}:${this.spec.port}`;
  }

  /** The server's ids of this endpoint's own sessions, so lists of other clients can leave them out. */
  get sessionIds(): ReadonlySet<number> {
    return this.threads;
  }

  get info(): ServerInfo {
    if (!this.serverInfo) throw new Error('Endpoint used before open()');
    return this.serverInfo;
  }

  /**
   * Options for a connection of its own outside the pool (the binlog reader's): the same
   * server, credentials and TLS, values as exact text, times in UTC.
   */
  connectionOptions(): ConnectionOptions {
    return {
      host: this.spec.host,
      port: this.spec.port,
      user: this.spec.user,
      password: this.password,
      connectTimeout: this.spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      charset: 'UTF8MB4_GENERAL_CI',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      jsonStrings: true,
      timezone: 'Z',
      ...(this.ssl ? { ssl: this.ssl } : {}),
    };
  }

  private createPool(ssl: SslOptions | undefined): Pool {
    this.ssl = ssl;
    const options: PoolOptions = {
      host: this.spec.host,
      port: this.spec.port,
      user: this.spec.user,
      password: this.password,
      connectTimeout: this.spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      connectionLimit: this.poolSize,
      maxIdle: this.poolSize,
      charset: 'UTF8MB4_GENERAL_CI',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      multipleStatements: false,
      ...(ssl ? { ssl } : {}),
    };
    const pool = mysql.createPool(options);
    // Every session works in UTC, so TIMESTAMP values and defaults read on one server mean the
    // same instant when written on the other, whatever either server's time zone.
    pool.pool.on('connection', (conn) => {
      if (typeof conn.threadId === 'number') this.threads.add(conn.threadId);
      conn.query("SET time_zone = '+00:00'", () => undefined);
    });
    return pool;
  }

  private async probe(): Promise<void> {
    try {
      const conn = await this.pool.getConnection();
      conn.release();
    } catch (e) {
      const code = (e as { code?: string }).code;
      // "preferred" TLS falls back to plain when the server has no TLS, as the mysql client does.
      if (
        code === 'HANDSHAKE_NO_SSL_SUPPORT' &&
        (this.spec.tls?.mode ?? 'preferred') === 'preferred'
      ) {
        await this.pool.end();
        this.pool = this.createPool(undefined);
        return this.probe();
      }
      throw explainConnectError(e, this.where, this.spec.user);
    }
  }

  async query<T extends Row = Row>(sql: string, values: unknown[] = []): Promise<T[]> {
    try {
      const [rows] = await this.pool.query<RowDataPacket[]>(
        statement(sql, values, this.spec.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS),
      );
      return rows as unknown as T[];
    } catch (e) {
      throw explainQueryError(e, this.where, sql);
    }
  }

  /** Like query(), but each row an array of raw bytes, as streamRaw() gives them. */
  async queryRaw(sql: string, values: unknown[] = []): Promise<RawRow[]> {
    const rows: RawRow[] = [];
    for await (const batch of this.streamRaw(sql, values)) rows.push(...batch);
    return rows;
  }

  /** Runs a statement that returns no rows (DDL, SET, INSERT). */
  async execute(sql: string, values: unknown[] = []): Promise<void> {
    try {
      await this.pool.query(
        statement(sql, values, this.spec.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS),
      );
    } catch (e) {
      throw explainQueryError(e, this.where, sql);
    }
  }

  /** Like query(), but a failure returns null: for optional reads a user may lack rights to. */
  async tryQuery<T extends Row = Row>(sql: string, values: unknown[] = []): Promise<T[] | null> {
    try {
      return await this.query<T>(sql, values);
    } catch {
      return null;
    }
  }

  /**
   * Runs fn on one dedicated connection, for work that needs session settings (sql_mode,
   * foreign_key_checks) to hold across statements.
   */
  async session<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (e) {
      throw explainConnectError(e, this.where, this.spec.user);
    }
    const timeout = this.spec.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    const where = this.where;
    const socket = (conn.connection as unknown as { stream: Socket }).stream;
    const session: Session = {
      async query<R extends Row = Row>(sql: string, values: unknown[] = []): Promise<R[]> {
        try {
          const [rows] = await conn.query<RowDataPacket[]>(statement(sql, values, timeout));
          return rows as unknown as R[];
        } catch (e) {
          throw explainQueryError(e, where, sql);
        }
      },
      async execute(sql: string, values: unknown[] = []): Promise<void> {
        try {
          await conn.query(statement(sql, values, timeout));
        } catch (e) {
          throw explainQueryError(e, where, sql);
        }
      },
      async loadLocal(sql, produce): Promise<void> {
        const file = new PassThrough({ highWaterMark: 256 * 1024 });
        // The driver may have stopped listening by the time a stop fails the file below; the
        // failure is reported through `produce`, so the stream's own error event needs no owner.
        file.on('error', () => undefined);
        const sink: InfileSink = {
          async write(data) {
            file.write(data);
            // Both can back up: the driver pauses the file while the socket is full, and
            // bytes written to a paused file wait in it, so a fast source would fill memory.
            if (file.writableLength > INFILE_BACKLOG && !file.destroyed) {
              await Promise.race([once(file, 'drain'), once(file, 'close')]);
            }
            if (socket.writableLength > INFILE_BACKLOG) await once(socket, 'drain');
          },
        };
        // No statement timeout: a load takes as long as the source takes to stream its chunk.
        const load = conn.query({ sql, infileStreamFactory: () => file });
        // If the server refuses the statement, nobody reads the file: stop producing.
        const refused = load.then(
          () => undefined,
          (e: unknown) => {
            file.destroy();
            throw explainQueryError(e, where, sql);
          },
        );
        try {
          await Promise.race([
            produce(sink).then(() => {
              file.end();
            }),
            refused,
          ]);
        } catch (e) {
          // Failing the file (not just closing it) makes the driver end the transfer, so the
          // server answers instead of waiting for the rest of the file.
          file.destroy(e instanceof Error ? e : new Error(String(e)));
          await refused.catch(() => undefined);
          throw e;
        }
        await refused;
      },
    };
    try {
      return await fn(session);
    } finally {
      // A connection whose session settings were changed must not go back to the pool.
      conn.destroy();
    }
  }

  /**
   * Streams a query's rows on a connection of its own, each row an array of the raw bytes the
   * server sent (null for NULL), so values pass through without any conversion. Stopping the
   * iteration early closes the connection.
   */
  async *streamRaw(
    sql: string,
    values: unknown[] = [],
    highWaterMark = 256,
    onSnapshot?: (position: { file: string; pos: number } | null) => void,
  ): AsyncGenerator<RawRow[]> {
    const conn = await new Promise<CorePoolConnection>((resolve, reject) =>
      this.pool.pool.getConnection((err, c) => (err ? reject(err) : resolve(c))),
    ).catch((e: unknown) => {
      throw explainConnectError(e, this.where, this.spec.user);
    });
    const run = (statement: string): Promise<void> =>
      new Promise((resolve, reject) =>
        conn.query(statement, (err) =>
          err ? reject(explainQueryError(err, this.where, statement)) : resolve(),
        ),
      );
    let finished = false;
    try {
      // Strings as stored, in the column's own charset: converting them to the connection's
      // charset would be lossy (latin1's undefined bytes become '?').
      await run('SET character_set_results = NULL');
      if (onSnapshot) onSnapshot(await this.snapshotOn(conn, run));
      const stream = conn
        .query({ ...statement(sql, values, 0), rowsAsArray: true, typeCast: false })
        .stream({ highWaterMark });
      try {
        yield* inBatches<RawRow>(stream);
      } catch (e) {
        throw explainQueryError(e, this.where, sql);
      }
      if (onSnapshot) await run('COMMIT');
      await run('SET character_set_results = utf8mb4');
      finished = true;
    } finally {
      // A stream abandoned half-way leaves unread rows on the wire: that connection is done.
      if (finished) conn.release();
      else conn.destroy();
    }
  }

  /**
   * Opens a consistent snapshot on the connection and says where in the binlog it stands: every
   * transaction committed before that point is in what the snapshot reads, none after it.
   * MariaDB reports it (binlog_snapshot_file/position); elsewhere the answer is null.
   */
  private async snapshotOn(
    conn: CorePoolConnection,
    run: (statement: string) => Promise<void>,
  ): Promise<{ file: string; pos: number } | null> {
    await run('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    const sql = "SHOW STATUS LIKE 'binlog_snapshot_%'";
    const rows = await new Promise<RowDataPacket[]>((resolve, reject) =>
      conn.query<RowDataPacket[]>(sql, (err, result) =>
        err ? reject(explainQueryError(err, this.where, sql)) : resolve(result),
      ),
    );
    const value = (name: string): string | undefined => {
      const row = rows.find((r) => String(r.Variable_name).toLowerCase() === name);
      return row === undefined ? undefined : String(row.Value);
    };
    const file = value('binlog_snapshot_file');
    const pos = Number(value('binlog_snapshot_position'));
    return file && Number.isFinite(pos) ? { file, pos } : null;
  }

  async variable(name: string): Promise<string | null> {
    const rows = await this.tryQuery<{ v: unknown }>(`SELECT @@${name} AS v`);
    const v = rows?.[0]?.v;
    return v === undefined || v === null ? null : String(v);
  }

  private async inspect(): Promise<ServerInfo> {
    const rows = await this.query(
      `SELECT VERSION() AS version, @@version_comment AS comment, @@lower_case_table_names AS lctn,
              @@sql_mode AS sql_mode, @@global.time_zone AS tz, @@system_time_zone AS stz,
              @@max_allowed_packet AS map, @@server_id AS server_id,
              @@character_set_server AS cs, @@collation_server AS coll`,
    );
    const r = rows[0] ?? {};
    const versionString = String(r.version ?? '');
    const versionComment = String(r.comment ?? '');
    const reading = detectFlavor(versionString, versionComment);
    return {
      ...reading,
      versionString,
      versionComment,
      lowerCaseTableNames: Number(r.lctn ?? 0),
      sqlMode: String(r.sql_mode ?? ''),
      timeZone: String(r.tz ?? ''),
      systemTimeZone: String(r.stz ?? ''),
      maxAllowedPacket: Number(r.map ?? 0),
      serverId: Number(r.server_id ?? 0),
      characterSetServer: String(r.cs ?? ''),
      collationServer: String(r.coll ?? ''),
    };
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
