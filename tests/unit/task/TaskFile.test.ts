import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaskFile, parseTaskSpec } from '../../../src/engine/task/TaskFile.js';
import { isCutoverError } from '../../../src/engine/errors.js';

const valid = {
  name: 'shop-to-ob',
  source: { kind: 'mysql', host: '10.0.0.5', port: 3306, user: 'migrator', password: 'x' },
  target: { kind: 'oceanbase', host: '10.0.0.9', user: 'root@app_tenant', passwordEnv: 'OB_PW' },
  objects: [{ database: 'shop', tables: ['*'] }],
};

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isCutoverError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe('task file', () => {
  it('fills defaults: all steps, options, and the port for the kind', () => {
    const spec = parseTaskSpec(valid);
    expect(spec.steps).toEqual(['schema', 'full', 'incremental', 'verify']);
    expect(spec.options).toEqual({
      concurrency: 4,
      maxRowsPerSecond: 0,
      maxBytesPerSecond: 0,
      existingTables: 'fail',
      chunkRows: 50_000,
      loader: 'auto',
      convertUnsupportedCharsets: false,
      ddl: 'apply',
      applyWorkers: 4,
    });
    expect(spec.target.port).toBe(2881);
    expect(spec.source.port).toBe(3306);
  });

  it('names the wrong field and what it expected', () => {
    const e = errorOf(() => parseTaskSpec({ ...valid, source: { ...valid.source, port: '3306' } }));
    expect(e.code).toBe('TASK_FILE_INVALID');
    expect(e.message).toContain('source.port: expected number, got "3306"');
  });

  it('suggests the field a typo meant', () => {
    const e = errorOf(() =>
      parseTaskSpec({ ...valid, objects: [{ database: 'shop', tabels: ['*'] }] }),
    );
    expect(e.message).toContain('objects[0].tabels: unknown field (did you mean "tables"?)');
    expect(e.message).toContain('objects[0].tables: expected array (missing)');
  });

  it('rejects an unknown kind, listing the allowed ones', () => {
    const e = errorOf(() =>
      parseTaskSpec({ ...valid, target: { ...valid.target, kind: 'oracle' } }),
    );
    expect(e.message).toContain('target.kind: must be one of "oceanbase", "mysql"');
  });

  it('rejects password and passwordEnv together', () => {
    const e = errorOf(() =>
      parseTaskSpec({ ...valid, source: { ...valid.source, passwordEnv: 'X' } }),
    );
    expect(e.message).toContain('source: give either password or passwordEnv, not both');
  });

  it('rejects unknown steps', () => {
    const e = errorOf(() => parseTaskSpec({ ...valid, steps: ['schema', 'ful'] }));
    expect(e.message).toContain('steps[1]: must be one of');
  });

  it('reports JSON syntax errors with line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-taskfile-'));
    const file = join(dir, 'task.json');
    writeFileSync(
      file,
      '{\n  "name": "x",\n  "source": {\n    "kind": "mysql"\n    "host": "h"\n  }\n}\n',
    );
    const e = errorOf(() => loadTaskFile(file));
    expect(e.code).toBe('TASK_FILE_INVALID');
    expect(e.message).toMatch(/line 5, column \d+/);
  });

  it('reports a missing file as unreadable', () => {
    const e = errorOf(() => loadTaskFile('/nonexistent/task.json'));
    expect(e.code).toBe('TASK_FILE_UNREADABLE');
    expect(e.message).toContain('no such file');
  });
});
