import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CutoverError } from '../errors.js';

/**
 * Seals secrets before they reach SQLite. The desktop host can supply an implementation backed by
 * Electron safeStorage; headless runs use {@link KeyFileSecretBox}.
 */
export interface SecretBox {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const KEY_FILE = 'secret.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** First byte of every sealed blob, so a later format can be told apart from this one. */
const FORMAT = 1;
/**
 * First byte of blobs the desktop app sealed with the system keychain (Electron safeStorage), which
 * only the desktop app can open; see LayeredSecretBox.
 */
export const KEYCHAIN_FORMAT = 2;
/** Binds blobs to this use: a GCM blob sealed by other code with the same key will not open. */
const AAD = Buffer.from('cutover secret v1');

/** AES-256-GCM with a random key kept in an owner-only file in the state dir. */
export class KeyFileSecretBox implements SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Reads `dir/secret.key`, creating it on first use. */
  static open(dir: string): KeyFileSecretBox {
    const path = join(dir, KEY_FILE);
    return new KeyFileSecretBox(readKey(path) ?? createKey(path));
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(AAD);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    if (sealed[0] === KEYCHAIN_FORMAT) throw sealedByKeychain();
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) throw unreadable();
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const body = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv).setAAD(AAD).setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (e) {
      throw unreadable(e);
    }
  }
}

/** The key, or undefined if there is no key file yet. */
function readKey(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    // Checked on the open descriptor, so the file cannot be swapped between check and read.
    const stat = fstatSync(fd);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new CutoverError(
        'SECRET_UNREADABLE',
        `The key file ${path} can be read by other users (mode ${mode}); Cutover will not use a key others may have copied.`,
        `Run \`chmod 600 ${path}\`, then try again. If others could have read it, change the saved passwords.`,
      );
    }
    const key = Buffer.alloc(KEY_BYTES);
    const length = readSync(fd, key, 0, KEY_BYTES, 0);
    if (length !== KEY_BYTES || stat.size !== KEY_BYTES) {
      throw new CutoverError(
        'SECRET_UNREADABLE',
        `The key file ${path} is damaged (${stat.size} bytes, expected ${KEY_BYTES}).`,
        `Restore ${path} from a backup. Without one, delete it and enter the saved passwords again.`,
      );
    }
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a new key to a private temp file and links it into place: the link fails if another
 * process created a key first (then that key wins), and nobody ever reads a half-written key.
 */
function createKey(path: string): Buffer {
  const temp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(temp);
  }
  const key = readKey(path);
  if (key === undefined) {
    throw new Error(`The key file ${path} vanished right after it was created.`);
  }
  return key;
}

function unreadable(cause?: unknown): CutoverError {
  return new CutoverError(
    'SECRET_UNREADABLE',
    'A saved password could not be decrypted: it was sealed with a different key or has been altered.',
    'Enter the password for this connection again; saving it seals it with the current key. If secret.key in the state dir was replaced or deleted, restore it from a backup to recover the other saved passwords.',
    { cause },
  );
}

function sealedByKeychain(): CutoverError {
  return new CutoverError(
    'SECRET_UNREADABLE',
    'This saved password was sealed by the desktop app with the system keychain, which the command line and browser mode cannot use.',
    'Open this task in the desktop app, or enter the password again.',
  );
}
