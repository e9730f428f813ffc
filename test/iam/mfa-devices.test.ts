import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { totpCode } from '../support/authenticator.js';
import { AwsCli } from '../support/aws-cli.js';
import { run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { testClock } from '../sso-portal/support.js';
import { failure } from '../organizations/support.js';
import { iam, sts } from './support.js';

// IAM users' virtual MFA devices with SDK v3: the device's lifecycle (create, enable with two consecutive codes,
// list, get, deactivate, delete), then STS: GetSessionToken and AssumeRole with SerialNumber and TokenCode accept the
// device's current code once, and their sessions are the only ones a policy requiring aws:MultiFactorAuthPresent
// allows. The server's clock is the test's, moved one TOTP step before each new code; codes come from an
// authenticator written apart from the server's TOTP code.

const mfaOnly = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] });

for (const database of testDatabases) {
  describe(`iam: virtual MFA devices and STS with MFA (${database.name})`, () => {
    const clock = testClock();
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database, { clock: clock.clock });
    });
    after(async () => t.close());
    const now = () => clock.clock.now().getTime();
    const nextStep = () => clock.advance(30_000);

    it('create, enable with two codes, list, get; in use it cannot be deleted, nor its user', async () => {
      const admin = iam(t.url, { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey });
      await admin.send(new CreateUserCommand({ UserName: 'dana' }));
      const created = (await admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dana-phone', Path: '/people/' }))).VirtualMFADevice!;
      const serial = `arn:aws:iam::${t.root.accountId}:mfa/people/dana-phone`;
      assert.equal(created.SerialNumber, serial);
      const seed = Buffer.from(created.Base32StringSeed!).toString('ascii');
      assert.match(seed, /^[A-Z2-7]{32}$/);
      assert.deepEqual([...Buffer.from(created.QRCodePNG!).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal((await failure(admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dana-phone' })))).name, 'EntityAlreadyExistsException');
      const unassigned = (await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices!;
      assert.deepEqual(unassigned.map((d) => [d.SerialNumber, d.User]), [[serial, undefined]]);

      const wrong = await failure(admin.send(new EnableMFADeviceCommand({ UserName: 'dana', SerialNumber: serial, AuthenticationCode1: totpCode(seed, now()), AuthenticationCode2: totpCode(seed, now() - 30_000) })));
      assert.equal(wrong.name, 'InvalidAuthenticationCodeException');
      assert.equal(wrong.message, 'Authentication code for device is not valid.');
      await admin.send(new EnableMFADeviceCommand({ UserName: 'dana', SerialNumber: serial, AuthenticationCode1: totpCode(seed, now() - 30_000), AuthenticationCode2: totpCode(seed, now()) }));

      const listed = (await admin.send(new ListMFADevicesCommand({ UserName: 'dana' }))).MFADevices!;
      assert.deepEqual(listed.map((d) => [d.UserName, d.SerialNumber]), [['dana', serial]]);
      const assigned = (await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices!;
      assert.deepEqual(assigned.map((d) => [d.SerialNumber, d.User?.UserName]), [[serial, 'dana']]);
      const got = await admin.send(new GetMFADeviceCommand({ SerialNumber: serial }));
      assert.equal(got.UserName, 'dana');
      assert.ok(got.EnableDate instanceof Date);
      assert.equal((await failure(admin.send(new EnableMFADeviceCommand({ UserName: 'dana', SerialNumber: serial, AuthenticationCode1: '000000', AuthenticationCode2: '000000' })))).name, 'EntityAlreadyExistsException');
      assert.equal((await failure(admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).name, 'DeleteConflictException');
      const deleteUser = await failure(admin.send(new DeleteUserCommand({ UserName: 'dana' })));
      assert.equal(deleteUser.name, 'DeleteConflictException');
      assert.equal(deleteUser.message, 'Cannot delete entity, must delete MFA devices first.');

      await admin.send(new DeactivateMFADeviceCommand({ UserName: 'dana', SerialNumber: serial }));
      assert.deepEqual((await admin.send(new ListMFADevicesCommand({ UserName: 'dana' }))).MFADevices, []);
      await admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
      assert.deepEqual((await admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices, []);
      assert.equal((await failure(admin.send(new GetMFADeviceCommand({ SerialNumber: serial })))).name, 'NoSuchEntityException');
      await admin.send(new DeleteUserCommand({ UserName: 'dana' }));
    });

    it('GetSessionToken and AssumeRole with the current code: once each, and only those sessions pass an MFA condition', async () => {
      const admin = iam(t.url, { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey });
      await admin.send(new CreateUserCommand({ UserName: 'erin' }));
      await admin.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'mfa', PolicyDocument: mfaOnly('iam:ListUsers') }));
      await admin.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
      const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
      const erin = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
      const device = (await admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'erin' }))).VirtualMFADevice!;
      const serial = device.SerialNumber!;
      const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
      await admin.send(new EnableMFADeviceCommand({ UserName: 'erin', SerialNumber: serial, AuthenticationCode1: totpCode(seed, now() - 30_000), AuthenticationCode2: totpCode(seed, now()) }));

      const user = sts(t.url, erin);
      const denied = await failure(iam(t.url, erin).send(new ListUsersCommand({})));
      assert.equal(denied.name, 'AccessDenied');

      nextStep();
      const wrongCode = String((Number(totpCode(seed, now())) + 1) % 1_000_000).padStart(6, '0');
      const wrong = await failure(user.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: wrongCode })));
      assert.equal(wrong.name, 'AccessDenied');
      assert.equal(wrong.message, 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
      const code = totpCode(seed, now());
      const withMfa = (await user.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code, DurationSeconds: 900 }))).Credentials!;
      const replayed = await failure(user.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code })));
      assert.equal(replayed.name, 'AccessDenied');
      assert.equal(replayed.message, 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
      const otherSerial = await failure(user.send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${t.root.accountId}:mfa/nobody`, TokenCode: totpCode(seed, now() + 30_000) })));
      assert.equal(otherSerial.name, 'AccessDenied');

      const mfaSession = iam(t.url, { accessKeyId: withMfa.AccessKeyId!, secretAccessKey: withMfa.SecretAccessKey!, sessionToken: withMfa.SessionToken! });
      assert.ok((await mfaSession.send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'erin'));
      const plain = (await user.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
      const plainSession = iam(t.url, { accessKeyId: plain.AccessKeyId!, secretAccessKey: plain.SecretAccessKey!, sessionToken: plain.SessionToken! });
      assert.equal((await failure(plainSession.send(new ListUsersCommand({})))).name, 'AccessDenied');

      // AssumeRole with the next code: the role's MFA-only permission holds in that session alone.
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.root.accountId}:root` }, Action: 'sts:AssumeRole' }] });
      await admin.send(new CreateRoleCommand({ RoleName: 'Breakglass', AssumeRolePolicyDocument: trust }));
      await admin.send(new PutRolePolicyCommand({ RoleName: 'Breakglass', PolicyName: 'mfa', PolicyDocument: mfaOnly('iam:ListUsers') }));
      const roleArn = `arn:aws:iam::${t.root.accountId}:role/Breakglass`;
      nextStep();
      const assumed = (await user.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'erin', SerialNumber: serial, TokenCode: totpCode(seed, now()) }))).Credentials!;
      const roleSession = iam(t.url, { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! });
      assert.ok((await roleSession.send(new ListUsersCommand({}))).Users!.length > 0);
      const without = (await user.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'erin-plain' }))).Credentials!;
      const plainRole = iam(t.url, { accessKeyId: without.AccessKeyId!, secretAccessKey: without.SecretAccessKey!, sessionToken: without.SessionToken! });
      assert.equal((await failure(plainRole.send(new ListUsersCommand({})))).name, 'AccessDenied');

      // A trust policy that requires MFA: the code AssumeRole brings is checked before the trust policy is, which then
      // sees aws:MultiFactorAuthPresent, as on AWS (erin's long-term keys carry none of their own).
      const mfaTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.root.accountId}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
      await admin.send(new CreateRoleCommand({ RoleName: 'MfaTrusted', AssumeRolePolicyDocument: JSON.stringify(mfaTrust) }));
      const trustedArn = `arn:aws:iam::${t.root.accountId}:role/MfaTrusted`;
      const noMfa = await failure(user.send(new AssumeRoleCommand({ RoleArn: trustedArn, RoleSessionName: 'erin-no-mfa' })));
      assert.equal(noMfa.name, 'AccessDenied');
      assert.match(noMfa.message, new RegExp(`^User: arn:aws:iam::${t.root.accountId}:user/erin is not authorized to perform: sts:AssumeRole on resource: ${trustedArn}`));
      // Root is refused as root whatever MFA it names, before any code is looked at.
      const rootTries = await failure(sts(t.url, { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey }).send(new AssumeRoleCommand({ RoleArn: trustedArn, RoleSessionName: 'root', SerialNumber: serial, TokenCode: '123456' })));
      assert.equal(rootTries.message, 'Roles may not be assumed by root accounts.');
      nextStep();
      const badCode = String((Number(totpCode(seed, now())) + 1) % 1_000_000).padStart(6, '0');
      const refused = await failure(user.send(new AssumeRoleCommand({ RoleArn: trustedArn, RoleSessionName: 'erin-bad', SerialNumber: serial, TokenCode: badCode })));
      assert.equal(refused.message, 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
      const trusted = (await user.send(new AssumeRoleCommand({ RoleArn: trustedArn, RoleSessionName: 'erin-mfa', SerialNumber: serial, TokenCode: totpCode(seed, now()) }))).Credentials!;
      assert.ok(trusted.AccessKeyId);
      // The AWS CLI's own call, as a role profile's mfa_serial makes it.
      nextStep();
      const cli = await AwsCli.forServer(t);
      try {
        const { AWS_PROFILE: _profile, ...base } = cli.env;
        const env = { ...base, AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: erin.accessKeyId, AWS_SECRET_ACCESS_KEY: erin.secretAccessKey };
        const args = ['--output', 'json', 'sts', 'assume-role', '--role-arn', trustedArn, '--role-session-name', 'erin-cli', '--serial-number', serial, '--token-code', totpCode(seed, now())];
        const result = await run('/usr/bin/aws', args, { env });
        assert.equal(result.code, 0, result.stderr);
        assert.match((JSON.parse(result.stdout) as { Credentials: { AccessKeyId: string } }).Credentials.AccessKeyId, /^ASIA/);
      } finally {
        await cli.close();
      }

      // A deactivated device authenticates nothing.
      await admin.send(new DeactivateMFADeviceCommand({ UserName: 'erin', SerialNumber: serial }));
      nextStep();
      assert.equal((await failure(user.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totpCode(seed, now()) })))).name, 'AccessDenied');
    });
  });
}
