import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { Endpoint } from '../../src/engine/connect/Endpoint.js';
import { isCutoverError } from '../../src/engine/errors.js';
import type { DatabaseEndpointSpec } from '../../src/shared/task.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');

function spec(over: Partial<DatabaseEndpointSpec> = {}): DatabaseEndpointSpec {
  return {
    kind: 'mysql',
    host: servers.source.host,
    port: servers.source.port,
    user: 'root',
    password: '',
    connectTimeoutMs: 3000,
    ...over,
  };
}

async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; fix: string }> {
  try {
    await p;
  } catch (e) {
    if (isCutoverError(e)) return { code: e.code, message: e.message, fix: e.fix };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('Endpoint', () => {
  let conn: Connection;
  const user = uniqueName('u_conn');

  beforeAll(async () => {
    conn = await admin(servers.source);
    await conn.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'right'`);
  });
  afterAll(async () => {
    await conn.query(`DROP USER '${user}'@'%'`);
    await conn.end();
  });

  it('detects MariaDB and reads the server settings', async () => {
    const ep = await Endpoint.open('source', spec());
    try {
      expect(ep.info.flavor).toBe('mariadb');
      expect(ep.info.version.major).toBe(10);
      expect(ep.info.serverId).toBe(101);
      expect(ep.info.maxAllowedPacket).toBeGreaterThan(0);
    } finally {
      await ep.close();
    }
  });

  it('detects the OceanBase stand-in by its version string', async () => {
    const ep = await Endpoint.open('target', spec({ port: servers.obStandIn.port }));
    try {
      expect(ep.info.flavor).toBe('oceanbase');
      expect(ep.info.obVersion).toEqual({ major: 4, minor: 2, patch: 1 });
      expect(ep.info.lowerCaseTableNames).toBe(1);
    } finally {
      await ep.close();
    }
  });

  it('explains a refused connection', async () => {
    const f = await failure(Endpoint.open('source', spec({ port: 1 })));
    expect(f.code).toBe('CONNECT_REFUSED');
    expect(f.message).toBe('Cannot connect to the source 127.0.0.1:1: the connection was refused.');
  });

  it('explains a host name that does not resolve', async () => {
    const f = await failure(Endpoint.open('source', spec({ host: 'no-such-host.invalid' })));
    expect(f.code).toBe('CONNECT_HOST_NOT_FOUND');
  });

  it('explains a wrong password, naming the user', async () => {
    const f = await failure(Endpoint.open('source', spec({ user, password: 'wrong' })));
    expect(f.code).toBe('AUTH_FAILED');
    expect(f.message).toContain(`refused user '${user}'`);
    expect(f.fix).toContain('user@tenant');
  });

  it('reads the password from the environment variable named by passwordEnv', async () => {
    const ok = await Endpoint.open(
      'source',
      spec({ user, password: undefined, passwordEnv: 'PW_X' }),
      {
        env: { PW_X: 'right' },
      },
    );
    await ok.close();
    const f = await failure(
      Endpoint.open('source', spec({ user, password: undefined, passwordEnv: 'PW_MISSING' }), {
        env: {},
      }),
    );
    expect(f.code).toBe('PASSWORD_ENV_MISSING');
    expect(f.message).toContain('PW_MISSING');
  });

  it('falls back from preferred TLS to plain on a server without TLS, and fails when TLS is required', async () => {
    const ep = await Endpoint.open('source', spec({ tls: { mode: 'preferred' } }));
    await ep.close();
    const f = await failure(Endpoint.open('source', spec({ tls: { mode: 'required' } })));
    expect(f.code).toBe('TLS_FAILED');
  });

  it('turns a privilege error into MISSING_PRIVILEGE', async () => {
    const ep = await Endpoint.open('source', spec({ user, password: 'right' }));
    try {
      const f = await failure(ep.query('SELECT * FROM mysql.user'));
      expect(f.code).toBe('MISSING_PRIVILEGE');
    } finally {
      await ep.close();
    }
  });
});
