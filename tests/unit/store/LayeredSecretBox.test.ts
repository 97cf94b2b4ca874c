import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LayeredSecretBox, type Keychain } from '../../../src/engine/store/LayeredSecretBox.js';
import { KEY_FILE, KeyFileSecretBox } from '../../../src/engine/store/SecretBox.js';
import { caught, tempDir } from './helpers.js';

/**
 * A stand-in for safeStorage: reversible, tagged so a test can tell its output apart, and
 * switchable, as a keychain that is locked or missing would be.
 */
class FakeKeychain implements Keychain {
  on = true;
  readonly tag = Buffer.from('fake-keychain:');

  available(): boolean {
    return this.on;
  }

  encrypt(plain: string): Buffer {
    if (!this.on) throw new Error('Encryption is not available.');
    return Buffer.concat([this.tag, Buffer.from(plain, 'utf8').reverse()]);
  }

  decrypt(sealed: Buffer): string {
    if (!this.on) throw new Error('Decryption is not available.');
    if (!sealed.subarray(0, this.tag.length).equals(this.tag)) throw new Error('bad blob');
    return Buffer.from(sealed.subarray(this.tag.length)).reverse().toString('utf8');
  }
}

function setup() {
  const dir = tempDir();
  const keychain = new FakeKeychain();
  let keyFileOpens = 0;
  const box = new LayeredSecretBox(keychain, () => {
    keyFileOpens++;
    return KeyFileSecretBox.open(dir);
  });
  return { dir, keychain, box, keyFileOpens: () => keyFileOpens };
}

describe('LayeredSecretBox', () => {
  it('seals with the keychain as format 2 and opens it again', () => {
    const { dir, keychain, box, keyFileOpens } = setup();
    const sealed = box.seal('hunter2');
    expect(sealed[0]).toBe(2);
    expect(sealed.subarray(1, 1 + keychain.tag.length).equals(keychain.tag)).toBe(true);
    expect(box.open(sealed)).toBe('hunter2');
    // A working keychain never needs the key file, so none is created.
    expect(keyFileOpens()).toBe(0);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it('opens passwords the command line sealed with the key file', () => {
    const { dir, box } = setup();
    const sealed = KeyFileSecretBox.open(dir).seal('saved by the CLI');
    expect(sealed[0]).toBe(1);
    expect(box.open(sealed)).toBe('saved by the CLI');
  });

  it('falls back to the key file when the keychain is not available, opening the file once', () => {
    const { dir, keychain, box, keyFileOpens } = setup();
    keychain.on = false;
    const first = box.seal('pässwörd');
    const second = box.seal('other');
    expect(first[0]).toBe(1);
    expect(box.open(first)).toBe('pässwörd');
    expect(box.open(second)).toBe('other');
    expect(keyFileOpens()).toBe(1);
    // The command line, which has only the key file, opens what the fallback sealed.
    expect(KeyFileSecretBox.open(dir).open(first)).toBe('pässwörd');
  });

  it('says the keychain is missing when a format-2 blob cannot be opened without it', () => {
    const { keychain, box } = setup();
    const sealed = box.seal('hunter2');
    keychain.on = false;
    const error = caught(() => box.open(sealed));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toContain('not available');
    expect(error.fix).toContain('enter the password again');
  });

  it('says the blob is not this keychain’s when decryption fails with the keychain present', () => {
    const { box } = setup();
    const altered = box.seal('hunter2');
    altered[1] = (altered[1] ?? 0) ^ 0xff;
    const error = caught(() => box.open(altered));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toContain('could not decrypt');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a damaged key-file blob as the key file box does', () => {
    const { box } = setup();
    expect(caught(() => box.open(Buffer.alloc(0))).code).toBe('SECRET_UNREADABLE');
    expect(caught(() => box.open(Buffer.from([1, 2, 3]))).code).toBe('SECRET_UNREADABLE');
  });
});

describe('KeyFileSecretBox and keychain blobs', () => {
  it('tells the command line and browser mode to use the desktop app or re-enter the password', () => {
    const { box } = setup();
    const sealed = box.seal('hunter2');
    const error = caught(() => KeyFileSecretBox.open(tempDir()).open(sealed));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(error.message).toContain('sealed by the desktop app with the system keychain');
    expect(error.fix).toBe('Open this task in the desktop app, or enter the password again.');
  });
});
