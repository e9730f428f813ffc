import assert from 'node:assert/strict';
import { chmod, chown, lstat, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { editFile } from '../../src/cli/aws-config/edit-file.js';
import { writePrivateFile } from '../../src/cli/aws-config/json-files.js';
import { replaceFile } from '../../src/cli/aws-config/replace-file.js';
import { run } from '../support/processes.js';
import { TempHome } from './support.js';

// Every rewrite of a file goes through replaceFile: a temporary file beside the target, renamed over it. A config
// edit keeps the file's mode; a secret's file is made 0600; a write that fails leaves the old file whole.

const original = '[default]\nregion = eu-west-1\n';
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

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

  it('makes a file that now holds a secret 0600 whatever its mode was', async () => {
    const path = home.path('.aws', 'credentials');
    await writeFile(path, '[old]\n', { mode: 0o644 });
    await chmod(path, 0o644);
    await writePrivateFile(path, '[new]\naws_secret_access_key = x\n');
    assert.equal((await modeOf(path)).toString(8), '600');
  });

  it('replaces the file a symbolic link points to, keeping the link', async () => {
    await home.write('dotfiles/aws-config', original);
    await symlink(home.path('dotfiles', 'aws-config'), home.path('linked-config'));
    await editFile(home.path('linked-config'), (text) => `${text}[profile linked]\n`);
    assert.ok((await lstat(home.path('linked-config'))).isSymbolicLink());
    assert.equal(await readlink(home.path('linked-config')), home.path('dotfiles', 'aws-config'));
    assert.equal(await home.read('dotfiles/aws-config'), `${original}[profile linked]\n`);
  });

  it('keeps the owner of a file root rewrites', async () => {
    if (process.getuid?.() !== 0) return; // only root can give a file to another user
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
    const helper = new URL('../../src/cli/aws-config/replace-file.js', import.meta.url).href;
    const script = `import { replaceFile } from ${JSON.stringify(helper)}; await replaceFile(${JSON.stringify(path)}, ${JSON.stringify(original)} + '#'.repeat(100000));`;
    const result = await run('/bin/sh', ['-c', 'ulimit -f 1 && exec "$0" --input-type=module -e "$1"', process.execPath, script], { env: { PATH: process.env['PATH'] } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /EFBIG/);
    assert.equal(await readFile(path, 'utf8'), original);
    assert.deepEqual(await readdir(home.path('limited')), ['config']);
  });
});
