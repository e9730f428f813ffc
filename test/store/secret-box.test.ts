import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSecretBox, KEY_FILE_NAME, loadOrCreateKey, SecretBoxError } from '../../src/lib/secret-box.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips, with a fresh IV each time', () => {
    for (const text of [SECRET, '', 'ünïcødé ✓ 🔑', 'x'.repeat(10_000)]) {
      const sealed = box.seal(text);
      assert.match(sealed, /^v1:[A-Za-z0-9+/]+=*$/);
      assert.equal(box.open(sealed), text);
    }
    assert.notEqual(box.seal(SECRET), box.seal(SECRET));
  });

  it('detects tampering anywhere in the value, without revealing it', () => {
    const sealed = box.seal(SECRET);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (const index of [0, 11, 12, 27, 28, raw.length - 1]) {
      const copy = Buffer.from(raw);
      copy[index] = (copy[index] ?? 0) ^ 0x01;
      assert.throws(
        () => box.open(`v1:${copy.toString('base64')}`),
        (err: Error) => {
          assert.ok(err instanceof SecretBoxError);
          assert.match(err.message, /failed authentication/);
          assert.ok(!err.message.includes(SECRET) && !err.message.includes(sealed.slice(3, 20)));
          return true;
        },
        `byte ${index}`,
      );
    }
  });

  it('rejects a different key and malformed values', () => {
    assert.throws(() => createSecretBox(randomBytes(32)).open(box.seal(SECRET)), /failed authentication/);
    assert.throws(() => box.open(SECRET), /malformed/);
    assert.throws(() => box.open('v2:AAAA'), /malformed/);
    assert.throws(() => box.open('v1:AAAA'), /too short/);
    assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
  });
});

describe('loadOrCreateKey', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-key-'));
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('creates the key file with mode 0600 and reads the same key back', async () => {
    const dir = join(await tempDir(), 'nested', 'data');
    const first = await loadOrCreateKey(dir);
    assert.equal(first.created, true);
    assert.equal(first.source, 'file');
    assert.equal(first.path, join(dir, KEY_FILE_NAME));
    assert.equal(first.key.length, 32);
    assert.equal((await stat(join(dir, KEY_FILE_NAME))).mode & 0o777, 0o600);
    assert.equal(Buffer.from((await readFile(join(dir, KEY_FILE_NAME), 'utf8')).trim(), 'base64').length, 32);

    const second = await loadOrCreateKey(dir);
    assert.equal(second.created, false);
    assert.equal(second.insecurePermissions, false);
    assert.deepEqual(second.key, first.key);
    assert.equal(createSecretBox(second.key).open(createSecretBox(first.key).seal(SECRET)), SECRET);
  });

  it('flags a key file readable by group or others', async () => {
    const dir = await tempDir();
    await loadOrCreateKey(dir);
    await chmod(join(dir, KEY_FILE_NAME), 0o644);
    assert.equal((await loadOrCreateKey(dir)).insecurePermissions, true);
  });

  it('gives every concurrent creator the same key', async () => {
    const dir = await tempDir();
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(dir)));
    assert.equal(keys.filter((k) => k.created).length, 1);
    for (const k of keys) assert.deepEqual(k.key, keys[0]?.key);
  });

  it('refuses a corrupt key file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, KEY_FILE_NAME), 'not a key\n', { mode: 0o600 });
    await assert.rejects(loadOrCreateKey(dir), /not a base64 32-byte key/);
  });

  it('without a data directory gives an ephemeral key', async () => {
    const a = await loadOrCreateKey();
    const b = await loadOrCreateKey();
    assert.equal(a.source, 'ephemeral');
    assert.equal(a.key.length, 32);
    assert.notDeepEqual(a.key, b.key);
  });
});
