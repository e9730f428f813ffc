// Encryption of secrets at rest (credential secret keys) with AES-256-GCM.
//
// The key lives beside the database, in the data directory, so a copy of the database alone (a backup, a stolen
// file, a PostgreSQL dump) does not reveal secrets. Sealed values carry a version prefix so the format or key can
// change later without guessing. Error messages never include the sealed or plain value.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const KEY_FILE_NAME = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'v1:';

export interface SecretBox {
  /** Encrypts `plaintext`; returns `v1:` + base64(iv | tag | ciphertext). A fresh IV every call. */
  seal(plaintext: string): string;
  /** Decrypts a value made by `seal` with the same key; throws SecretBoxError if malformed or tampered with. */
  open(sealed: string): string;
}

/** Raised by `open`; the message says what went wrong, never what the value was. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`secret key must be ${KEY_BYTES} bytes`);
  // Copy so a caller zeroing or reusing its buffer cannot change ours.
  const k = Buffer.from(key);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    open(sealed) {
      if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) {
        throw new SecretBoxError('sealed value is malformed (unknown format)');
      }
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed value is malformed (too short)');
      const decipher = createDecipheriv('aes-256-gcm', k, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('sealed value failed authentication (tampered with, or sealed under a different key)');
      }
    },
  };
}

export interface LoadedKey {
  readonly key: Buffer;
  /** 'file': read from or written to `path`; 'ephemeral': random, in memory only (no data directory). */
  readonly source: 'file' | 'ephemeral';
  readonly path?: string;
  /** True when this call created the key file. */
  readonly created: boolean;
  /** True when an existing key file is readable or writable by group or others; the caller should warn. */
  readonly insecurePermissions: boolean;
}

/**
 * Reads `<dataDir>/secret.key`, creating it (mode 0600, atomically: a racing process either wins and we read its
 * key, or loses and reads ours) if absent. Without a data directory (`:memory:` runs) returns an ephemeral key.
 * The file holds the key in base64 on one line, so it can be backed up and restored as text.
 */
export async function loadOrCreateKey(dataDir?: string): Promise<LoadedKey> {
  if (dataDir === undefined) {
    return { key: randomBytes(KEY_BYTES), source: 'ephemeral', created: false, insecurePermissions: false };
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(path);
  if (existing) return existing;

  // Write the whole key to a private temporary file, then link it into place: link() fails if the name exists, so
  // the key file appears complete or not at all and a concurrent creator's key is never overwritten.
  const key = randomBytes(KEY_BYTES);
  const tmp = join(dataDir, `.${KEY_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.chmod(0o600); // the umask can only remove bits; make the mode exact
    await fh.writeFile(key.toString('base64') + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readKeyFile(path);
    if (!winner) throw new SecretBoxError(`key file ${path} vanished while being created`);
    return winner;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return { key, source: 'file', path, created: true, insecurePermissions: false };
}

async function readKeyFile(path: string): Promise<LoadedKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(`key file ${path} is not a base64 ${KEY_BYTES}-byte key; refusing to start`);
  }
  const mode = (await stat(path)).mode;
  const insecurePermissions = process.platform !== 'win32' && (mode & 0o077) !== 0;
  return { key, source: 'file', path, created: false, insecurePermissions };
}

