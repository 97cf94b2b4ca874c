import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Endpoint } from '../../src/engine/connect/Endpoint.js';
import { connectedSessions, setReadOnly } from '../../src/engine/switchover/SourceWrites.js';

const servers = inject('servers');

describe('source writes at the switchover', () => {
  let source: Endpoint;

  beforeAll(async () => {
    const s = servers.source;
    source = await Endpoint.open('source', {
      kind: 'mysql',
      host: s.host,
      port: s.port,
      user: s.user,
      password: s.password,
    });
  });

  afterAll(async () => {
    await source?.close();
  });

  it('lists the clients that might still write, without Cutover’s own pooled sessions', async () => {
    // Several queries at once make the pool open more than one connection.
    await Promise.all(Array.from({ length: 4 }, () => source.query('SELECT SLEEP(0.05)')));
    expect(source.sessionIds.size).toBeGreaterThan(1);
    const app = await mysql.createConnection({
      host: servers.source.host,
      port: servers.source.port,
      user: servers.source.user,
      password: servers.source.password,
    });
    try {
      const sessions = await connectedSessions(source);
      const ids = sessions.map((x) => x.id);
      expect(ids).toContain(app.threadId);
      for (const own of source.sessionIds) expect(ids).not.toContain(own);
    } finally {
      await app.end();
    }
  });

  it('refuses super_read_only on MariaDB with the alternative, changing nothing', async () => {
    await expect(setReadOnly(source, true, 'super_read_only')).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/MariaDB has no super_read_only/),
      fix: expect.stringContaining('--set-read-only'),
    });
    const [row] = await source.query<{ v: number | string }>('SELECT @@GLOBAL.read_only AS v');
    expect(Number(row?.v)).toBe(0);
  });
});
