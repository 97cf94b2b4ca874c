import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateDir, resolveStateDir } from '../../../src/engine/store/StateDir.js';
import { tempDir } from './helpers.js';

describe('resolveStateDir', () => {
  const home = '/home/ana';

  it('prefers --state-dir over CUTOVER_HOME', () => {
    const dir = resolveStateDir({ explicit: '/tmp/a', env: { CUTOVER_HOME: '/tmp/b' }, home });
    expect(dir).toBe('/tmp/a');
  });

  it('prefers CUTOVER_HOME over the per-user folder', () => {
    expect(resolveStateDir({ env: { CUTOVER_HOME: '/tmp/b' }, platform: 'linux', home })).toBe(
      '/tmp/b',
    );
  });

  it('uses XDG_DATA_HOME on Linux, else ~/.local/share', () => {
    expect(resolveStateDir({ env: { XDG_DATA_HOME: '/data' }, platform: 'linux', home })).toBe(
      '/data/cutover',
    );
    expect(resolveStateDir({ env: {}, platform: 'linux', home })).toBe(
      '/home/ana/.local/share/cutover',
    );
    expect(resolveStateDir({ env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home })).toBe(
      '/home/ana/.local/share/cutover',
    );
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveStateDir({ env: {}, platform: 'darwin', home: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/Cutover',
    );
    expect(
      resolveStateDir({
        env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\ana',
      }),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Cutover');
  });
});

describe('createStateDir', () => {
  it.skipIf(process.platform === 'win32')('creates the directory owner-only', () => {
    const dir = join(tempDir(), 'nested', 'state');
    createStateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
