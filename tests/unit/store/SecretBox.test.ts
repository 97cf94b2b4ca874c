import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE, KeyFileSecretBox } from '../../../src/engine/store/SecretBox.js';
import { caught, tempDir } from './helpers.js';

const posixOnly = it.skipIf(process.platform === 'win32');

describe('KeyFileSecretBox', () => {
  it('round-trips a secret without the clear text in the sealed blob', () => {
    const box = KeyFileSecretBox.open(tempDir());
    const sealed = box.seal('pässwörd with ünïcode');
    expect(sealed.includes(Buffer.from('pässwörd'))).toBe(false);
    expect(box.open(sealed)).toBe('pässwörd with ünïcode');
  });

  it('seals the same secret differently each time', () => {
    const box = KeyFileSecretBox.open(tempDir());
    expect(box.seal('same').equals(box.seal('same'))).toBe(false);
  });

  posixOnly('creates a 32-byte key file readable by the owner only', () => {
    const dir = tempDir();
    KeyFileSecretBox.open(dir);
    const stat = statSync(join(dir, KEY_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.size).toBe(32);
  });

  it('reuses the key file, so a second box opens what the first sealed', () => {
    const dir = tempDir();
    const sealed = KeyFileSecretBox.open(dir).seal('hunter2');
    expect(KeyFileSecretBox.open(dir).open(sealed)).toBe('hunter2');
  });

  posixOnly('refuses a key file that others can read', () => {
    const dir = tempDir();
    KeyFileSecretBox.open(dir);
    chmodSync(join(dir, KEY_FILE), 0o640);
    const error = caught(() => KeyFileSecretBox.open(dir));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toContain('0640');
    expect(error.fix).toContain('chmod 600');
  });

  it('refuses a key file of the wrong size', () => {
    const dir = tempDir();
    writeFileSync(join(dir, KEY_FILE), Buffer.alloc(16), { mode: 0o600 });
    expect(caught(() => KeyFileSecretBox.open(dir)).code).toBe('SECRET_UNREADABLE');
  });

  it('refuses a tampered blob', () => {
    const box = KeyFileSecretBox.open(tempDir());
    const sealed = box.seal('hunter2');
    for (const at of [1, 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      expect(caught(() => box.open(tampered)).code).toBe('SECRET_UNREADABLE');
    }
  });

  it('refuses a blob sealed with another key, a truncated blob and a foreign format', () => {
    const box = KeyFileSecretBox.open(tempDir());
    const foreign = KeyFileSecretBox.open(tempDir()).seal('hunter2');
    expect(caught(() => box.open(foreign)).code).toBe('SECRET_UNREADABLE');
    expect(caught(() => box.open(box.seal('hunter2').subarray(0, 20))).code).toBe(
      'SECRET_UNREADABLE',
    );
    expect(caught(() => box.open(Buffer.from('hunter2'))).code).toBe('SECRET_UNREADABLE');
    const wrongFormat = box.seal('hunter2');
    wrongFormat[0] = 2;
    expect(caught(() => box.open(wrongFormat)).code).toBe('SECRET_UNREADABLE');
  });

  it('keeps the key out of the error message', () => {
    const dir = tempDir();
    const box = KeyFileSecretBox.open(dir);
    const key = readFileSync(join(dir, KEY_FILE));
    const error = caught(() => box.open(Buffer.alloc(64)));
    expect(error.message).not.toContain(key.toString('hex'));
    expect(error.message).not.toContain(key.toString('base64'));
  });
});
