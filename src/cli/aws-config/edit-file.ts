import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a config file ('' when missing), applies `edit` and writes the result back (0600, its folder 0700). */
export async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const updated = edit(text);
  if (updated === text) return;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, updated, { mode: 0o600 });
}
