import { replaceFile } from '../replace-file.js';
import { readTextIfExists } from './json-files.js';

/**
 * Reads a config file ('' when missing), applies `edit` and replaces the file with the result (replace-file.ts).
 * Without `mode` the file keeps its mode (a new one is 0600, its folder 0700) and is left alone when the edit changes
 * nothing; with `mode` (0600 for a file that holds a secret) it is rewritten with that mode even then.
 */
export async function editFile(path: string, edit: (text: string) => string, mode?: number): Promise<void> {
  const text = (await readTextIfExists(path)) ?? '';
  const updated = edit(text);
  if (updated !== text || mode !== undefined) await replaceFile(path, updated, mode);
}
