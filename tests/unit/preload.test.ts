import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../src/shared/api.js';

describe('Electron preload', () => {
  const source = readFileSync(
    new URL('../../src/main/electron/preload.cts', import.meta.url),
    'utf8',
  );

  it('uses the channel names of the API contract (it cannot import them when sandboxed)', () => {
    expect(source).toContain(`const IPC_INVOKE = '${IPC_INVOKE}';`);
    expect(source).toContain(`const IPC_EVENT = '${IPC_EVENT}';`);
  });

  it('requires nothing but electron', () => {
    const requires = [...source.matchAll(/require\('([^']+)'\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(source).not.toMatch(/^import .* from /m);
  });
});
