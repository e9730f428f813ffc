import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { totpCode } from '../support/authenticator.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import type { TestClock } from '../sso-portal/support.js';
import { TempHome } from './support.js';

// An IAM user `ops` of the management account with access keys and an enabled virtual MFA device, and a role
// `OpsAdmin` it may assume; iam:ListUsers is allowed to both only with aws:MultiFactorAuthPresent, so a listing that
// works proves the server checked an MFA code. Enabling the device uses the codes of the server's current step and
// the one before: advance the clock 30 s before the first code.

export interface MfaUser {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly serialNumber: string;
  /** The device's base32 seed (what an authenticator app or a YubiKey's OATH account holds). */
  readonly seed: string;
}

export async function createMfaUser(t: TestServer, serverNow: () => number): Promise<MfaUser> {
  const admin = new IAMClient({ endpoint: t.url, region: 'us-east-1', credentials: { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey }, maxAttempts: 1 });
  try {
    const mfaOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] });
    await admin.send(new CreateUserCommand({ UserName: 'ops' }));
    await admin.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'mfa', PolicyDocument: mfaOnly }));
    await admin.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    const device = (await admin.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'ops' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    await admin.send(new EnableMFADeviceCommand({ UserName: 'ops', SerialNumber: device.SerialNumber!, AuthenticationCode1: totpCode(seed, serverNow() - 30_000), AuthenticationCode2: totpCode(seed, serverNow()) }));
    await admin.send(new CreateRoleCommand({ RoleName: 'OpsAdmin', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.root.accountId}:root` }, Action: 'sts:AssumeRole' }] }) }));
    await admin.send(new PutRolePolicyCommand({ RoleName: 'OpsAdmin', PolicyName: 'mfa', PolicyDocument: mfaOnly }));
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey!, serialNumber: device.SerialNumber!, seed };
  } finally {
    admin.destroy();
  }
}

/** A server on `clock`, a home whose gatehouse talks to it (the file token store), and the MFA user `ops` in it. */
export async function startMfaServer(clock: TestClock): Promise<{ t: TestServer; home: TempHome; env: NodeJS.ProcessEnv; user: MfaUser }> {
  const t = await startTestServer(testDatabases.find((d) => d.name === 'sqlite')!, { clock: clock.clock });
  const home = await TempHome.create();
  const exported = await run(process.execPath, [gatehouseBin, 'env', '--port', new URL(t.url).port, '--data-dir', t.dataDir], { env: home.env() });
  assert.equal(exported.code, 0, exported.stderr);
  const env = home.env({ ...parseExports(exported.stdout), GATEHOUSE_TOKEN_STORE: 'file' });
  const user = await createMfaUser(t, () => clock.clock.now().getTime());
  return { t, home, env, user };
}
