import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { roleStoreKey } from '../../src/cli/credentials/role-credentials.js';
import { CliError } from '../../src/cli/errors.js';
import { FileStore } from '../../src/cli/secure-store/file-store.js';
import { KeychainStore } from '../../src/cli/secure-store/keychain-store.js';
import { openSecretStore, type StoreOpeners } from '../../src/cli/secure-store/open-store.js';
import type { SecretStore } from '../../src/cli/secure-store/secret-store.js';
import { TempHome, profileConfig, sessionConfig } from './support.js';

// gatehouse's own secrets (cached role credentials, private refresh tokens) go to the OS keychain when there is one
// and to 0600 files otherwise. The choice is made through SecretStore, the interface both stores implement: here the
// keychain side is a second, in-process implementation of that interface (ours), and the real @napi-rs/keyring is
// tried as it is on this machine.

/** A working store kept in memory: the other implementation of the seam, as a keychain that works would behave. */
class MemoryStore implements SecretStore {
  readonly kind = 'keychain';
  readonly where = 'memory';
  readonly items = new Map<string, string>();
  async get(key: string) {
    return this.items.get(key);
  }
  async set(key: string, value: string) {
    this.items.set(key, value);
  }
  async delete(key: string) {
    this.items.delete(key);
  }
  async keys(prefix: string) {
    return [...this.items.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}

describe('the token store', () => {
  let home: TempHome;
  before(async () => {
    home = await TempHome.create();
  });
  after(() => home.remove());

  const files = (): StoreOpeners['file'] => (env) => FileStore.forHome(env);

  it('auto uses the keychain when it opens', async () => {
    const keychain = new MemoryStore();
    const opened = await openSecretStore('auto', home.env(), { keychain: async () => keychain, file: files() });
    assert.equal(opened.store, keychain);
    assert.equal(opened.fallback, undefined);
  });

  it('auto falls back to 0600 files, saying why, when the keychain does not open, for a day; keychain alone is an error that says what to do', async () => {
    const refuse = async (): Promise<SecretStore> => {
      throw new Error("the OS keychain is not available (Couldn't access platform storage)");
    };
    const opened = await openSecretStore('auto', home.env(), { keychain: refuse, file: files() });
    assert.equal(opened.store.kind, 'file');
    assert.match(opened.fallback ?? '', /keychain is not available/);
    await assert.rejects(openSecretStore('keychain', home.env(), { keychain: refuse, file: files() }), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /^--token-store keychain: the OS keychain is not available .*Use --token-store file \(or GATEHOUSE_TOKEN_STORE=file\)/);
      return true;
    });
    const file = await openSecretStore('file', home.env(), { keychain: async () => new MemoryStore(), file: files() });
    assert.equal(file.store.kind, 'file', 'file never tries the keychain');

    // auto does not try again for a day (the module and the platform cost every run); keychain alone always tries.
    const again = await openSecretStore('auto', home.env(), { keychain: async () => new MemoryStore(), file: files() });
    assert.equal(again.store.kind, 'file');
    assert.match(again.fallback ?? '', /keychain is not available/);
    const asked = await openSecretStore('keychain', home.env(), { keychain: async () => new MemoryStore(), file: files() });
    assert.equal(asked.store.kind, 'keychain');
    const noted = JSON.parse(await home.read('.cache/gatehouse/no-keychain.json')) as { reason: string; at: string };
    await home.write('.cache/gatehouse/no-keychain.json', JSON.stringify({ ...noted, at: new Date(Date.now() - 25 * 3600_000).toISOString() }));
    const dayLater = await openSecretStore('auto', home.env(), { keychain: async () => new MemoryStore(), file: files() });
    assert.equal(dayLater.store.kind, 'keychain', 'a day later auto tries the keychain again');
  });

  it('the real @napi-rs/keyring on this machine either stores and reads back, or refuses with the reason', async () => {
    let keychain: KeychainStore;
    try {
      keychain = await KeychainStore.open();
    } catch (error) {
      // This machine: no Secret Service ("Couldn't access platform storage"), or the module missing.
      assert.match((error as Error).message, /^the (OS keychain is not available|optional module @napi-rs\/keyring is not installed) \(.+\)$/);
      return;
    }
    const key = 'test-item.0123456789abcdef';
    await keychain.set(key, 'value');
    try {
      assert.equal(await keychain.get(key), 'value');
      assert.ok((await keychain.keys('test-item.')).includes(key));
    } finally {
      await keychain.delete(key);
    }
    assert.equal(await keychain.get(key), undefined);
  });

  it('the file store keeps each secret in a 0600 file of a 0700 folder', async () => {
    const store = FileStore.forHome(home.env());
    assert.equal(store.where, home.path('.cache', 'gatehouse', 'secrets'));
    await store.set('refresh-token.00112233', 'secret');
    await store.set('role-credentials.44556677', '{}');
    assert.equal(await store.get('refresh-token.00112233'), 'secret');
    assert.equal((await stat(home.path('.cache', 'gatehouse', 'secrets', 'refresh-token.00112233'))).mode & 0o777, 0o600);
    assert.equal((await stat(home.path('.cache', 'gatehouse', 'secrets'))).mode & 0o777, 0o700);
    assert.deepEqual(await store.keys('role-credentials.'), ['role-credentials.44556677']);
    await store.delete('refresh-token.00112233');
    assert.equal(await store.get('refresh-token.00112233'), undefined);
    await assert.rejects(store.get('../escape.00112233'), /not a secret store key/);
  });

  it('credential-process reads role credentials from the store --token-store names; a bad choice is a usage error', async () => {
    await home.write('.aws/config', `${sessionConfig}\n${profileConfig('Dev/Admin', '111111111111', 'AdministratorAccess')}`);
    const target = { accountId: '111111111111', roleName: 'AdministratorAccess', session: { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', scopes: undefined } };
    const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await FileStore.forHome(home.env()).set(roleStoreKey(target), JSON.stringify({
      ProviderType: 'sso',
      Credentials: { AccessKeyId: 'ASIASTORED', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration, AccountId: '111111111111' },
    }));
    const result = await home.gatehouse(['credential-process', '--profile', 'Dev/Admin', '--token-store', 'file']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { Version: 1, AccessKeyId: 'ASIASTORED', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration, AccountId: '111111111111' });
    // Nothing was written where the AWS CLI keeps its own.
    await assert.rejects(readdir(home.path('.aws', 'cli', 'cache')), { code: 'ENOENT' });

    const bad = await home.gatehouse(['credential-process', '--profile', 'Dev/Admin', '--token-store', 'vault']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /option '--token-store <store>' argument 'vault' is invalid. Allowed choices are auto, keychain, file/);
    const badEnv = await home.gatehouse(['credential-process', '--profile', 'Dev/Admin'], { env: home.env({ GATEHOUSE_TOKEN_STORE: 'vault' }) });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /unknown token store 'vault' \(--token-store or GATEHOUSE_TOKEN_STORE\): use auto, keychain or file/);
  });
});
