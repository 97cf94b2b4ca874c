import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EndpointRepository } from '../../../src/engine/store/EndpointRepository.js';
import { KeyFileSecretBox } from '../../../src/engine/store/SecretBox.js';
import { Store } from '../../../src/engine/store/Store.js';
import { caught, closeLater, tempDir } from './helpers.js';

const PASSWORD = 'Tr0ub4dor&3-clear-text';

function setup() {
  const dir = tempDir();
  const store = closeLater(Store.open(dir));
  const endpoints = new EndpointRepository(store.db, KeyFileSecretBox.open(dir));
  return { dir, store, endpoints };
}

const source = {
  name: 'prod-mysql',
  kind: 'mysql',
  host: 'db1.example',
  port: 3306,
  user: 'repl',
  password: PASSWORD,
  options: { tls: { mode: 'required' }, connectTimeoutMs: 5000 },
} as const;

function expectNoFileContains(dir: string, text: string): void {
  const files = readdirSync(dir);
  expect(files).toContain('cutover.db');
  for (const file of files) {
    expect(readFileSync(join(dir, file)).includes(Buffer.from(text)), file).toBe(false);
  }
}

describe('EndpointRepository', () => {
  it('saves, gets, lists and deletes endpoints', () => {
    const { endpoints } = setup();
    const saved = endpoints.save(source);
    expect(saved).toMatchObject({
      name: 'prod-mysql',
      kind: 'mysql',
      host: 'db1.example',
      port: 3306,
      user: 'repl',
      hasPassword: true,
      options: { tls: { mode: 'required' }, connectTimeoutMs: 5000 },
    });
    expect(endpoints.get(saved.id)).toEqual(saved);
    expect(endpoints.getByName('prod-mysql')).toEqual(saved);
    expect(endpoints.password(saved.id)).toBe(PASSWORD);

    const other = endpoints.save({
      name: 'ob',
      kind: 'oceanbase',
      host: 'ob',
      port: 2881,
      user: 'u',
    });
    expect(other.hasPassword).toBe(false);
    expect(endpoints.password(other.id)).toBeUndefined();
    expect(endpoints.list().map((e) => e.name)).toEqual(['ob', 'prod-mysql']);

    expect(endpoints.delete(saved.id)).toBe(true);
    expect(endpoints.delete(saved.id)).toBe(false);
    expect(endpoints.get(saved.id)).toBeUndefined();
  });

  it('updates by name, keeping the id and the password unless a new one is given', () => {
    const { endpoints } = setup();
    const first = endpoints.save(source);
    const moved = endpoints.save({ ...source, host: 'db2.example', password: undefined });
    expect(moved.id).toBe(first.id);
    expect(moved.host).toBe('db2.example');
    expect(endpoints.password(moved.id)).toBe(PASSWORD);

    endpoints.save({ ...source, password: 'new-one' });
    expect(endpoints.password(first.id)).toBe('new-one');

    const cleared = endpoints.save({ ...source, password: null });
    expect(cleared.hasPassword).toBe(false);
    expect(endpoints.password(first.id)).toBeUndefined();
  });

  it('never writes the clear-text password to the state dir', () => {
    const { dir, store, endpoints } = setup();
    endpoints.save(source);
    // A password smuggled into the options must not get through either.
    const options = { ...source.options, password: PASSWORD } as typeof source.options;
    endpoints.save({ ...source, name: 'smuggled', options });
    // Before close the new pages sit in the WAL; after close they are in cutover.db.
    expectNoFileContains(dir, PASSWORD);
    store.close();
    expectNoFileContains(dir, PASSWORD);
  });

  it('fails with SECRET_UNREADABLE when the sealed password was altered', () => {
    const { store, endpoints } = setup();
    const saved = endpoints.save(source);
    store.db
      .prepare(`UPDATE endpoints SET secret = CAST(zeroblob(60) AS BLOB) WHERE id = ?`)
      .run(saved.id);
    expect(caught(() => endpoints.password(saved.id)).code).toBe('SECRET_UNREADABLE');
  });
});
