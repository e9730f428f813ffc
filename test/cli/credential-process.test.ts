import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { gatehouseBin, run } from '../support/processes.js';
import { TempHome, profileConfig, seedRoleCredentials, sessionConfig } from './support.js';

// credential_process: the Version 1 document, and Debian's AWS CLI running `gatehouse credential-process` from a
// profile (configure export-credentials resolves credentials without calling any service).

const credentials = { accessKeyId: 'ASIAPROCESS0000001', secretAccessKey: 'secret/+=', sessionToken: 'token==', expiration: '2099-05-06T07:08:09Z' };

describe('gatehouse credential-process', () => {
  let home: TempHome;
  before(async () => {
    home = await TempHome.create();
    // `gatehouse` on PATH, as a user's install puts it, so the config line is the one populate writes.
    await home.write('bin/gatehouse', `#!/bin/sh\nexec '${process.execPath}' '${gatehouseBin}' "$@"\n`);
    await chmod(home.path('bin/gatehouse'), 0o755);
    await home.write(
      '.aws/config',
      sessionConfig +
        profileConfig('Dev/Admin', '111111111111', 'AdministratorAccess') +
        '[profile via-process]\ncredential_process = gatehouse credential-process --profile Dev/Admin\nregion = eu-west-1\n' +
        '[profile not-signed-in]\ncredential_process = gatehouse credential-process --profile Prod/Admin\n' +
        profileConfig('Prod/Admin', '222222222222', 'AdministratorAccess'),
    );
    await seedRoleCredentials(home, '111111111111', 'AdministratorAccess', credentials);
  });
  after(() => home.remove());
  const env = () => home.env({ PATH: `${home.path('bin')}:${process.env['PATH']}` });

  it('prints Version 1 JSON with Expiration and AccountId', async () => {
    const result = await home.gatehouse(['credential-process', '--profile', 'Dev/Admin']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration,
      AccountId: '111111111111',
    });
    assert.equal(result.stderr, '');
  });

  it('is what /usr/bin/aws gets for a credential_process profile', async () => {
    const result = await run('/usr/bin/aws', ['configure', 'export-credentials', '--profile', 'via-process', '--format', 'env-no-export'], { env: env() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `AWS_ACCESS_KEY_ID=${credentials.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}\nAWS_SESSION_TOKEN=${credentials.sessionToken}\n` +
        `AWS_CREDENTIAL_EXPIRATION=2099-05-06T07:08:09+00:00\n`,
    );
  });

  it('fails with exit code 3 and a message, never a browser or a secret, when not signed in', async () => {
    const direct = await home.gatehouse(['credential-process', '--profile', 'Prod/Admin']);
    assert.equal(direct.code, 3);
    assert.equal(direct.stdout, '');
    assert.match(direct.stderr, /not signed in to sso-session acme: run gatehouse login --sso-session acme/);
    const viaAws = await run('/usr/bin/aws', ['configure', 'export-credentials', '--profile', 'not-signed-in'], { env: env() });
    assert.notEqual(viaAws.code, 0);
    assert.match(viaAws.stderr, /gatehouse login --sso-session acme/);
  });

  it('refuses a source_profile loop, and a role profile without a source, before calling anything', async () => {
    await writeFile(home.path('.aws', 'config'), '[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\n\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/B\nsource_profile = a\n\n[profile lone]\nrole_arn = arn:aws:iam::111111111111:role/L\n');
    const loop = await home.gatehouse(['credential-process', '--profile', 'a']);
    assert.equal(loop.code, 2);
    assert.match(loop.stderr, /profiles a -> b -> a form a source_profile loop/);
    const lone = await home.gatehouse(['credential-process', '--profile', 'lone']);
    assert.equal(lone.code, 2);
    assert.match(lone.stderr, /profile lone in .* has role_arn but neither source_profile nor credential_source/);
  });

  it('refuses a profile with neither a sign-in nor a role, and hands out no long-term keys', async () => {
    await writeFile(home.path('.aws', 'config'), '[profile nothing]\nregion = eu-west-1\n\n[profile keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n');
    const nothing = await home.gatehouse(['credential-process', '--profile', 'nothing']);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /profile nothing has no credentials gatehouse can use \(no sso_session or sso_start_url, role_arn, or access keys\)/);
    const keys = await home.gatehouse(['credential-process', '--profile', 'keys']);
    assert.equal(keys.code, 2);
    assert.match(keys.stderr, /profile keys holds long-term access keys, which gatehouse does not hand out/);
    assert.equal(keys.stdout, '');
  });
});
