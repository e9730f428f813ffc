import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readTextIfExists } from './json-files.js';

/** Reads a config file ('' when missing), applies `edit` and writes the result back (0600, its folder 0700). */
export async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  const text = (await readTextIfExists(path)) ?? '';
  const updated = edit(text);
  if (updated === text) return;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, updated, { mode: 0o600 });
}
