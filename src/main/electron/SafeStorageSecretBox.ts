import { safeStorage } from 'electron';
import { LayeredSecretBox, type Keychain } from '../../engine/store/LayeredSecretBox.js';
import { KeyFileSecretBox } from '../../engine/store/SecretBox.js';

/** Electron safeStorage as the engine's keychain port. Only usable once the app is ready. */
const safeStorageKeychain: Keychain = {
  // Linux's 'basic_text' backend encrypts with a fixed, public password: no better than clear
  // text, and worse than the owner-only key file, so the key file is used instead.
  available: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};

/**
 * The desktop app's SecretBox: the system keychain where it works, else the state dir's key file,
 * which also opens the passwords the command line and browser mode saved.
 */
export class SafeStorageSecretBox extends LayeredSecretBox {
  constructor(stateDir: string) {
    super(safeStorageKeychain, () => KeyFileSecretBox.open(stateDir));
  }
}
