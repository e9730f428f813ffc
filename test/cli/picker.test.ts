import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fuzzyFilter } from '../../src/cli/picker.js';
import { gatehouseBin, run } from '../support/processes.js';
import { TempHome, profileConfig, seedRoleCredentials, sessionConfig } from './support.js';

// The profile picker at a real terminal (util-linux `script` gives the commands a pty), through the assume function.

const credentials = { accessKeyId: 'ASIAPICKED', secretAccessKey: 's', sessionToken: 't', expiration: '2099-01-01T00:00:00Z' };

describe('the profile picker', () => {
  let home: TempHome;
  before(async () => {
    home = await TempHome.create();
    await home.write(
      '.aws/config',
      sessionConfig + profileConfig('Dev/Admin', '111111111111', 'AdministratorAccess') + profileConfig('Prod/Admin', '222222222222', 'AdministratorAccess') + profileConfig('Prod/ReadOnly', '222222222222', 'ReadOnlyAccess'),
    );
    await seedRoleCredentials(home, '222222222222', 'ReadOnlyAccess', credentials);
  });
  after(() => home.remove());

  /** Runs a bash script under `script`, whose pty is the terminal; `input` is typed into it. */
  const atTerminal = async (script: string, input: string, env: NodeJS.ProcessEnv = {}) => {
    await home.write('script.sh', script);
    return run('/usr/bin/script', ['-qec', `/bin/bash --noprofile --norc ${home.path('script.sh')}`, '/dev/null'], { env: home.env({ TERM: 'xterm', ...env }), input });
  };

  it('narrows by letters in order, picks by number, and the function exports the pick', async () => {
    const init = `eval "$('${process.execPath}' '${gatehouseBin}' shell-init bash)"`;
    const result = await atTerminal(`${init}; assume; echo "picked=$GATEHOUSE_PROFILE key=$AWS_ACCESS_KEY_ID"`, 'prd\n2\n');
    assert.equal(result.code, 0, result.stdout);
    // eslint-disable-next-line no-control-regex
    const screen = result.stdout.replaceAll('\r', '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    assert.match(screen, / {2}1 {2}Dev\/Admin\n {2}2 {2}Prod\/Admin\n {2}3 {2}Prod\/ReadOnly\n/);
    assert.match(screen, /\n {2}1 {2}Prod\/Admin\n {2}2 {2}Prod\/ReadOnly\n/, 'narrowed to the two Prod profiles');
    assert.match(screen, /picked=Prod\/ReadOnly key=ASIAPICKED/);
  });

  it('colours the list at a terminal, and not with NO_COLOR', async () => {
    const command = `'${process.execPath}' '${gatehouseBin}' assume > /dev/null`;
    const coloured = await atTerminal(command, 'Prod/ReadOnly\n');
    assert.equal(coloured.code, 0, coloured.stdout);
    assert.match(coloured.stdout, /\u001b\[2m {2}1\u001b\[22m {2}Prod\/ReadOnly/);
    const plain = await atTerminal(command, 'Prod/ReadOnly\n', { NO_COLOR: '1' });
    assert.equal(plain.code, 0, plain.stdout);
    assert.doesNotMatch(plain.stdout, /\u001b\[2m/);
  });

  it('offers the profiles assume used last first, most recent first', async () => {
    await home.write('.aws/config', (await home.read('.aws/config')) + profileConfig('QA/Admin', '333333333333', 'AdministratorAccess'));
    await seedRoleCredentials(home, '111111111111', 'AdministratorAccess', credentials);
    const used = await home.gatehouse(['assume', 'Dev/Admin']);
    assert.equal(used.code, 0, used.stderr);
    const result = await atTerminal(`'${process.execPath}' '${gatehouseBin}' assume > /dev/null`, '\n', { NO_COLOR: '1' });
    assert.equal(result.code, 0, result.stdout);
    const screen = result.stdout.replaceAll('\r', '');
    // Dev/Admin just now, Prod/ReadOnly by the tests before; the others in the config's order.
    assert.match(screen, / {2}1 {2}Dev\/Admin\n {2}2 {2}Prod\/ReadOnly\n {2}3 {2}Prod\/Admin\n {2}4 {2}QA\/Admin\n/);
    assert.deepEqual(JSON.parse(await home.read('.cache/gatehouse/recent-profiles.json')), { profiles: ['Dev/Admin', 'Prod/ReadOnly'] });
  });

  it('ranks substring matches before scattered ones', () => {
    assert.deepEqual(fuzzyFilter(['Prod/ReadOnly', 'Dev/Admin', 'Prod/Admin'], 'adm'), ['Dev/Admin', 'Prod/Admin']);
    assert.deepEqual(fuzzyFilter(['a-x-d-m', 'Prod/Admin'], 'adm'), ['Prod/Admin', 'a-x-d-m']);
    assert.deepEqual(fuzzyFilter(['x'], 'nothing'), []);
  });
});
