import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, link, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { editFile } from '../../src/cli/aws-config/edit-file.js';
import { writeEndpointsFile } from '../../src/cli/aws-config/endpoints-file.js';
import { saveKeyProfile } from '../../src/cli/aws-config/profile.js';
import { writePrivateFile } from '../../src/cli/aws-config/json-files.js';
import { CliError } from '../../src/cli/errors.js';
import { replaceFile } from '../../src/cli/replace-file.js';
import { run } from '../support/processes.js';
import { TempHome } from './support.js';

// Every rewrite of a file goes through replaceFile: a temporary file beside the target, renamed over it. A config
// edit keeps the file's mode; a secret's file is made 0600; a write that fails leaves the old file whole.

const original = '[default]\nregion = eu-west-1\n';
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const posixOnly = { skip: process.platform === 'win32' && 'POSIX only' };
const asRoot = process.getuid?.() === 0;
const nobody = 65534;
const replaceFileModule = new URL('../../src/cli/replace-file.js', import.meta.url).href;

/**
 * replaceFile(path, text) in another process: as `nobody` when the tests run as root (root may write any file, so a
 * file another user may not write needs another user), as this user otherwise. Its outcome: 'written', or the
 * error's message, prefixed 'CliError: ' for a CliError. `nobody` may not be able to read this checkout (a clone in a
 * 0700 folder), so it runs copies of the two modules put in the home (replace-file.js imports only errors.js).
 */
async function replaceElsewhere(home: TempHome, path: string, text: string): Promise<string> {
  const modules = home.path('modules');
  await mkdir(modules, { recursive: true });
  for (const name of ['replace-file.js', 'errors.js']) await copyFile(new URL(`../../src/cli/${name}`, import.meta.url), join(modules, name));
  if (asRoot) await chmod(home.dir, 0o755); // nobody passes through the home to the modules and the files
  await chmod(modules, 0o755);
  const imported = (name: string) => JSON.stringify(pathToFileURL(join(modules, name)).href);
  const script = `import { replaceFile } from ${imported('replace-file.js')}; import { CliError } from ${imported('errors.js')};
    await replaceFile(${JSON.stringify(path)}, ${JSON.stringify(text)}).then(() => console.log('written'), (e) => console.log((e instanceof CliError ? 'CliError: ' : '') + e.message));`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], asRoot ? { uid: nobody, gid: nobody } : {}, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    ),
  );
}

function execFileText(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(command, args, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))));
}

/** A folder and a file in it that the process of replaceElsewhere owns (nobody's when the tests run as root). */
async function ownFolder(home: TempHome, name: string): Promise<{ dir: string; path: string }> {
  const dir = home.path(name);
  const path = home.path(name, 'config');
  await home.write(`${name}/config`, original);
  if (asRoot) {
    await chmod(home.dir, 0o755); // nobody passes through the home to the folder
    await chown(dir, nobody, nobody);
    await chown(path, nobody, nobody);
  }
  return { dir, path };
}

describe('replacing a file', () => {
  let home: TempHome;
  before(async () => (home = await TempHome.create()));
  after(() => home.remove());

  it("keeps an existing config's mode through an edit, and makes a new one 0600 in a 0700 folder", async () => {
    await home.write('.aws/config', original);
    await chmod(home.configPath, 0o640);
    await editFile(home.configPath, (text) => `${text}[profile dev]\nregion = us-east-1\n`);
    assert.equal(await home.read('.aws/config'), `${original}[profile dev]\nregion = us-east-1\n`);
    assert.equal((await modeOf(home.configPath)).toString(8), '640');

    const fresh = home.path('new', 'config');
    await editFile(fresh, () => original);
    assert.equal(await readFile(fresh, 'utf8'), original);
    assert.equal((await modeOf(fresh)).toString(8), '600');
    assert.equal((await modeOf(home.path('new'))).toString(8), '700');
  });

  it('makes a new file 0600 whatever the umask', async () => {
    // A umask that takes the owner's write bit away: the file is 0600 only because replaceFile sets its mode.
    await mkdir(home.path('umask'), { mode: 0o700 });
    const previous = process.umask(0o277);
    try {
      await editFile(home.path('umask', 'config'), () => original);
    } finally {
      process.umask(previous);
    }
    assert.equal((await modeOf(home.path('umask', 'config'))).toString(8), '600');
  });

  it('makes a file that now holds a secret 0600 whatever its mode was', async () => {
    const path = home.path('.aws', 'credentials');
    await writeFile(path, '[old]\n', { mode: 0o644 });
    await chmod(path, 0o644);
    await writePrivateFile(path, '[new]\naws_secret_access_key = x\n');
    assert.equal((await modeOf(path)).toString(8), '600');
  });

  it('makes the credentials file 0600 when env --profile saves a key in it', async () => {
    const paths = { AWS_SHARED_CREDENTIALS_FILE: home.path('key', 'credentials'), AWS_CONFIG_FILE: home.path('key', 'config') };
    await home.write('key/credentials', '[other]\n');
    await chmod(paths.AWS_SHARED_CREDENTIALS_FILE, 0o644);
    const saved = { ...process.env };
    Object.assign(process.env, paths);
    try {
      await saveKeyProfile('dev', { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }, 'http://127.0.0.1:1', 'eu-west-1');
    } finally {
      for (const name of Object.keys(paths)) if (saved[name] === undefined) delete process.env[name];
      Object.assign(process.env, saved);
    }
    assert.match(await home.read('key/credentials'), /\[dev\]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n/);
    assert.equal((await modeOf(paths.AWS_SHARED_CREDENTIALS_FILE)).toString(8), '600');
  });

  it('writes endpoints.json 0644 whatever the umask: it holds no secret, and other users\' clients read it', async () => {
    const previous = process.umask(0o077);
    try {
      await writeEndpointsFile(home.path('endpoints'), '127.0.0.1:1');
    } finally {
      process.umask(previous);
    }
    assert.equal((await modeOf(home.path('endpoints', 'endpoints.json'))).toString(8), '644');
  });

  it('replaces the file a symbolic link points to, keeping the link', async () => {
    await home.write('dotfiles/aws-config', original);
    await symlink(home.path('dotfiles', 'aws-config'), home.path('linked-config'));
    await editFile(home.path('linked-config'), (text) => `${text}[profile linked]\n`);
    assert.ok((await lstat(home.path('linked-config'))).isSymbolicLink());
    assert.equal(await readlink(home.path('linked-config')), home.path('dotfiles', 'aws-config'));
    assert.equal(await home.read('dotfiles/aws-config'), `${original}[profile linked]\n`);
  });

  it('keeps the owner of a file root rewrites', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
    await home.write('owned/config', original);
    await chown(home.path('owned', 'config'), 65534, 65534);
    await replaceFile(home.path('owned', 'config'), `${original}[profile x]\n`);
    const owner = await stat(home.path('owned', 'config'));
    assert.deepEqual([owner.uid, owner.gid], [65534, 65534]);
  });

  it('leaves the old file whole, and no temporary file, when writing the new text fails', async () => {
    // A process limited to files of 512 bytes (ulimit -f 1) gets EFBIG writing more: the failure of a full disk or
    // a quota, part way through the write. Written in place, the config would be left truncated.
    await home.write('limited/config', original);
    const path = home.path('limited', 'config');
    const script = `import { replaceFile } from ${JSON.stringify(replaceFileModule)}; await replaceFile(${JSON.stringify(path)}, ${JSON.stringify(original)} + '#'.repeat(100000));`;
    const result = await run('/bin/sh', ['-c', 'ulimit -f 1 && exec "$0" --input-type=module -e "$1"', process.execPath, script], { env: { PATH: process.env['PATH'] } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /EFBIG/);
    assert.equal(await readFile(path, 'utf8'), original);
    assert.deepEqual(await readdir(home.path('limited')), ['config']);
  });

  // A device node of our own (the same device as /dev/null, made in the test's home): a regression could never rename
  // over the machine's real /dev/null.
  it('writes through a link to a device in place: the device stays, and no temporary file is made beside it', { skip: !asRoot && 'needs root to make a device node' }, async () => {
    await mkdir(home.path('dev'));
    await execFileText('mknod', ['-m', '666', home.path('dev', 'null'), 'c', '1', '3']);
    const before = await stat(home.path('dev', 'null'));
    await symlink(home.path('dev', 'null'), home.path('.aws', 'null-credentials'));
    await writePrivateFile(home.path('.aws', 'null-credentials'), '[x]\naws_secret_access_key = x\n');
    const after = await stat(home.path('dev', 'null'));
    assert.ok(after.isCharacterDevice());
    assert.equal(after.mode, before.mode);
    assert.ok((await lstat(home.path('.aws', 'null-credentials'))).isSymbolicLink());
    assert.deepEqual(await readdir(home.path('dev')), ['null']);
  });

  it('refuses at once, rather than hang, to write a pipe that nothing reads', posixOnly, async () => {
    await mkdir(home.path('fifo'));
    await execFileText('mkfifo', [home.path('fifo', 'config')]);
    await assert.rejects(
      replaceFile(home.path('fifo', 'config'), original),
      (error) => error instanceof CliError && error.message === `${home.path('fifo', 'config')} is a pipe that nothing is reading: gatehouse did not write it`,
    );
  });

  it('writes a hard-linked file in place, so every name sees the new text', posixOnly, async () => {
    await home.write('linked/config', original);
    await link(home.path('linked', 'config'), home.path('linked', 'other-name'));
    await editFile(home.path('linked', 'config'), (text) => `${text}[profile both]\n`);
    assert.equal(await home.read('linked/other-name'), `${original}[profile both]\n`);
    assert.equal((await stat(home.path('linked', 'config'))).ino, (await stat(home.path('linked', 'other-name'))).ino);
  });

  it('refuses a read-only file, naming it, and leaves it as it was', posixOnly, async () => {
    const { path } = await ownFolder(home, 'read-only');
    await chmod(path, 0o444);
    const outcome = await replaceElsewhere(home, path, 'changed\n');
    assert.equal(outcome, `CliError: ${path} is read-only: gatehouse left it unchanged; make it writable (chmod u+w) if gatehouse should change it`);
    assert.equal(await readFile(path, 'utf8'), original);
    assert.equal((await modeOf(path)).toString(8), '444');
  });

  it('writes a writable file in place when its folder refuses new files', posixOnly, async () => {
    const { dir, path } = await ownFolder(home, 'closed-folder');
    await chmod(dir, 0o555);
    try {
      assert.equal(await replaceElsewhere(home, path, 'changed\n'), 'written');
      assert.equal(await readFile(path, 'utf8'), 'changed\n');
      assert.deepEqual(await readdir(dir), ['config']);
    } finally {
      await chmod(dir, 0o755); // so the home can be removed when the tests do not run as root
    }
  });

  it("names the owner of another user's file it may not write", { skip: !asRoot && 'needs root to make a file of another user' }, async () => {
    await chmod(home.dir, 0o755);
    await home.write('roots/config', original);
    await chmod(home.path('roots'), 0o755);
    await chmod(home.path('roots', 'config'), 0o644);
    const outcome = await replaceElsewhere(home, home.path('roots', 'config'), 'changed\n');
    assert.match(outcome, /^CliError: .*roots\/config belongs to another user \(uid 0\) and is not writable by you: gatehouse left it unchanged; take it back/);
    assert.equal(await home.read('roots/config'), original);
  });

  it('follows a dangling relative link: the link stays, and the file it names is made', posixOnly, async () => {
    await mkdir(home.path('dangling'));
    await symlink('../dotfiles-later/config', home.path('dangling', 'config'));
    await editFile(home.path('dangling', 'config'), () => original);
    assert.ok((await lstat(home.path('dangling', 'config'))).isSymbolicLink());
    assert.equal(await readlink(home.path('dangling', 'config')), '../dotfiles-later/config');
    assert.equal(await home.read('dotfiles-later/config'), original);
  });

  it('follows a dangling relative link from a linked folder as the kernel does, from the folder it really is', posixOnly, async () => {
    // ~/.aws-linked -> real/aws, and ~/.aws-linked/config -> ../dotfiles/config: the file is real/dotfiles/config.
    await mkdir(home.path('real', 'aws'), { recursive: true });
    await symlink(home.path('real', 'aws'), home.path('aws-linked'));
    await symlink('../dotfiles/config', home.path('real', 'aws', 'config'));
    await mkdir(home.path('real', 'dotfiles'));
    await editFile(home.path('aws-linked', 'config'), () => original);
    assert.equal(await home.read('real/dotfiles/config'), original);
    assert.equal(await readFile(home.path('aws-linked', 'config'), 'utf8'), original);
  });

  it('lets one of two concurrent writes win whole, leaving no temporary file', async () => {
    await home.write('race/config', original);
    const [first, second] = [`${original}[profile first]\n`, `${original}[profile second]\n`];
    await Promise.all([replaceFile(home.path('race', 'config'), first), replaceFile(home.path('race', 'config'), second)]);
    assert.ok([first, second].includes(await home.read('race/config')));
    assert.deepEqual(await readdir(home.path('race')), ['config']);
  });
});
