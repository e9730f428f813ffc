import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsConfig } from '../../src/cli/aws-config/config-file.js';
import { profileChoices, searchChoices, type Choice } from '../../src/cli/picker.js';
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

  it('finds a profile by its account, tags and the rest; the line says what matched when the name did not', async () => {
    await home.write(
      '.aws/config',
      (await home.read('.aws/config')) +
        '[profile Payments/Admin]\nsso_session = acme\nsso_account_id = 444444444444\nsso_role_name = AdministratorAccess\nregion = eu-central-1\n' +
        'gatehouse_account_name = Payments Production\ngatehouse_tags = team=payments, env=prod\n',
    );
    await seedRoleCredentials(home, '444444444444', 'AdministratorAccess', credentials);
    // "prod": two names, and Payments/Admin by its account name; then (part of) its account id picks it.
    const result = await atTerminal(`'${process.execPath}' '${gatehouseBin}' assume > /dev/null; echo "exit=$?"`, 'prod\n4444\n', { NO_COLOR: '1' });
    const screen = result.stdout.replaceAll('\r', '');
    assert.match(screen, /exit=0/, screen);
    assert.match(screen, /\n {2}1 {2}Prod\/ReadOnly\n {2}2 {2}Prod\/Admin\n {2}3 {2}Payments\/Admin {2}account name Payments Production\n/, screen);
    assert.deepEqual(JSON.parse(await home.read('.cache/gatehouse/recent-profiles.json')).profiles[0], 'Payments/Admin');
  });

  it('ranks the name, then a field, then the name\'s letters in order; every word must match; equals keep their order', () => {
    const choice = (name: string, ...fields: [string, string][]): Choice => ({ name, fields: fields.map(([label, value]) => ({ label, value })) });
    const names = (filter: string, choices: Choice[]) => searchChoices(choices, filter).map((m) => m.choice.name);
    assert.deepEqual(names('adm', [choice('Prod/ReadOnly'), choice('Dev/Admin'), choice('Prod/Admin')]), ['Dev/Admin', 'Prod/Admin']);
    assert.deepEqual(names('adm', [choice('a-x-d-m'), choice('Prod/Admin')]), ['Prod/Admin', 'a-x-d-m']);
    assert.deepEqual(names('nothing', [choice('x')]), []);
    const team = [
      choice('pay-x-m-e-n-t-s'),
      choice('Billing/Admin', ['account', '555555555555'], ['tag', 'team=payments'], ['tag', 'env=prod']),
      choice('Payments/ReadOnly', ['tag', 'env=dev']),
      choice('Ledger/Admin', ['tag', 'team=payments'], ['region', 'eu-west-1']),
    ];
    // A field match (whole word) ranks before letters scattered through a name; among equals the given order stays.
    assert.deepEqual(names('payments', team), ['Payments/ReadOnly', 'Billing/Admin', 'Ledger/Admin', 'pay-x-m-e-n-t-s']);
    assert.deepEqual(names('PAYMENTS env=prod', team), ['Billing/Admin']);
    assert.deepEqual(names('payments admin', team), ['Ledger/Admin', 'Billing/Admin'], 'both by tag; "admin" comes earlier in Ledger/Admin');
    assert.deepEqual(names('5555', team), ['Billing/Admin']);
    assert.deepEqual(names('  ', team), team.map((c) => c.name));
    const [billing] = searchChoices(team, 'admin env=prod 555');
    assert.deepEqual(billing!.matched, [{ label: 'tag', value: 'env=prod' }, { label: 'account', value: '555555555555' }], 'the fields of the words the name did not match');
    assert.deepEqual(searchChoices(team, 'ledger')[0]!.matched, []);
  });

  it('reads what a profile is found by from the config: sso, role and tags, account name and email, description', () => {
    const config = new AwsConfig('/x', [
      '[sso-session acme]', 'sso_start_url = https://acme.awsapps.com/start', 'sso_region = eu-west-1',
      '[profile Dev/Admin]', 'sso_session = acme', 'sso_account_id = 111111111111', 'sso_role_name = AdministratorAccess', 'region = eu-west-1',
      'gatehouse_account_name = Development', 'gatehouse_account_email = dev@acme.example', 'gatehouse_tags = team=payments , env=dev,, pci',
      '[profile deployer]', 'role_arn = arn:aws:iam::222222222222:role/ci/Deployer', 'source_profile = Dev/Admin', 'granted_description = CI deploys',
      '[profile util]', 'sso_start_url = https://legacy.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 333333333333', 'sso_role_name = ReadOnly', 'sso_account_name = Utilities',
      '[profile broken]', 'sso_session = missing', 'sso_account_id = 444444444444', 'sso_role_name = X',
    ].join('\n'));
    const fields = (name: string) => profileChoices(config, [name])[0]!.fields.map((f) => `${f.label}: ${f.value}`);
    assert.deepEqual(fields('Dev/Admin'), [
      'account: 111111111111', 'account name: Development', 'email: dev@acme.example', 'role: AdministratorAccess', 'sso-session: acme',
      'start URL: https://acme.awsapps.com/start', 'region: eu-west-1', 'tag: team=payments', 'tag: env=dev', 'tag: pci',
    ]);
    assert.deepEqual(fields('deployer'), ['account: 222222222222', 'role: Deployer', 'source profile: Dev/Admin', 'description: CI deploys']);
    assert.deepEqual(fields('util'), ['account: 333333333333', 'account name: Utilities', 'role: ReadOnly', 'start URL: https://legacy.awsapps.com/start']);
    assert.deepEqual(fields('broken'), [], 'a profile naming a missing sso-session is found by its name only');
  });
});
