import { CutoverError } from '../errors.js';
import { KEYCHAIN_FORMAT, type SecretBox } from './SecretBox.js';

/**
 * The operating system's secret store as the desktop host sees it (Electron safeStorage: macOS
 * Keychain, Windows DPAPI, libsecret or KWallet on Linux), reduced to what sealing needs.
 */
export interface Keychain {
  /** Whether sealing with it protects anything: false when it is missing or stores in clear. */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Seals with the system keychain where there is one, and with the state dir's key file where
 * there is not; opens by each blob's format byte, so passwords saved by the command line or
 * browser mode (key file, format 1) open in the desktop app, and the reverse gets a clear error
 * (KeyFileSecretBox refuses format 2).
 */
export class LayeredSecretBox implements SecretBox {
  private keyFile: SecretBox | undefined;

  /**
   * `openKeyFile` is called on first need only: with a working keychain the desktop app then
   * never creates a key file, and a key file it cannot use (wrong mode) does not stop it starting.
   */
  constructor(
    private readonly keychain: Keychain,
    private readonly openKeyFile: () => SecretBox,
  ) {}

  seal(plain: string): Buffer {
    if (!this.keychain.available()) return this.fallback().seal(plain);
    return Buffer.concat([Buffer.of(KEYCHAIN_FORMAT), this.keychain.encrypt(plain)]);
  }

  open(sealed: Buffer): string {
    if (sealed[0] !== KEYCHAIN_FORMAT) return this.fallback().open(sealed);
    try {
      return this.keychain.decrypt(sealed.subarray(1));
    } catch (e) {
      throw this.keychain.available()
        ? new CutoverError(
            'SECRET_UNREADABLE',
            'The system keychain could not decrypt a saved password: it was sealed by another user or on another machine, or the keychain was reset.',
            'Enter the password again; saving it seals it with the keychain as it is now.',
            { cause: e },
          )
        : new CutoverError(
            'SECRET_UNREADABLE',
            'A saved password was sealed with the system keychain, which is not available now.',
            'Unlock the keychain (on Linux: start a Secret Service such as GNOME Keyring, or KWallet) and open Cutover again, or enter the password again.',
            { cause: e },
          );
    }
  }

  private fallback(): SecretBox {
    this.keyFile ??= this.openKeyFile();
    return this.keyFile;
  }
}
