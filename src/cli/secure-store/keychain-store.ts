import { checkKey, type SecretStore } from './secret-store.js';

// The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service of GNOME Keyring or KWallet on
// Linux) through @napi-rs/keyring, an optional dependency loaded only here and only when a store is needed: without
// it, or when the platform store refuses (no Secret Service, a locked keychain over SSH), gatehouse uses files.
// Items are generic passwords of service "gatehouse", one per key.

export const keychainService = 'gatehouse';

type Keyring = typeof import('@napi-rs/keyring');

export class KeychainStore implements SecretStore {
  readonly kind = 'keychain';
  readonly where = `the OS keychain (service ${keychainService})`;

  private constructor(private readonly keyring: Keyring) {}

  /**
   * The keychain if the module loads and a probe item can be written and deleted (reading alone succeeds on some
   * platforms that refuse writes); otherwise an error that says why.
   */
  static async open(): Promise<KeychainStore> {
    let keyring: Keyring;
    try {
      keyring = await import('@napi-rs/keyring');
    } catch (error) {
      throw new Error(`the optional module @napi-rs/keyring is not installed (${(error as Error).message.split('\n')[0]})`);
    }
    const store = new KeychainStore(keyring);
    const probe = new keyring.Entry(keychainService, 'probe.00000000');
    try {
      probe.setPassword('probe');
      probe.deletePassword();
    } catch (error) {
      throw new Error(`the OS keychain is not available (${(error as Error).message})`);
    }
    return store;
  }

  private entry(key: string) {
    return new this.keyring.Entry(keychainService, checkKey(key));
  }

  async get(key: string): Promise<string | undefined> {
    return this.entry(key).getPassword() ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    this.entry(key).setPassword(value);
  }

  async delete(key: string): Promise<void> {
    try {
      this.entry(key).deletePassword();
    } catch {
      // no such item: nothing to delete
    }
  }

  async keys(prefix: string): Promise<string[]> {
    return this.keyring
      .findCredentials(keychainService)
      .map((credential) => credential.account)
      .filter((account) => account.startsWith(prefix))
      .sort();
  }
}
