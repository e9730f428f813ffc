import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { gatehouseBin, run } from '../support/processes.js';
import { TempHome, homeWithCachedRole, profileConfig, sessionConfig } from './support.js';

// `assume` in real bash, zsh, fish and tcsh through the function (tcsh: the alias) `gatehouse shell-init` prints, with credentials already
// in the AWS CLI's cache (no server needed): every awkward character survives the trip into the shell's variables,
// --unset clears them, --exec gives them to one command only, and what is not for the shell stays on stdout/stderr.

const awkward = {
  accessKeyId: 'ASIAAWKWARD0000001',
  secretAccessKey: `it's "quoted" \\ $HOME \`id\` $(id) * ; & | ! # % \t tab`,
  sessionToken: "line1\nline2 'single' \\' \\\\ {a,b} ~ ? [x] !x !! \\!",
  expiration: '2099-01-02T03:04:05Z',
};

const shells = {
  bash: (script: string) => ['/bin/bash', ['--noprofile', '--norc', '-c', script]] as const,
  zsh: (script: string) => ['/usr/bin/zsh', ['-f', '-c', script]] as const,
  fish: (script: string) => ['/usr/bin/fish', ['--no-config', '-c', script]] as const,
  tcsh: (script: string) => ['/usr/bin/tcsh', ['-f', '-c', script]] as const,
};
type ShellName = keyof typeof shells;
const statusOf = (shell: ShellName) => (shell === 'fish' || shell === 'tcsh' ? '$status' : '$?');

function init(shell: ShellName): string {
  const self = `'${process.execPath}' '${gatehouseBin}'`;
  if (shell === 'tcsh') return `eval "\`${self} shell-init tcsh\`"`;
  return shell === 'fish' ? `${self} shell-init fish | source` : `eval "$(${self} shell-init ${shell})"`;
}

/** Prints each variable as NAME=<json> so the test sees exact bytes (fish and POSIX differ on `printf`). */
function dump(shell: ShellName, names: readonly string[]): string {
  const node = `'${process.execPath}' -e 'for (const n of process.argv.slice(1)) console.log(n + "=" + JSON.stringify(process.env[n] ?? null))'`;
  return `${node} ${names.join(' ')}`;
}

describe('assume through the shell function', () => {
  let home: TempHome;
  before(async () => {
    home = await homeWithCachedRole(awkward);
  });
  after(() => home.remove());

  for (const shell of Object.keys(shells) as ShellName[]) {
    it(`${shell}: exports the credentials exactly, then --unset clears them`, async () => {
      const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE', 'GATEHOUSE_PROFILE'];
      const script = [init(shell), 'assume Dev/Admin', `echo "status=${statusOf(shell)}"`, dump(shell, names), 'assume --unset', dump(shell, names)].join('\n');
      const [file, args] = shells[shell](script);
      const result = await run(file, args, { env: home.env({ AWS_PROFILE: 'leftover' }) });
      assert.equal(result.code, 0, result.stderr);
      const [assumed, cleared] = result.stdout.split('status=0\n')[1]!.trim().split('\n').reduce<string[][]>(
        (acc, line, i) => (acc[Math.floor(i / names.length)]!.push(line), acc),
        [[], []],
      );
      const values = (lines: string[]) => Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), JSON.parse(l.slice(l.indexOf('=') + 1)) as string | null]));
      assert.deepEqual(values(assumed!), {
        AWS_ACCESS_KEY_ID: awkward.accessKeyId,
        AWS_SECRET_ACCESS_KEY: awkward.secretAccessKey,
        AWS_SESSION_TOKEN: awkward.sessionToken,
        AWS_REGION: 'eu-central-1',
        AWS_DEFAULT_REGION: 'eu-central-1',
        AWS_CREDENTIAL_EXPIRATION: awkward.expiration,
        AWS_PROFILE: null,
        GATEHOUSE_PROFILE: 'Dev/Admin',
      });
      assert.deepEqual(values(cleared!), Object.fromEntries(names.map((n) => [n, null])));
      assert.match(result.stderr, /assumed Dev\/Admin \(role AdministratorAccess in account 111111111111, until 03:04 UTC\), region eu-central-1/);
      assert.doesNotMatch(result.stderr, /ASIAAWKWARD|quoted/, 'no secret on stderr');
    });

    it(`${shell}: --exec gives the credentials to the command only, with its stdout and exit status`, async () => {
      const script = [init(shell), `assume Dev/Admin --region us-west-2 --exec -- ${dump(shell, ['AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'GATEHOUSE_EVAL_FD', 'GATEHOUSE_EVAL_FILE'])}`, `sh -c 'echo "after=\${AWS_ACCESS_KEY_ID}."'`, `assume Dev/Admin --exec -- sh -c 'exit 7'`, `echo "status=${statusOf(shell)}"`].join('\n');
      const [file, args] = shells[shell](script);
      const result = await run(file, args, { env: home.env() });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        result.stdout,
        `AWS_SECRET_ACCESS_KEY=${JSON.stringify(awkward.secretAccessKey)}\nAWS_REGION="us-west-2"\nGATEHOUSE_EVAL_FD=null\nGATEHOUSE_EVAL_FILE=null\nafter=.\nstatus=7\n`,
      );
    });
  }

  it('prints exports on stdout without the function, for eval "$(gatehouse assume P)"', async () => {
    const result = await run('/bin/bash', ['--noprofile', '--norc', '-c', `eval "$('${process.execPath}' '${gatehouseBin}' assume Dev/Admin)"; ${dump('bash', ['AWS_SECRET_ACCESS_KEY'])}`], { env: home.env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `AWS_SECRET_ACCESS_KEY=${JSON.stringify(awkward.secretAccessKey)}\n`);
  });

  it('writes a .env file readable by the owner only', async () => {
    const result = await home.gatehouse(['assume', 'Dev/Admin', '--env', home.path('creds.env')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const text = await readFile(home.path('creds.env'), 'utf8');
    assert.match(text, /^AWS_ACCESS_KEY_ID="ASIAAWKWARD0000001"$/m);
    assert.match(text, /^AWS_REGION="eu-central-1"$/m);
    assert.equal((await stat(home.path('creds.env'))).mode & 0o777, 0o600);
  });

  it('without a profile and without a terminal: a usage error that lists the profiles', async () => {
    const result = await home.gatehouse(['assume'], { input: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /name a profile \(not at a terminal, so no picker\)\. Profiles:\n {2}Dev\/Admin/);
    assert.equal(result.stdout, '');
  });

  it('exit codes: 2 for an unknown profile, 3 when not signed in, 127 for a missing command', async () => {
    await home.write('.aws/config', sessionConfig + profileConfig('Dev/Admin', '111111111111', 'AdministratorAccess') + profileConfig('Prod/Admin', '222222222222', 'AdministratorAccess'));
    const unknown = await home.gatehouse(['assume', 'Nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /there is no profile Nope/);
    const notSignedIn = await home.gatehouse(['assume', 'Prod/Admin']);
    assert.equal(notSignedIn.code, 3);
    assert.match(notSignedIn.stderr, /not signed in to sso-session acme: run gatehouse login --sso-session acme/);
    const missing = await home.gatehouse(['assume', 'Dev/Admin', '--exec', '--', 'no-such-command-here']);
    assert.equal(missing.code, 127);
    const noCommand = await home.gatehouse(['assume', 'Dev/Admin', '--exec']);
    assert.equal(noCommand.code, 2);
  });
});
