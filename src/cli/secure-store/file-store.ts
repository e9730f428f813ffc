import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, writePrivateFile } from '../aws-config/json-files.js';
import { gatehouseCacheDir } from '../aws-config/paths.js';
import { checkKey, type SecretStore } from './secret-store.js';

// The store where there is no keychain (a server, a container, CI, Linux without a Secret Service): one file per
// key in ~/.cache/gatehouse/secrets, 0600 in a 0700 folder, written atomically. As safe as the AWS CLI's own caches:
// readable by anyone who can read your home folder as you.

export class FileStore implements SecretStore {
  readonly kind = 'file';

  constructor(readonly dir: string) {}

  static forHome(env: NodeJS.ProcessEnv = process.env): FileStore {
    return new FileStore(join(gatehouseCacheDir(env), 'secrets'));
  }

  get where(): string {
    return this.dir;
  }

  private path(key: string): string {
    return join(this.dir, checkKey(key));
  }

  async get(key: string): Promise<string | undefined> {
    return readTextIfExists(this.path(key));
  }

  set(key: string, value: string): Promise<void> {
    return writePrivateFile(this.path(key), value);
  }

  delete(key: string): Promise<void> {
    return rm(this.path(key), { force: true });
  }

  async keys(prefix: string): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => name.startsWith(prefix) && !name.endsWith('.tmp')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
