import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AwsConfig } from '../../src/cli/aws-config/config-file.js';
import { beginMarker, endMarker, findBlock, registryBlocks } from '../../src/cli/aws-config/managed-block.js';
import { mergeRegistries, type MergeInput } from '../../src/cli/registry/merge.js';
import { parseSections, readSource } from '../../src/cli/registry/source.js';
import { displayUrl } from '../../src/cli/registry/git.js';
import { CliError } from '../../src/cli/errors.js';
import { gatehouseBin, run } from '../support/processes.js';
import { TempHome } from './support.js';

// Profile registries: real git repositories in a temp folder, added by file:// URL, merged into an isolated
// ~/.aws/config that the AWS CLI itself then reads. Every byte outside the registry blocks stays.

/** A git repository to play the team's registry, committed with the system git. */
class Repo {
  private constructor(readonly dir: string) {}

  static async create(files: Record<string, string>): Promise<Repo> {
    const repo = new Repo(await mkdtemp(join(tmpdir(), 'gatehouse-registry-')));
    await repo.git('init', '--quiet', '--initial-branch=main');
    await repo.commit(files, 'first');
    return repo;
  }

  get url(): string {
    return `file://${this.dir}`;
  }

  async git(...args: string[]): Promise<string> {
    const result = await run('git', ['-C', this.dir, ...args], {
      env: { PATH: process.env['PATH'], HOME: this.dir, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    });
    if (result.code !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** Writes the files (null deletes one) and commits them; returns the commit. */
  async commit(files: Record<string, string | null>, message: string): Promise<string> {
    for (const [name, text] of Object.entries(files)) {
      const path = join(this.dir, name);
      if (text === null) await rm(path, { force: true });
      else {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
      }
    }
    await this.git('add', '--all');
    await this.git('commit', '--quiet', '--message', message);
    return this.git('rev-parse', 'HEAD');
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

const grantedYml = `# the team's registry, as Granted reads it
awsConfig:
  - ./config
templateValues:
  - ROLE:
      - isRequired: true
      - prompt: "your IAM Identity Center role"
  - REGION:
      - value: eu-central-1
`;

const teamConfig = `# shared by the platform team
[sso-session team]
sso_start_url = https://team.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile team-dev]
sso_session = team
sso_account_id = 111111111111
sso_role_name = {{ .Required.ROLE }}
region = {{ .Variables.REGION }}

[profile team-prod]
sso_session = team
sso_account_id = 222222222222
sso_role_name = ReadOnlyAccess
region = eu-west-1
s3 =
    max_concurrent_requests = 20

[profile team-deploy]
role_arn = arn:aws:iam::222222222222:role/Deployer
source_profile = team-prod
`;

/** The user's own file: comments, odd spacing and no final newline, none of which may change. */
const userConfig = `# my own settings ; keep me
[default]
region = us-east-1   # inline comment

[profile mine]
aws_access_key_id = AKIAEXAMPLE
s3 =
  max_concurrent_requests = 5
; the end, without a newline`;

function env(home: TempHome, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return home.env({ AWS_CONFIG_FILE: home.configPath, ...extra });
}

async function awsProfiles(home: TempHome): Promise<string[]> {
  const result = await run('/usr/bin/aws', ['configure', 'list-profiles'], { env: env(home, { AWS_SHARED_CREDENTIALS_FILE: home.path('.aws', 'credentials') }) });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.split('\n').filter((l) => l !== '').sort();
}

async function awsGet(home: TempHome, key: string, profile: string): Promise<string> {
  const result = await run('/usr/bin/aws', ['configure', 'get', key, '--profile', profile], { env: env(home) });
  return result.stdout.trim();
}

/** A key of a profile as gatehouse's own reader sees it (the AWS CLI reads the same file in the tests that run it). */
async function value(home: TempHome, key: string, profile: string): Promise<string | undefined> {
  return new AwsConfig(home.configPath, await home.read('.aws/config')).profile(profile)?.get(key);
}

/** The file outside the registry's block, which must be the user's file byte for byte. */
function outside(text: string, name: string): { before: string; after: string } {
  const block = findBlock(text, name, registryBlocks);
  assert.ok(block, `a block for ${name}`);
  return { before: text.slice(0, block.start), after: text.slice(block.end) };
}

describe('gatehouse registry', () => {
  let home: TempHome;
  let repo: Repo;
  const gatehouse = (args: string[], extra: NodeJS.ProcessEnv = {}) => home.gatehouse(args, { env: env(home, extra) });

  before(async () => {
    home = await TempHome.create();
    repo = await Repo.create({ 'granted.yml': grantedYml, config: teamConfig });
    await home.write('.aws/config', userConfig);
  });
  after(async () => {
    await home.remove();
    await repo.remove();
  });

  it('refuses a registry whose required key has no answer, naming the key, and saves nothing', async () => {
    const result = await gatehouse(['registry', 'add', '--name', 'team', '--url', repo.url]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /registry team needs a value for ROLE \(your IAM Identity Center role\): give --required-key ROLE=VALUE/);
    assert.equal(await home.read('.aws/config'), userConfig);
    const list = await gatehouse(['registry', 'list']);
    assert.match(list.stderr, /no profile registries/);
    await assert.rejects(stat(home.path('.cache', 'gatehouse', 'registries', 'team')), 'the checkout of a failed add is removed');
  });

  it('adds a registry by file:// URL: its profiles and sso-session in a block, the rest of the file byte for byte', async () => {
    const dry = await gatehouse(['registry', 'add', '--name', 'team', '--url', repo.url, '--required-key', 'ROLE=Developer', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^\+ team: \[sso-session team\]$/m);
    assert.match(dry.stdout, /^\+ team: \[profile team-dev\]$/m);
    assert.equal(await home.read('.aws/config'), userConfig, 'a dry run writes nothing');

    const result = await gatehouse(['registry', 'add', '--name', 'team', '--url', repo.url, '--required-key', 'ROLE=Developer']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /registry team at [0-9a-f]{7}: 4 added, 0 changed, 0 removed, 0 unchanged; profiles: team-dev, team-prod, team-deploy/);
    const text = await home.read('.aws/config');
    const { before: head, after: tail } = outside(text, 'team');
    assert.equal(head, `${userConfig}\n\n`, 'the file before the block is the user\'s, its last line ended');
    assert.equal(tail, '');
    assert.match(text, /\[profile team-prod\]\nsso_session = team\nsso_account_id = 222222222222\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\ns3 =\n    max_concurrent_requests = 20\n/);

    // The AWS CLI reads the result: the registry's profiles, the filled templates, the nested key.
    assert.deepEqual(await awsProfiles(home), ['default', 'mine', 'team-deploy', 'team-dev', 'team-prod']);
    assert.equal(await awsGet(home, 'sso_role_name', 'team-dev'), 'Developer');
    assert.equal(await value(home, 'region', 'team-dev'), 'eu-central-1');
    assert.equal(await awsGet(home, 's3.max_concurrent_requests', 'team-prod'), '20');
    // ... and so does gatehouse: the sso-session is carried, assume can use the profiles.
    const profiles = await gatehouse(['profiles']);
    assert.deepEqual(profiles.stdout.split('\n').filter(Boolean), ['team-dev', 'team-prod', 'team-deploy']);
    assert.equal((await gatehouse(['profiles', '--sessions'])).stdout, 'team\n');

    const list = await gatehouse(['registry', 'list']);
    assert.match(list.stdout, /^NAME\s+URL\s+REF\s+PRIORITY\s+PREFIX\s+LAST SYNC$/m);
    assert.match(list.stdout, new RegExp(`^team\\s+${repo.url}\\s+\\(default branch\\)\\s+0\\s+-\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\([0-9a-f]{7}\\)$`, 'm'));
    const saved = JSON.parse(await home.read('.config/gatehouse/registries.json')) as { requiredKeys: Record<string, string> };
    assert.deepEqual(saved.requiredKeys, { ROLE: 'Developer' }, 'the answer is kept for the next sync');
    assert.equal(((await stat(home.path('.config/gatehouse/registries.json'))).mode & 0o777).toString(8), '600');
  });

  it('refuses a second registry of the same name', async () => {
    const result = await gatehouse(['registry', 'add', '--name', 'team', '--url', repo.url]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /there is a registry team already/);
  });

  it('syncs a changed repository: the dry run shows the change, the sync writes it, the user\'s edits around the block stay', async () => {
    // The user adds a profile after the block by hand.
    const edited = `${await home.read('.aws/config')}\n[profile later]\nregion = ap-south-1\n`;
    await home.write('.aws/config', edited);
    await repo.commit({
      config: teamConfig.replace('sso_role_name = ReadOnlyAccess', 'sso_role_name = PowerUserAccess').replace(/\[profile team-deploy\][^]*$/, '') + '\n[profile team-staging]\nsso_session = team\nsso_account_id = 333333333333\nsso_role_name = {{ .Required.ROLE }}\n',
    }, 'second');

    const dry = await gatehouse(['registry', 'sync', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(dry.stdout.split('\n').filter(Boolean).sort(), ['+ team: [profile team-staging]', '- team: [profile team-deploy]', '~ team: [profile team-prod]  sso_role_name'].sort());
    assert.equal(await home.read('.aws/config'), edited);

    const result = await gatehouse(['registry', 'sync']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /registry team at [0-9a-f]{7}: 1 added, 1 changed, 1 removed, 2 unchanged/);
    const text = await home.read('.aws/config');
    const around = outside(text, 'team');
    const before = outside(edited, 'team');
    assert.equal(around.before, before.before);
    assert.equal(around.after, before.after);
    assert.equal(await value(home, 'sso_role_name', 'team-prod'), 'PowerUserAccess');
    assert.equal(await value(home, 'sso_role_name', 'team-staging'), 'Developer', 'the saved answer fills the new profile');
    assert.deepEqual(await awsProfiles(home), ['default', 'later', 'mine', 'team-dev', 'team-prod', 'team-staging']);

    const again = await gatehouse(['registry', 'sync']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /0 added, 0 changed, 0 removed, 4 unchanged/);
    assert.match(again.stderr, /is up to date/);
    assert.equal(await home.read('.aws/config'), text);
  });

  it('a new required key: sync without an answer fails naming it and keeps the block; --required-key answers it', async () => {
    const current = await home.read('.aws/config');
    const config = await readFile(join(repo.dir, 'config'), 'utf8');
    await repo.commit({
      'granted.yml': `${grantedYml}  - TEAM:\n      - isRequired: "true"\n`,
      config: config.replace('[profile team-staging]', '[profile team-staging]\nrole_session_name = {{ .Required.TEAM }}-{{ .Profile }}'),
    }, 'third');
    const missing = await gatehouse(['registry', 'sync']);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /gatehouse: registry team needs a value for TEAM: give --required-key TEAM=VALUE to gatehouse registry sync \(its block is left as it was\)/);
    assert.equal(await home.read('.aws/config'), current);

    const answered = await gatehouse(['registry', 'sync', 'team', '--required-key', 'TEAM=a=b']);
    assert.equal(answered.code, 0, answered.stderr);
    assert.equal(await value(home, 'role_session_name', 'team-staging'), 'a=b-team-staging');
    const saved = JSON.parse(await home.read('.config/gatehouse/registries.json')) as { requiredKeys: Record<string, string> };
    assert.deepEqual(saved.requiredKeys, { ROLE: 'Developer', TEAM: 'a=b' });
  });

  it('removes the registry: its block, its checkout and its entry; the file is the user\'s again', async () => {
    // The line end and blank line put before the block when it was appended stay (the user's profile follows).
    const withLater = `${userConfig}\n\n\n[profile later]\nregion = ap-south-1\n`;
    const result = await gatehouse(['registry', 'remove', 'team']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /removed registry team and its block/);
    assert.equal(await home.read('.aws/config'), withLater);
    await assert.rejects(stat(home.path('.cache', 'gatehouse', 'registries', 'team')));
    assert.match((await gatehouse(['registry', 'list'])).stderr, /no profile registries/);
    const again = await gatehouse(['registry', 'remove', 'team']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /no registry team/);

    // A block whose registry is not configured (its registries.json lost): listed, and removable.
    await home.write('.aws/config', `${userConfig}\n${beginMarker('old', registryBlocks)}\n[profile gone]\nregion = x\n${endMarker('old', registryBlocks)}\n`);
    assert.match((await gatehouse(['registry', 'list'])).stderr, /has a block of registry old, which is not configured: gatehouse registry remove old deletes it/);
    assert.equal((await gatehouse(['registry', 'remove', 'old'])).code, 0);
    assert.equal(await home.read('.aws/config'), `${userConfig}\n`);
    await home.write('.aws/config', userConfig);
  });
});

describe('gatehouse registry: collisions, priority, refs and auto-sync', () => {
  let home: TempHome;
  let repo: Repo;
  let other: Repo;
  const gatehouse = (args: string[], extra: NodeJS.ProcessEnv = {}) => home.gatehouse(args, { env: env(home, extra) });
  const userWithCollision = `[profile team-dev]\nregion = us-west-2\n\n[sso-session team]\nsso_start_url = https://team.awsapps.com/start/\nsso_region = eu-west-1\n`;

  before(async () => {
    home = await TempHome.create();
    repo = await Repo.create({ 'granted.yml': grantedYml, config: teamConfig });
    other = await Repo.create({
      'aws/granted.yml': 'awsConfig: [profiles.ini]\n',
      'aws/profiles.ini': `[sso-session team]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n\n[profile team-prod]\nsso_session = team\nsso_account_id = 444444444444\nsso_role_name = Admin\n\n[profile shared-tools]\nsso_session = team\nsso_account_id = 555555555555\nsso_role_name = Admin\ncredential_process = gatehouse credential-process --profile team-prod\n`,
    });
    await home.write('.aws/config', userWithCollision);
  });
  after(async () => {
    await home.remove();
    await repo.remove();
    await other.remove();
  });

  it('refuses a profile name the user already has, and says how to resolve it', async () => {
    const result = await gatehouse(['registry', 'add', '--name', 'team', '--url', repo.url, '-r', 'ROLE=Dev']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /registry team: profile team-dev is already in your own profiles: add the registry with --prefix-duplicate-profiles \(the registry's becomes team\.NAME\) or --prefix-all-profiles/);
    assert.equal(await home.read('.aws/config'), userWithCollision);
    assert.match((await gatehouse(['registry', 'list'])).stderr, /no profile registries/);
  });

  it('with --prefix-duplicate-profiles names only the taken one NAME.profile, and uses the user\'s identical sso-session', async () => {
    const result = await gatehouse(['registry', 'add', '--name', 'team', '--url', repo.url, '-r', 'ROLE=Dev', '--prefix-duplicate-profiles']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /profiles: team\.team-dev, team-prod, team-deploy/);
    assert.match(result.stderr, /\[sso-session team\] is already in your own profiles: used as it is/);
    const text = await home.read('.aws/config');
    assert.ok(text.startsWith(userWithCollision));
    assert.doesNotMatch(findBlock(text, 'team', registryBlocks)!.body, /\[sso-session team\]/);
    assert.match(text, /# profile team-dev of the registry, renamed: your own profiles has a profile team-dev\n\[profile team\.team-dev\]/);
    assert.deepEqual(await awsProfiles(home), ['team-deploy', 'team-dev', 'team-prod', 'team.team-dev']);
    assert.equal(await value(home, 'sso_role_name', 'team.team-dev'), 'Dev');
    assert.equal(await value(home, 'region', 'team-dev'), 'us-west-2', 'the user\'s own profile is untouched');
  });

  it('a second registry with the same names: refused without a prefix option, renamed (with its sso-session and references) with one', async () => {
    const refused = await gatehouse(['registry', 'add', '--name', 'other', '--url', other.url, '--path', 'aws']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /registry other: its \[sso-session team\] differs from the one in your own profiles/);

    const result = await gatehouse(['registry', 'add', '--name', 'other', '--url', other.url, '--path', 'aws', '--prefix-all-profiles']);
    assert.equal(result.code, 0, result.stderr);
    const block = findBlock(await home.read('.aws/config'), 'other', registryBlocks)!.body;
    assert.match(block, /\[sso-session other\.team\]\nsso_start_url = https:\/\/other\.awsapps\.com\/start/);
    assert.match(block, /\[profile other\.team-prod\]\nsso_session = other\.team\n/);
    assert.match(block, /credential_process = gatehouse credential-process --profile other\.team-prod\n/);
    assert.equal(await value(home, 'sso_session', 'other.shared-tools'), 'other.team');
    assert.match((await gatehouse(['profiles', '--sessions'])).stdout, /^other\.team$/m);
  });

  it('priority: a higher registry keeps the name, a lower one is renamed or refused', async () => {
    await gatehouse(['registry', 'remove', 'other']);
    const withTeamOnly = await home.read('.aws/config');
    // other (priority 10, without prefixes) now wants team-prod, which registry team (priority 0) has.
    const refused = await gatehouse(['registry', 'add', '--name', 'other', '--url', other.url, '--path', 'aws', '--priority', '10', '--prefix-duplicate-profiles']);
    // its sso-session differs from the user's and is renamed; team-prod is its own (higher priority); team, which has
    // --prefix-duplicate-profiles, gives way.
    assert.equal(refused.code, 0, refused.stderr);
    const text = await home.read('.aws/config');
    assert.match(findBlock(text, 'other', registryBlocks)!.body, /\[profile team-prod\]\nsso_session = other\.team/);
    assert.match(findBlock(text, 'team', registryBlocks)!.body, /\[profile team\.team-prod\]/);
    assert.match(findBlock(text, 'team', registryBlocks)!.body, /\[profile team-deploy\]\nrole_arn = .*\nsource_profile = team\.team-prod\n/, 'source_profile follows the renamed profile');
    assert.equal(await value(home, 'sso_account_id', 'team-prod'), '444444444444');
    assert.ok(text.startsWith(userWithCollision));
    await gatehouse(['registry', 'remove', 'other']);
    // team-prod is team's again and the file is as it was before (the first removal of other left the blank line
    // put before its block when it was appended; this time that line was there already, so none was added).
    assert.equal(await home.read('.aws/config'), withTeamOnly);
  });

  it('--ref: a branch, a tag and a commit; an unknown ref is an error', async () => {
    const first = await repo.git('rev-parse', 'HEAD');
    await repo.git('tag', '-a', 'v1', '-m', 'v1');
    await repo.git('checkout', '--quiet', '-b', 'next');
    const next = await repo.commit({ config: teamConfig.replace('[profile team-deploy]', '[profile team-next]') }, 'on next');
    await repo.git('checkout', '--quiet', 'main');
    const third = await repo.commit({ config: teamConfig.replace('[profile team-deploy]', '[profile team-main]') }, 'on main');

    const cases: [string | undefined, string, string][] = [
      ['next', 'team-next', next],
      ['v1', 'team-deploy', first],
      [first, 'team-deploy', first],
      [first.slice(0, 8), 'team-deploy', first],
      [undefined, 'team-main', third],
    ];
    for (const [ref, profile, commit] of cases) {
      const name = `r${cases.findIndex((c) => c[0] === ref)}`;
      const added = await gatehouse(['registry', 'add', '--name', name, '--url', repo.url, ...(ref ? ['--ref', ref] : []), '--prefix-all-profiles']);
      assert.equal(added.code, 0, `${ref}: ${added.stderr}`);
      const body = findBlock(await home.read('.aws/config'), name, registryBlocks)!.body;
      assert.match(body, new RegExp(`\\[profile ${name}\\.${profile}\\]`), `${ref}`);
      assert.match(body, new RegExp(`at ${commit.slice(0, 12)}: config`), `${ref}`);
      assert.equal((await gatehouse(['registry', 'remove', name])).code, 0);
    }
    const unknown = await gatehouse(['registry', 'add', '--name', 'bad', '--url', repo.url, '--ref', 'no-such-branch']);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /has no branch, tag or commit 'no-such-branch'/);
    const unreachable = await gatehouse(['registry', 'add', '--name', 'bad', '--url', `file://${home.path('nowhere')}`]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /could not fetch file:\/\/.*nowhere/);
    assert.match((await gatehouse(['registry', 'list'])).stdout, /^team\s/m);
    assert.doesNotMatch((await gatehouse(['registry', 'list'])).stdout, /^bad\s/m);
  });

  it('assume and populate sync a registry last synced over a week ago, quietly; a failure warns and never blocks', async () => {
    await repo.commit({ config: teamConfig + '\n[profile team-new]\nsso_session = team\nsso_account_id = 666666666666\nsso_role_name = Admin\n' }, 'new profile');
    const registriesFile = home.path('.config/gatehouse/registries.json');
    const age = async (days: number) => {
      const file = JSON.parse(await readFile(registriesFile, 'utf8')) as { registries: { lastSync?: string; lastFailure?: string }[] };
      for (const r of file.registries) {
        r.lastSync = new Date(Date.now() - days * 86_400_000).toISOString();
        delete r.lastFailure;
      }
      await writeFile(registriesFile, JSON.stringify(file));
    };

    // A fresh registry is not synced; assume goes on to its own error (no such profile) without touching git.
    await age(1);
    const fresh = await gatehouse(['assume', 'team-new', '--endpoint', 'http://127.0.0.1:9']);
    assert.doesNotMatch(fresh.stderr, /synced profile registry/);
    assert.doesNotMatch(await home.read('.aws/config'), /team-new/);

    // Skipped by the flag and by the variable.
    await age(8);
    for (const [args, extra] of [[['--skip-profile-registry-sync'], {}], [[], { GATEHOUSE_SKIP_REGISTRY_SYNC: '1' }]] as const) {
      const skipped = await gatehouse(['assume', 'team-new', '--endpoint', 'http://127.0.0.1:9', ...args], extra);
      assert.doesNotMatch(skipped.stderr, /synced profile registry/);
      assert.doesNotMatch(await home.read('.aws/config'), /team-new/);
    }

    // Stale: assume syncs first, then finds the new profile.
    const synced = await gatehouse(['assume', 'team-new', '--endpoint', 'http://127.0.0.1:9']);
    assert.match(synced.stderr, /gatehouse: synced profile registry team \(a week since the last sync\): 1 added, 0 changed, 0 removed/);
    assert.doesNotMatch(synced.stderr, /there is no profile team-new/);
    assert.equal(synced.stdout, '', 'nothing of the sync on stdout, which the shell evaluates');
    assert.match(await home.read('.aws/config'), /\[profile team-new\]/);
    const file = JSON.parse(await readFile(registriesFile, 'utf8')) as { registries: { lastSync: string }[] };
    assert.ok(Date.now() - new Date(file.registries[0]!.lastSync).getTime() < 60_000);

    // A registry that cannot be fetched: a warning, the command goes on, and no retry within the hour.
    await age(8);
    await rm(repo.dir, { recursive: true, force: true });
    const failed = await gatehouse(['assume', 'team-new', '--endpoint', 'http://127.0.0.1:9']);
    assert.match(failed.stderr, /warning: could not sync profile registry team: .*run gatehouse registry sync team/);
    assert.doesNotMatch(failed.stderr, /there is no profile team-new/, 'the profile from the last fetch is still there');
    assert.match(await home.read('.aws/config'), /\[profile team-new\]/);
    const retried = await gatehouse(['populate', '--sso-session', 'team', '--endpoint', 'http://127.0.0.1:9']);
    assert.doesNotMatch(retried.stderr, /profile registry/, 'a failed sync waits an hour');
    // Asked for, a sync that cannot fetch says so and fails, though the block (from the last fetch) stays good.
    const asked = await gatehouse(['registry', 'sync']);
    assert.equal(asked.code, 1, asked.stderr);
    assert.match(asked.stderr, /registry team: could not fetch file:\/\/.*; merged from its last fetch at [0-9a-f]{7}/);
    assert.match(await home.read('.aws/config'), /\[profile team-new\]/);
  });

  it('a sync lock held by a live process makes an automatic sync step aside', async () => {
    const lock = home.path('.cache/gatehouse/locks/registries.lock');
    await mkdir(dirname(lock), { recursive: true });
    await writeFile(lock, `${process.pid}\n`);
    const old = new Date();
    await utimes(lock, old, old);
    const { syncRegistries } = await import('../../src/cli/registry/sync.js');
    const outcome = await syncRegistries({ fetch: 'all', interactive: false, automatic: true, env: env(home) });
    assert.equal(outcome, undefined);
    await rm(lock);
  });
});

describe('gatehouse registry at a terminal', () => {
  it('asks for a required key once (with granted.yml\'s prompt) and keeps the answer', async () => {
    const home = await TempHome.create();
    const repo = await Repo.create({ 'granted.yml': grantedYml, config: teamConfig });
    try {
      // script(1) gives gatehouse a terminal; the answer is typed ahead into it.
      const command = [process.execPath, gatehouseBin, 'registry', 'add', '--name', 'team', '--url', repo.url].map((a) => `'${a}'`).join(' ');
      const result = await run('script', ['--quiet', '--return', '--command', command, '/dev/null'], { env: env(home), input: 'Developer\n' });
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.stdout, /gatehouse: registry team needs ROLE \(your IAM Identity Center role\): /);
      assert.equal(await value(home, 'sso_role_name', 'team-dev'), 'Developer');
      const saved = JSON.parse(await home.read('.config/gatehouse/registries.json')) as { requiredKeys: Record<string, string> };
      assert.deepEqual(saved.requiredKeys, { ROLE: 'Developer' });
    } finally {
      await home.remove();
      await repo.remove();
    }
  });
});

describe('the registry merge', () => {
  const input = (name: string, config: string, options: Partial<MergeInput> = {}): MergeInput => ({
    name,
    prefixAllProfiles: false,
    prefixDuplicateProfiles: false,
    source: { sections: parseSections(config), context: { required: {}, variables: {} }, comment: `# ${name}` },
    ...options,
  });

  it('keeps Granted\'s own registry block and names it when a profile collides with it', () => {
    const granted = '[profile x]\nregion = a\n\n# Auto-generated by Granted (https://granted.dev). DO NOT EDIT.\n[granted_registry_start acme]\n\n[profile dev]\nregion = b\n\n[granted_registry_end acme]\n';
    const { text, results } = mergeRegistries(granted, [input('acme', '[profile dev]\nregion = c\n')], ['acme']);
    assert.equal(text, granted);
    assert.match(results[0]!.error!.message, /profile dev is already in Granted's registry block acme \(granted registry remove acme\)/);
  });

  it('fills only the placeholders it knows and names the one it does not', () => {
    const bad = input('t', '[profile p]\nregion = {{ .Required.MISSING }}\n');
    assert.match(mergeRegistries('', [bad], ['t']).results[0]!.error!.message, /\[profile p\] region uses \{\{ \.Required\.MISSING \}\}, which has no value: give --required-key MISSING=VALUE/);
    const unknown = input('t', '[profile p]\nregion = {{ .Env.HOME }}\n');
    assert.match(mergeRegistries('', [unknown], ['t']).results[0]!.error!.message, /\{\{ \.Env\.HOME \}\} is not a placeholder gatehouse fills/);
    const profile = input('t', '[profile p]\ncredential_process = tool --name {{ .Profile }} --x {{.Variables.X}}\n', {
      prefixAllProfiles: true,
      source: { sections: parseSections('[profile p]\ncredential_process = tool --name {{ .Profile }} --x {{.Variables.X}}\n'), context: { required: {}, variables: { X: 'a&b' } }, comment: '#' },
    });
    assert.match(mergeRegistries('', [profile], ['t']).text, /credential_process = tool --name t\.p --x a&b\n/);
  });

  it('reads granted.yml as Granted does: files merged key by key, the later winning; nothing outside the repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-registry-source-'));
    try {
      await writeFile(join(dir, 'granted.yml'), 'awsConfig: ["a.ini", ./b.ini]\ntemplateValues:\n  K: {isRequired: true, prompt: p}\n');
      await writeFile(join(dir, 'a.ini'), '[profile p]\na = 1\nb = 2\n');
      await writeFile(join(dir, 'b.ini'), '# comment\n[profile   p]\nb = 3 # kept as written\nc = 4\n');
      const source = await readSource(dir, { url: 'file:///x' });
      assert.deepEqual(source.configFiles, ['a.ini', 'b.ini']);
      assert.deepEqual(source.sections.map((s) => [s.header, s.keys.map((k) => `${k.key}=${k.value}`)]), [['profile p', ['a=1', 'b=3 # kept as written', 'c=4']]]);
      assert.deepEqual(source.templateValues, [{ key: 'K', required: true, prompt: 'p', value: undefined }]);

      await writeFile(join(dir, 'granted.yml'), 'awsConfig:\n  - ../../etc/passwd\n');
      await assert.rejects(readSource(dir, { url: 'file:///x' }), /awsConfig entry \.\.\/\.\.\/etc\/passwd points outside the registry's repository/);
      await writeFile(join(dir, 'granted.yml'), 'awsConfig: missing.ini\n');
      await assert.rejects(readSource(dir, { url: 'file:///x' }), /lists missing\.ini, which is not in the repository/);
      await writeFile(join(dir, 'granted.yml'), 'templateValues: []\n');
      await assert.rejects(readSource(dir, { url: 'file:///x' }), /needs awsConfig: a list of AWS config files/);
      await assert.rejects(readSource(dir, { url: 'file:///x', filename: 'other.yml' }), /file:\/\/\/x has no other\.yml$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads granted.yml as YAML with every scalar a string, and says where YAML it cannot read goes wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-yaml-'));
    try {
      await writeFile(join(dir, 'a.ini'), '[profile a]\nregion = eu-west-1\n');
      await writeFile(join(dir, "c's #1.ini"), '[profile c]\nregion = eu-west-2\n');
      await writeFile(join(dir, 'granted.yml'), '---\nfiles: &files [a.ini, "c\'s #1.ini"]\nawsConfig: *files  # both\ntemplateValues:\n- K: {isRequired: true, prompt: "a: b"}\n  L:\n');
      const source = await readSource(dir, { url: 'file:///x' });
      assert.deepEqual(source.configFiles.map((f) => f.slice(f.lastIndexOf('/') + 1)), ['a.ini', "c's #1.ini"]);
      assert.deepEqual(source.templateValues, [
        { key: 'K', required: true, prompt: 'a: b', value: undefined },
        { key: 'L', required: false, prompt: undefined, value: undefined },
      ]);
      await writeFile(join(dir, 'granted.yml'), 'awsConfig: [a.ini,\n');
      await assert.rejects(readSource(dir, { url: 'file:///x' }), /granted\.yml of file:\/\/\/x: .*at line 2, column 1/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never shows the token of an https URL', () => {
    assert.equal(displayUrl('https://x-access-token:ghp_secret@github.com/acme/r.git'), 'https://github.com/acme/r.git');
    assert.equal(displayUrl("fatal: unable to access 'https://ghp_secret@git.example.com/r/': 403"), "fatal: unable to access 'https://git.example.com/r/': 403");
    assert.equal(displayUrl('git@github.com:acme/r.git'), 'git@github.com:acme/r.git');
  });

  it('leaves a failed registry\'s block as it was, with its names still its own', () => {
    const first = mergeRegistries('', [input('a', '[profile p]\nregion = 1\n')], ['a']).text;
    const failedA: MergeInput = { ...input('a', ''), source: new CliError('could not fetch it') };
    const { text, results } = mergeRegistries(first, [failedA, input('b', '[profile p]\nregion = 2\n[profile q]\nregion = 3\n', { prefixDuplicateProfiles: true })], ['a', 'b']);
    assert.equal(findBlock(text, 'a', registryBlocks)!.body, findBlock(first, 'a', registryBlocks)!.body);
    assert.equal(results[0]!.error!.message, 'could not fetch it');
    assert.deepEqual(results[1]!.profiles, ['b.p', 'q']);
  });
});
