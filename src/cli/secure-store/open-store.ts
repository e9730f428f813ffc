import { join } from 'node:path';
import { parseTimestamp, readJsonFile, writePrivateJson } from '../aws-config/json-files.js';
import { gatehouseCacheDir } from '../aws-config/paths.js';
import { CliError } from '../errors.js';
import { FileStore } from './file-store.js';
import { KeychainStore } from './keychain-store.js';
import { parseTokenStore, tokenStoreVariable, type SecretStore, type TokenStoreChoice } from './secret-store.js';

// Which store this process uses: --token-store / GATEHOUSE_TOKEN_STORE, `auto` by default: the keychain when it
// works, else files. Decided once per process, on first use (commands that never touch a secret never load the
// keychain module). When `auto` finds no keychain it notes why in ~/.cache/gatehouse/no-keychain.json and uses files
// without trying again for a day: loading the module and asking the platform costs every credential_process run
// tens of milliseconds on a machine that will never have one.

export interface OpenedStore {
  readonly store: SecretStore;
  /** Why `auto` fell back to files, when it did. */
  readonly fallback?: string;
}

export interface StoreOpeners {
  readonly keychain: () => Promise<SecretStore>;
  readonly file: (env: NodeJS.ProcessEnv) => SecretStore;
}

const defaultOpeners: StoreOpeners = { keychain: () => KeychainStore.open(), file: (env) => FileStore.forHome(env) };

const retryAfterMs = 24 * 3600_000;

function noKeychainPath(env: NodeJS.ProcessEnv): string {
  return join(gatehouseCacheDir(env), 'no-keychain.json');
}

export async function openSecretStore(choice: TokenStoreChoice, env: NodeJS.ProcessEnv = process.env, openers: StoreOpeners = defaultOpeners): Promise<OpenedStore> {
  if (choice === 'file') return { store: openers.file(env) };
  if (choice === 'auto') {
    const noted = await readJsonFile<{ reason?: string; at?: string }>(noKeychainPath(env));
    const at = parseTimestamp(noted?.at);
    if (noted?.reason && at && Date.now() - at.getTime() < retryAfterMs) return { store: openers.file(env), fallback: noted.reason };
  }
  try {
    return { store: await openers.keychain() };
  } catch (error) {
    const why = (error as Error).message;
    if (choice === 'keychain') throw new CliError(`--token-store keychain: ${why}. Use --token-store file (or ${tokenStoreVariable}=file) to keep secrets in 0600 files instead`);
    await writePrivateJson(noKeychainPath(env), { reason: why, at: new Date().toISOString() }).catch(() => undefined);
    return { store: openers.file(env), fallback: why };
  }
}

const opened = new Map<string, Promise<OpenedStore>>();

/** The store for this environment (GATEHOUSE_TOKEN_STORE, HOME), opened once per process. */
export function secretStore(env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  const choice = parseTokenStore(env[tokenStoreVariable]);
  const key = `${choice}\0${env['XDG_CACHE_HOME'] ?? ''}\0${env['HOME'] ?? ''}`;
  let store = opened.get(key);
  if (!store) {
    store = openSecretStore(choice, env);
    opened.set(key, store);
  }
  return store;
}
