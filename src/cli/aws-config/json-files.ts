import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { replaceFile } from '../replace-file.js';

// The AWS CLI's cache files: JSON documents named by the SHA-1 of a key that botocore builds with Python's
// json.dumps, written 0600 in 0700 directories, atomically (../replace-file.ts).

export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/**
 * Python's json.dumps(value, sort_keys=True[, separators=(',', ':')]): botocore hashes this text to name cache
 * files, so it must match byte for byte, including ensure_ascii's \uXXXX escapes and ', ' / ': ' separators.
 */
export function pythonJsonDumps(value: unknown, compact = false): string {
  const [item, key] = compact ? [',', ':'] : [', ', ': '];
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `[${v.map(dump).join(item)}]`;
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, val]) => `${dump(k)}${key}${dump(val)}`).join(item)}}`;
  };
  return dump(value);
}

/** botocore's cache timestamp: UTC, whole seconds, `Z` (strftime '%Y-%m-%dT%H:%M:%SZ'). */
export function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses the timestamps these files hold: botocore's, the SDK's (with milliseconds), or `...UTC`. */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value.replace(/UTC$/, 'Z'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The file's text, or undefined when there is no such file. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The parsed file, or undefined when it is missing or not a JSON object (a cache miss, never an error). */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `text` readable by the owner only (0600 whatever the file's mode was), atomically. */
export function writePrivateFile(path: string, text: string): Promise<void> {
  return replaceFile(path, text, 0o600);
}

export function writePrivateJson(path: string, value: unknown): Promise<void> {
  return writePrivateFile(path, JSON.stringify(value));
}
