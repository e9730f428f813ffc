import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beginMarker, blockProfiles, endMarker, findBlock, profilesOutsideBlock, replaceBlock } from '../../src/cli/aws-config/managed-block.js';
import { checkTemplate, defaultTemplate, nameProfiles } from '../../src/cli/aws-config/profile-names.js';
import { upsertSection } from '../../src/cli/aws-config/ini-section.js';

// The gatehouse block of ~/.aws/config: replaced whole, everything outside byte for byte as it was, including
// other tools' blocks, comments and CRLF line ends; profile names that are safe for every SDK and never collide.

const userConfig = [
  '# my settings ; with a semicolon',
  '[default]',
  'region = eu-west-1   # inline comment',
  '',
  '[profile work]',
  'aws_access_key_id = AKIA',
  's3 =',
  '    max_concurrent_requests = 20',
  '',
  '# BEGIN_AWS_SSO_CLI',
  '[profile aws-sso-cli/thing]',
  'credential_process = /usr/local/bin/aws-sso -S "Default" process --arn arn:aws:iam::1:role/x',
  '# END_AWS_SSO_CLI',
  '[profile granted-made]',
  'granted_sso_start_url = https://x.awsapps.com/start',
  'common_fate_generated_from = aws-sso',
  'credential_process = granted credential-process --profile granted-made',
].join('\n');

const profile = (name: string, account: string, role: string) => [`[profile ${name}]`, 'sso_session = acme', `sso_account_id = ${account}`, `sso_role_name = ${role}`, 'region = us-east-1'];

describe('the populate block', () => {
  it('is appended after a blank line, then replaced and removed with every other byte kept', () => {
    for (const ending of ['', '\n', '\n\n']) {
      const original = userConfig + ending;
      const written = replaceBlock(original, 'acme', [profile('Dev/Admin', '1', 'Admin')]);
      assert.ok(written.startsWith(original), 'the file before the block is untouched');
      assert.match(written, /\n\n# BEGIN gatehouse populate sso-session=acme .*\n\[profile Dev\/Admin\]\n/);
      assert.ok(written.endsWith(`${endMarker('acme')}\n`));

      const rewritten = replaceBlock(written, 'acme', [profile('Dev/Admin', '1', 'Admin'), profile('Prod/Admin', '2', 'Admin')]);
      const block = findBlock(rewritten, 'acme')!;
      assert.equal(rewritten.slice(0, block.start), written.slice(0, findBlock(written, 'acme')!.start));
      assert.deepEqual([...blockProfiles(rewritten, 'acme').keys()], ['Dev/Admin', 'Prod/Admin']);

      const removed = replaceBlock(rewritten, 'acme', []);
      assert.equal(findBlock(removed, 'acme'), undefined);
      assert.ok(removed.startsWith(original));
    }
  });

  it('keeps what follows the block, another session\'s block, and CRLF line ends', () => {
    const crlf = (text: string) => text.replaceAll('\n', '\r\n');
    const before = crlf(`${userConfig}\n\n${beginMarker('other')}\n[profile O/R]\nsso_session = other\n${endMarker('other')}\n`);
    const withBlock = replaceBlock(before, 'acme', [profile('A/R', '1', 'R')]);
    assert.ok(withBlock.startsWith(before));
    assert.ok(!/[^\r]\n/.test(withBlock), 'every line ends in CRLF');
    // The user adds a profile after the block; a rewrite keeps it where it is.
    const edited = withBlock + crlf('\n[profile mine]\nregion = ap-south-1\n');
    const rewritten = replaceBlock(edited, 'acme', [profile('B/R', '2', 'R')]);
    const block = findBlock(edited, 'acme')!;
    const after = findBlock(rewritten, 'acme')!;
    assert.equal(rewritten.slice(0, after.start), edited.slice(0, block.start));
    assert.equal(rewritten.slice(after.end), edited.slice(block.end));
    assert.deepEqual([...blockProfiles(rewritten, 'other').keys()], ['O/R']);
    assert.deepEqual([...profilesOutsideBlock(rewritten, 'acme')].sort(), ['O/R', 'aws-sso-cli/thing', 'default', 'granted-made', 'mine', 'work']);
  });

  it('leaves the block alone for upsertSection edits of other sections (login saving an sso-session)', () => {
    const written = replaceBlock(userConfig + '\n', 'acme', [profile('Dev/Admin', '1', 'Admin')]);
    const withSession = upsertSection(written, 'sso-session acme', { sso_start_url: 'https://acme.awsapps.com/start', sso_region: 'eu-west-1' });
    assert.ok(withSession.startsWith(written));
    assert.deepEqual([...blockProfiles(withSession, 'acme').keys()], ['Dev/Admin']);
  });

  it('refuses a block with a BEGIN line and no END line', () => {
    assert.throws(() => findBlock(`${beginMarker('acme')}\n[profile x]\n`, 'acme'), /BEGIN line but no END line/);
  });
});

describe('profile names', () => {
  const taken = new Set(['Shared/AdministratorAccess']);
  const inputs = [
    { accountId: '111111111111', accountName: 'Experiments', roleName: 'AdministratorAccess' },
    { accountId: '222222222222', accountName: 'Dev Team [EU]', roleName: 'ReadOnlyAccess' },
    { accountId: '333333333333', accountName: 'Twin', roleName: 'Admin' },
    { accountId: '444444444444', accountName: 'Twin', roleName: 'Admin' },
    { accountId: '555555555555', accountName: 'Shared', roleName: 'AdministratorAccess' },
  ];

  it('follows the template and prefix, makes names safe, tells twins apart and never takes a name used outside', () => {
    const plan = nameProfiles(inputs, { template: defaultTemplate, prefix: 'acme_', session: 'acme', taken: new Set() });
    assert.deepEqual(plan.profiles.map((p) => p.name), [
      'acme_Experiments/AdministratorAccess',
      'acme_Dev-Team-EU-/ReadOnlyAccess',
      'acme_Twin-333333333333/Admin',
      'acme_Twin-444444444444/Admin',
      'acme_Shared/AdministratorAccess',
    ]);
    const unprefixed = nameProfiles(inputs, { template: defaultTemplate, prefix: '', session: 'acme', taken });
    assert.equal(unprefixed.profiles.find((p) => p.accountId === '555555555555')?.name, 'Shared-555555555555/AdministratorAccess');
    const blocked = nameProfiles(inputs.slice(4), { template: defaultTemplate, prefix: '', session: 'acme', taken: new Set([...taken, 'Shared-555555555555/AdministratorAccess']) });
    assert.deepEqual(blocked.profiles, []);
    assert.equal(blocked.skipped[0]?.name, 'Shared-555555555555/AdministratorAccess');
    const byId = nameProfiles(inputs.slice(2, 4), { template: '{role_name}', prefix: '', session: 'acme', taken: new Set() });
    assert.deepEqual(byId.profiles.map((p) => p.name), ['Admin-333333333333', 'Admin-444444444444']);
    const other = nameProfiles(inputs.slice(0, 1), { template: '{sso_session}.{account_id}.{role_name}', prefix: '', session: 'acme', taken: new Set() });
    assert.equal(other.profiles[0]?.name, 'acme.111111111111.AdministratorAccess');
  });

  it('refuses unknown placeholders and characters an SDK cannot read in a section name', () => {
    assert.throws(() => checkTemplate('{account}/{role_name}', ''), /not \{account\}/);
    assert.throws(() => checkTemplate('{account_name} {role_name}', ''), /--template may only hold/);
    assert.throws(() => checkTemplate(defaultTemplate, 'my prefix'), /--prefix may only hold/);
    assert.throws(() => checkTemplate(defaultTemplate, 'a]b'), /--prefix may only hold/);
    checkTemplate(defaultTemplate, 'loigetemp_');
  });
});
