import { replaceFile } from '../replace-file.js';
import { readTextIfExists } from './json-files.js';

/**
 * Reads a config file ('' when missing), applies `edit` and replaces the file with the result atomically, keeping
 * its mode (a new file is 0600, its folder 0700).
 */
export async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  const text = (await readTextIfExists(path)) ?? '';
  const updated = edit(text);
  if (updated !== text) await replaceFile(path, updated);
}
