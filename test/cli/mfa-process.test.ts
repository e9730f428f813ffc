import assert from 'node:assert/strict';
import { chmod, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { gatehouseBin, run } from '../support/processes.js';
import type { TestServer } from '../support/servers.js';
import { testClock } from '../sso-portal/support.js';
import type { TempHome } from './support.js';
import { startMfaServer } from './mfa-user.js';

// MFA codes that come from another program, proven by the server's own check of each code (startMfaServer: a virtual
// MFA device of an IAM user, whose policies allow iam:ListUsers only with aws:MultiFactorAuthPresent): a fake `ykman` first on PATH
// that computes the real TOTP of the device's seed at the server's time, as a YubiKey holding that seed as an OATH
// account would; and a profile's mfa_process, a shell command line. Each through `assume --exec` and through
// credential_process under Debian's AWS CLI; desktop dialogs (fake zenity, kdialog and osascript typing the code). Then the failures: no ykman, a failing process, output that is no code.
// The role profiles run with --no-mfa-session, so each AssumeRole asks for its own code (with an MFA session, the
// first code would serve them all: mfa-session.test.ts).

const authenticator = fileURLToPath(new URL('../support/authenticator.js', import.meta.url));
const node = process.execPath;
const q = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

describe('MFA codes from ykman and mfa_process', { timeout: 120_000 }, () => {
  const clock = testClock();
  const serverNow = () => clock.clock.now().getTime();
  let t: TestServer;
  let home: TempHome;
  let env: NodeJS.ProcessEnv;
  let serial: string;
  let seed: string;
  const bin = () => home.path('bin');
  /** The environment of a run now: the fake ykman learns the server's clock from it (the test clock runs ahead). */
  const at = (extra: NodeJS.ProcessEnv = {}) => ({ ...env, PATH: `${bin()}:${process.env['PATH']}`, FAKE_CLOCK_OFFSET_MS: String(serverNow() - Date.now()), ...extra });
  const gatehouse = (args: readonly string[], extra: NodeJS.ProcessEnv = {}) => run(node, [gatehouseBin, ...args], { env: at(extra) });
  const listUsers = ['iam', 'list-users', '--query', 'Users[?UserName==`ops`].UserName', '--output', 'text'];

  before(async () => {
    const started = await startMfaServer(clock);
    ({ t, home, env } = started);
    const user = started.user;
    serial = user.serialNumber;
    seed = user.seed;

    // A YubiKey with two OATH accounts holding the device's seed: one named as the mfa_serial (aws-vault's default
    // name), one as YKMAN_OATH_CREDENTIAL_NAME may name it. It answers as ykman 5 does, and logs how it was called.
    await home.write('yubikey.json', JSON.stringify({ [serial]: seed, 'aws-ops': seed }));
    await home.write('fake-ykman.mjs', `import { appendFileSync, readFileSync } from 'node:fs';
import { totpCode } from ${JSON.stringify(authenticator)};
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(home.path('ykman.log'))}, JSON.stringify(args) + '\\n');
const rest = args[0] === '--device' ? args.slice(2) : args;
if (rest.length !== 5 || rest.slice(0, 4).join(' ') !== 'oath accounts code --single') { console.error('Error: No such command.'); process.exit(2); }
const accounts = JSON.parse(readFileSync(${JSON.stringify(home.path('yubikey.json'))}, 'utf8'));
if (!(rest[4] in accounts)) { console.error('Error: No matching account found.'); process.exit(1); }
console.error('Touch your YubiKey...');
console.log(totpCode(accounts[rest[4]], Date.now() + Number(process.env.FAKE_CLOCK_OFFSET_MS)));
`);
    await home.write('bin/ykman', `#!/bin/sh\nexec ${q(node)} ${q(home.path('fake-ykman.mjs'))} "$@"\n`);
    await chmod(home.path('bin/ykman'), 0o755);
    // An authenticator app on the command line: prints the code of the seed in a file (the mfa_process below pipes it).
    await home.write('seed', seed);
    await home.write('totp.mjs', `import { readFileSync } from 'node:fs';
import { totpCode } from ${JSON.stringify(authenticator)};
console.log('  ' + totpCode(readFileSync(process.argv[2], 'utf8').trim(), Date.now() + Number(process.env.FAKE_CLOCK_OFFSET_MS)) + '  ');
`);

    // Desktop dialogs (zenity, kdialog, osascript): each logs how it was called and answers as a person typing the code
    // would; CANCEL_DIALOG makes it the Cancel button (exit 1, nothing printed).
    await home.write('fake-dialog.mjs', `import { appendFileSync } from 'node:fs';
import { totpCode } from ${JSON.stringify(authenticator)};
appendFileSync(${JSON.stringify(home.path('dialogs.log'))}, JSON.stringify(process.argv.slice(2)) + '\\n');
if (process.env.CANCEL_DIALOG) process.exit(1);
console.log(totpCode(process.env.DIALOG_SEED, Date.now() + Number(process.env.FAKE_CLOCK_OFFSET_MS)));
`);
    for (const dialog of ['zenity', 'kdialog', 'osascript']) {
      await home.write(`bin/${dialog}`, `#!/bin/sh\nexec ${q(node)} ${q(home.path('fake-dialog.mjs'))} ${dialog} "$@"\n`);
      await chmod(home.path(`bin/${dialog}`), 0o755);
    }

    const self = `${q(node)} ${q(gatehouseBin)}`;
    await home.write('.aws/credentials', `[ops]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`);
    const role = `role_arn = arn:aws:iam::${t.root.accountId}:role/OpsAdmin\nsource_profile = ops\nmfa_serial = ${serial}\nregion = us-east-1\n`;
    await home.write('.aws/config', `[profile ops]
region = us-east-1
mfa_serial = ${serial}

[profile ops-admin]
${role}
[profile ops-admin-process]
${role}mfa_process = ${q(node)} ${q(home.path('totp.mjs'))} "$HOME/seed" | tr -d ' '

[profile via-ykman]
region = us-east-1
credential_process = ${self} credential-process --profile ops-admin --refresh --no-mfa-session --mfa-prompt ykman

[profile via-process]
region = us-east-1
credential_process = ${self} credential-process --profile ops-admin-process --refresh --no-mfa-session

[profile failing]
${role}mfa_process = echo 'the vault is locked: run vault unlock' >&2; exit 3

[profile seed-not-code]
${role}mfa_process = echo JBSWY3DPEHPK3PXP
`);
  });
  after(async () => {
    await t.close();
    await home.remove();
  });

  it('--mfa-prompt ykman: the code of the OATH account named as the mfa_serial, through assume --exec and credential_process', async () => {
    clock.advance(30_000); // EnableMFADevice used this step's code
    const exec = await gatehouse(['assume', 'ops', '--mfa-prompt', 'ykman', '--exec', '--', '/usr/bin/aws', ...listUsers]);
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout.trim(), 'ops');
    assert.match(exec.stderr, new RegExp(`gatehouse: MFA code for ${serial} \\(profile ops\\) from your YubiKey's OATH account ${serial}: touch your YubiKey if it blinks\\nTouch your YubiKey\\.\\.\\.\\n`));

    // The AWS CLI runs credential_process with its stderr captured; the role's AssumeRole takes the YubiKey's code.
    clock.advance(30_000);
    const viaAwsCli = await run('/usr/bin/aws', [...listUsers, '--profile', 'via-ykman'], { env: at() });
    assert.equal(viaAwsCli.code, 0, viaAwsCli.stderr);
    assert.equal(viaAwsCli.stdout.trim(), 'ops');

    // GATEHOUSE_MFA_PROMPT instead of the flag; YKMAN_OATH_CREDENTIAL_NAME and YKMAN_OATH_DEVICE_SERIAL as in aws-vault.
    clock.advance(30_000);
    const named = await gatehouse(['credential-process', '--profile', 'ops', '--refresh'], { GATEHOUSE_MFA_PROMPT: 'ykman', YKMAN_OATH_CREDENTIAL_NAME: 'aws-ops', YKMAN_OATH_DEVICE_SERIAL: '12345678' });
    assert.equal(named.code, 0, named.stderr);
    assert.equal(JSON.parse(named.stdout).Version, 1);
    const calls = (await readFile(home.path('ykman.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
    assert.deepEqual(calls, [
      ['oath', 'accounts', 'code', '--single', serial],
      ['oath', 'accounts', 'code', '--single', serial],
      ['--device', '12345678', 'oath', 'accounts', 'code', '--single', 'aws-ops'],
    ]);
  });

  it("a profile's mfa_process (a shell command line, its output trimmed), through assume --exec and credential_process", async () => {
    clock.advance(30_000);
    const exec = await gatehouse(['assume', 'ops-admin-process', '--refresh', '--no-mfa-session', '--exec', '--', '/usr/bin/aws', ...listUsers]);
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout.trim(), 'ops');

    clock.advance(30_000);
    const viaAwsCli = await run('/usr/bin/aws', [...listUsers, '--profile', 'via-process'], { env: at() });
    assert.equal(viaAwsCli.code, 0, viaAwsCli.stderr);
    assert.equal(viaAwsCli.stdout.trim(), 'ops');
  });

  it('--mfa-prompt zenity, kdialog or osascript: the code typed into a desktop dialog, the question one argument', async () => {
    clock.advance(30_000);
    const exec = await gatehouse(['assume', 'ops-admin', '--refresh', '--no-mfa-session', '--mfa-prompt', 'zenity', '--exec', '--', '/usr/bin/aws', ...listUsers], { DIALOG_SEED: seed });
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout.trim(), 'ops');
    for (const dialog of ['kdialog', 'osascript']) {
      clock.advance(30_000);
      const viaProcess = await gatehouse(['credential-process', '--profile', 'ops-admin', '--refresh', '--no-mfa-session'], { GATEHOUSE_MFA_PROMPT: dialog, DIALOG_SEED: seed });
      assert.equal(viaProcess.code, 0, viaProcess.stderr);
      assert.equal(JSON.parse(viaProcess.stdout).Version, 1);
    }
    const question = `MFA code for ${serial} (profile ops-admin)`;
    const calls = (await readFile(home.path('dialogs.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
    assert.deepEqual(calls, [
      ['zenity', '--entry', '--title', 'gatehouse', '--text', question],
      ['kdialog', '--inputbox', question, '--title', 'gatehouse'],
      ['osascript', '-e', 'on run argv', '-e', 'display dialog (item 1 of argv) default answer "" buttons {"Cancel", "OK"} default button "OK" with title "gatehouse"', '-e', 'return text returned of the result', '-e', 'end run', question],
    ]);

    const cancelled = await gatehouse(['credential-process', '--profile', 'ops-admin', '--refresh', '--no-mfa-session', '--mfa-prompt', 'zenity'], { CANCEL_DIALOG: '1' });
    assert.equal(cancelled.code, 1);
    assert.match(cancelled.stderr, /the zenity dialog exited with code 1/);
    const missing = await run(node, [gatehouseBin, 'credential-process', '--profile', 'ops-admin', '--refresh', '--no-mfa-session', '--mfa-prompt', 'kdialog'], { env: { ...env, PATH: '/usr/bin:/bin' } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /kdialog is not on PATH \(apt install kdialog, dnf install kdialog\): choose another --mfa-prompt \(terminal, ykman, zenity, kdialog, osascript\)/);
  });

  it('says what went wrong: no ykman, an account the YubiKey lacks, a failing mfa_process, output that is no code', async () => {
    const noYkman = await run(node, [gatehouseBin, 'credential-process', '--profile', 'ops', '--refresh', '--mfa-prompt', 'ykman'], { env: { ...env, PATH: '/usr/bin:/bin' } });
    assert.equal(noYkman.code, 2);
    assert.doesNotMatch(noYkman.stderr, /touch your YubiKey/, 'nothing to touch without ykman');
    assert.match(noYkman.stderr, /ykman \(YubiKey Manager\) is not on PATH: install it \(pipx install yubikey-manager, .*\) and add the device's seed as an OATH account named arn:aws:iam::\d{12}:mfa\/ops: ykman oath accounts add -t arn:aws:iam::\d{12}:mfa\/ops BASE32_SEED/);

    const noAccount = await gatehouse(['credential-process', '--profile', 'ops', '--refresh', '--mfa-prompt', 'ykman'], { YKMAN_OATH_CREDENTIAL_NAME: 'personal' });
    assert.equal(noAccount.code, 1);
    assert.match(noAccount.stderr, /ykman oath accounts code --single personal exited with code 1: Error: No matching account found\./);

    const failing = await gatehouse(['assume', 'failing', '--refresh', '--no-mfa-session', '--exec', '--', 'true']);
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /^the vault is locked: run vault unlock\n/); // as it came
    assert.match(failing.stderr, /mfa_process of profile failing exited with code 3: the vault is locked: run vault unlock\n/);

    const notCode = await gatehouse(['credential-process', '--profile', 'seed-not-code', '--refresh', '--no-mfa-session']);
    assert.equal(notCode.code, 1);
    assert.match(notCode.stderr, /mfa_process of profile seed-not-code printed no six-digit MFA code on stdout \(16 characters, not shown\)/);
    assert.doesNotMatch(notCode.stderr, /JBSWY3DPEHPK3PXP/);

    const unknown = await gatehouse(['assume', 'ops', '--mfa-prompt', 'sms']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown MFA prompt 'sms': use terminal, ykman, zenity, kdialog, osascript/);
    const scripted = await gatehouse(['credential-process', '--profile', 'ops-admin', '--refresh', '--no-mfa-session']);
    assert.equal(scripted.code, 2);
    assert.match(scripted.stderr, /give --mfa-code CODE or set GATEHOUSE_MFA_CODE, give the profile an mfa_process, or use a YubiKey with --mfa-prompt ykman/);
  });
});
