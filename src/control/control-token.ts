import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The bearer token the local control API requires for anything beyond health: a random value in
 * <data-dir>/control-token (mode 0600), so only the user who owns the data directory can reset or export state.
 */
export async function loadOrCreateControlToken(dataDir: string): Promise<string> {
  const file = join(dataDir, 'control-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  try {
    await writeFile(file, token + '\n', { mode: 0o600, flag: 'wx' });
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  }
}

export function controlTokenPath(dataDir: string): string {
  return join(dataDir, 'control-token');
}
