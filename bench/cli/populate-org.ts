import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreateInstanceCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeInstanceCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { totpCode, totpStep } from '../../src/services/sso-portal/sign-in/totp.js';
import { writeToken } from '../../src/cli/sso/token-cache.js';
import { region } from '../signed-request.js';
import { pool, seedOrganization } from '../organizations/seed.js';
import { gatehouseBin } from './start-times.js';

// `gatehouse populate` for a user who reaches every account of a large organization with several roles in each:
// the server (in this process: the bench signs the user in through its sign-in domain, as the pages would) holds
// the organization, Identity Center, a user in a group assigned every permission set on every account; the CLI, in
// its own process, lists accounts and roles through the portal API and writes the config. Timed from spawn to exit.

export interface PopulateSettings {
  readonly accounts: number;
  readonly roles: number;
  readonly runs: number;
}

export interface PopulateTiming {
  readonly accounts: number;
  readonly rolesPerAccount: number;
  readonly profiles: number;
  /** Seconds to build the organization and the assignments (not the CLI: context for the numbers). */
  readonly seedSeconds: number;
  /** The first run writes every profile; the later ones find them unchanged. */
  readonly firstRunSeconds: number;
  readonly repeatRunSeconds: readonly number[];
  /** Portal calls (ListAccounts pages + ListAccountRoles) per second of the first run. */
  readonly portalCallsPerSecond: number;
  readonly configBytes: number;
}

const PASSWORD = 'Bench-Horse-9-Battery';

async function signInUser(server: RunningServer, startUrl: string, identityStoreId: string, userName: string) {
  await server.signIn.setPassword({ identityStoreId, userName }, { password: PASSWORD, temporary: false });
  let step = await server.signIn.startSignIn(startUrl, userName, PASSWORD);
  if (step.kind === 'enrol-mfa') {
    const enrolment = await server.signIn.enrolMfa(step.challenge);
    if (enrolment.kind !== 'mfa-enrolment') throw new Error(`MFA enrolment failed: ${JSON.stringify(enrolment)}`);
    step = await server.signIn.verifyMfa(step.challenge, totpCode(enrolment.secret, totpStep(Date.now())));
  }
  if (step.kind !== 'signed-in') throw new Error(`sign-in stopped at ${step.kind}`);
  return step.session;
}

function runPopulate(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [gatehouseBin, 'populate', '--concurrency', '8'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`gatehouse populate exited ${code}: ${stderr}`))));
  });
}

export async function timePopulate(settings: PopulateSettings, progress: (line: string) => void): Promise<PopulateTiming> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-populate-'));
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-bench-home-'));
  const server = await startServer({ port: 0, dataDir, db: ':memory:', logLevel: 'silent' });
  try {
    const root = server.bootstrapped;
    if (!root) throw new Error('gatehouse did not bootstrap a management account');
    const credentials = { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
    const t0 = performance.now();
    progress(`cli: seeding ${settings.accounts} accounts`);
    const { organization } = await seedOrganization('gatehouse', server.url, credentials, process.pid, { accounts: settings.accounts, ous: 1, concurrency: 32 }, progress);

    const sso = new SSOAdminClient({ endpoint: server.url, region, credentials });
    const instanceArn = (await sso.send(new CreateInstanceCommand({ Name: 'bench' }))).InstanceArn!;
    const identityStoreId = (await sso.send(new DescribeInstanceCommand({ InstanceArn: instanceArn }))).IdentityStoreId!;
    const ids = new IdentitystoreClient({ endpoint: server.url, region, credentials });
    const userId = (await ids.send(new CreateUserCommand({ IdentityStoreId: identityStoreId, UserName: 'dev', DisplayName: 'Dev', Name: { GivenName: 'Dev', FamilyName: 'Eloper' } }))).UserId!;
    const groupId = (await ids.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: 'Developers' }))).GroupId!;
    await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: identityStoreId, GroupId: groupId, MemberId: { UserId: userId } }));
    const policies = ['AdministratorAccess', 'ReadOnlyAccess', 'ViewOnlyAccess', 'PowerUserAccess', 'SecurityAudit'].slice(0, settings.roles);
    const permissionSets: string[] = [];
    for (const name of policies) {
      const arn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: name }))).PermissionSet!.PermissionSetArn!;
      await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, ManagedPolicyArn: `arn:aws:iam::aws:policy/${name}` }));
      permissionSets.push(arn);
    }
    progress(`cli: assigning ${permissionSets.length} permission sets on ${settings.accounts} accounts`);
    const pairs = organization.accountIds.flatMap((accountId) => permissionSets.map((permissionSetArn) => ({ accountId, permissionSetArn })));
    await pool(pairs.length, 32, async (i) => {
      const { accountId, permissionSetArn } = pairs[i]!;
      const out = await sso.send(
        new CreateAccountAssignmentCommand({ InstanceArn: instanceArn, TargetId: accountId, TargetType: 'AWS_ACCOUNT', PermissionSetArn: permissionSetArn, PrincipalType: 'GROUP', PrincipalId: groupId }),
      );
      const requestId = out.AccountAssignmentCreationStatus!.RequestId!;
      for (let wait = 5; ; wait = Math.min(wait * 2, 250)) {
        const status = (await sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: instanceArn, AccountAssignmentCreationRequestId: requestId })))
          .AccountAssignmentCreationStatus!;
        if (status.Status === 'SUCCEEDED') return;
        if (status.Status === 'FAILED') throw new Error(`assignment failed: ${status.FailureReason}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    });
    const seedSeconds = (performance.now() - t0) / 1000;

    // Sign in as the user and cache the token as `gatehouse login` would.
    const startUrl = `${server.url}/start/${identityStoreId}`;
    const session = await signInUser(server, startUrl, identityStoreId, 'dev');
    const oidc = new SSOOIDCClient({ endpoint: server.url, region });
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'bench', clientType: 'public', scopes: ['sso:account:access'] }));
    const started = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl }));
    await server.oidcPages.approveDevice(started.userCode!, session);
    const token = await oidc.send(
      new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: started.deviceCode }),
    );
    const env = { PATH: process.env['PATH'], HOME: home, AWS_ENDPOINT_URL: server.url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(join(home, '.aws', 'config'), `[sso-session bench]\nsso_start_url = ${startUrl}\nsso_region = ${region}\nsso_registration_scopes = sso:account:access\n`);
    await writeToken(
      { name: 'bench', startUrl, region, scopes: ['sso:account:access'] },
      { startUrl, region, accessToken: token.accessToken!, expiresAt: new Date(Date.now() + token.expiresIn! * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
      env,
    );

    progress(`cli: gatehouse populate x ${settings.runs}`);
    const runs: number[] = [];
    for (let i = 0; i < settings.runs; i++) runs.push(await runPopulate(env));
    const config = await readFile(join(home, '.aws', 'config'), 'utf8');
    const profiles = (config.match(/^\[profile /gm) ?? []).length;
    if (profiles !== settings.accounts * settings.roles) throw new Error(`populate wrote ${profiles} profiles, expected ${settings.accounts * settings.roles}`);
    const portalCalls = Math.ceil(settings.accounts / 100) + settings.accounts;
    const round = (s: number) => Math.round(s * 1000) / 1000;
    return {
      accounts: settings.accounts,
      rolesPerAccount: settings.roles,
      profiles,
      seedSeconds: round(seedSeconds),
      firstRunSeconds: round(runs[0]!),
      repeatRunSeconds: runs.slice(1).map(round),
      portalCallsPerSecond: Math.round(portalCalls / runs[0]!),
      configBytes: Buffer.byteLength(config),
    };
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
}
