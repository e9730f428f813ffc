import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeInstanceCommand,
} from '@aws-sdk/client-sso-admin';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { SSOClient } from '@aws-sdk/client-sso';
import { offsetClock, type Clock } from '../../src/lib/clock.js';
import { createLogger, type Logger } from '../../src/lib/log.js';
import type { PortalSession, SignInDomain, SignInStep } from '../../src/services/sso-portal/sign-in/index.js';
import { totpCode, totpStep } from '../../src/services/sso-portal/sign-in/totp.js';
import type { RunningServer } from '../../src/server/server.js';
import type { TestServer } from '../support/servers.js';
import { createAccount } from '../organizations/support.js';
import { enabledOrganization, type Enabled } from '../sso-admin/support.js';

// Helpers for the sign-in, OIDC and portal suites: a clock the test moves (expiry without sleeping, and a fresh TOTP
// step for every code), a captured log, the seed's Identity Center made through the real SDK, and a user signed in
// as the pages would do it (password, first-login password change, MFA registration, TOTP).

export interface TestClock {
  readonly clock: Clock;
  advance(ms: number): void;
  reset(): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    clock: offsetClock(() => offset),
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}

/** A logger at trace level whose every line is kept, to prove no secret reaches it. */
export function capturedLog(): { readonly log: Logger; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('trace', stream), text: () => chunks.join('') };
}

export const PASSWORD = 'Correct-Horse-9-Battery';

export interface PortalWorld {
  readonly org: Enabled;
  readonly storeId: string;
  readonly startUrl: string;
  readonly development: string;
  readonly production: string;
  readonly sandbox: string;
  /** User ids: alice (in Admins: AdministratorAccess on Development and Production; ReadOnlyAccess of her own on
   * Development), bob (no assignment). */
  readonly alice: string;
  readonly bob: string;
  /** The permission sets' ARNs. */
  readonly admin: string;
  readonly readOnly: string;
}

export async function assign(org: Enabled, PermissionSetArn: string, PrincipalType: 'USER' | 'GROUP', PrincipalId: string, TargetId: string): Promise<void> {
  const out = await org.sso.send(
    new CreateAccountAssignmentCommand({ InstanceArn: org.instanceArn, TargetId, TargetType: 'AWS_ACCOUNT', PermissionSetArn, PrincipalType, PrincipalId }),
  );
  const requestId = out.AccountAssignmentCreationStatus!.RequestId!;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await org.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentCreationRequestId: requestId })))
      .AccountAssignmentCreationStatus!;
    if (status.Status === 'SUCCEEDED') return;
    assert.equal(status.Status, 'IN_PROGRESS', status.FailureReason);
    if (Date.now() > deadline) assert.fail('assignment still IN_PROGRESS after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The first seed's Identity Center, made as an administrator would with the SDK, and the users' passwords set. */
export async function portalWorld(t: TestServer, name: string): Promise<PortalWorld> {
  const org = await enabledOrganization(t, name);
  const [development, production, sandbox] = [
    await createAccount(org.client, { AccountName: 'Development' }),
    await createAccount(org.client, { AccountName: 'Production' }),
    await createAccount(org.client, { AccountName: 'Sandbox' }),
  ];
  const storeId = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).IdentityStoreId!;
  const ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
  const user = async (UserName: string) =>
    (await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName, DisplayName: UserName, Name: { GivenName: UserName, FamilyName: 'Example' } }))).UserId!;
  const alice = await user('alice');
  const bob = await user('bob');
  const admins = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Admins' }))).GroupId!;
  await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: admins, MemberId: { UserId: alice } }));
  const permissionSet = async (Name: string, SessionDuration: string) => {
    const arn = (await org.sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name, SessionDuration }))).PermissionSet!.PermissionSetArn!;
    await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: arn, ManagedPolicyArn: `arn:aws:iam::aws:policy/${Name}` }));
    return arn;
  };
  const admin = await permissionSet('AdministratorAccess', 'PT2H');
  const readOnly = await permissionSet('ReadOnlyAccess', 'PT1H');
  await assign(org, admin, 'GROUP', admins, development);
  await assign(org, admin, 'GROUP', admins, production);
  await assign(org, readOnly, 'USER', alice, development);
  for (const userName of ['alice', 'bob']) await t.server.signIn.setPassword({ identityStoreId: storeId, userName }, { password: PASSWORD, temporary: false });
  return { org, storeId, startUrl: `${t.url}/start/${storeId}`, development, production, sandbox, alice, bob, admin, readOnly };
}

/**
 * A TOTP authenticator the test holds: the secrets users registered, and codes for the server's current time step.
 * Each code moves the test clock on one step, so the next code is never a replay.
 */
export class Authenticator {
  readonly #secrets = new Map<string, string>();

  constructor(private readonly clock: TestClock) {}

  register(userName: string, secret: string): void {
    this.#secrets.set(userName, secret);
  }

  secrets(): string[] {
    return [...this.#secrets.values()];
  }

  code(userName: string): string {
    const secret = this.#secrets.get(userName);
    assert.ok(secret, `no MFA device registered for ${userName}`);
    const code = totpCode(secret, totpStep(this.clock.clock.now().getTime()));
    this.clock.advance(30_000);
    return code;
  }
}

/** Signs in as the pages do, registering an MFA device at the first sign-in: the portal session and its cookie. */
export async function signIn(
  signInDomain: SignInDomain,
  authenticator: Authenticator,
  startUrl: string,
  userName: string,
  password = PASSWORD,
): Promise<{ readonly cookie: string; readonly session: PortalSession }> {
  let step: SignInStep = await signInDomain.startSignIn(startUrl, userName, password);
  for (let i = 0; i < 4; i++) {
    switch (step.kind) {
      case 'signed-in':
        return { cookie: step.cookie, session: step.session };
      case 'enrol-mfa': {
        const enrolment = await signInDomain.enrolMfa(step.challenge);
        assert.equal(enrolment.kind, 'mfa-enrolment');
        if (enrolment.kind === 'mfa-enrolment') authenticator.register(userName, enrolment.secret);
        step = await signInDomain.verifyMfa(step.challenge, authenticator.code(userName));
        break;
      }
      case 'verify-mfa':
        step = await signInDomain.verifyMfa(step.challenge, authenticator.code(userName));
        break;
      default:
        assert.fail(`sign-in as ${userName} stopped at ${JSON.stringify(step)}`);
    }
  }
  assert.fail(`sign-in as ${userName} did not finish`);
}

export function oidcClient(url: string): SSOOIDCClient {
  return new SSOOIDCClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1 });
}

export function portalClient(url: string): SSOClient {
  return new SSOClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1 });
}

export interface DeviceLogin {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresIn: number;
}

/** `aws sso login` by hand: register, start, approve on the device page's behalf, poll for the tokens. */
export async function deviceLogin(server: RunningServer, url: string, startUrl: string, session: PortalSession, scopes: string[] | null = ['sso:account:access']): Promise<DeviceLogin> {
  const oidc = oidcClient(url);
  const { clientId, clientSecret } = await oidc.send(new RegisterClientCommand({ clientName: 'gatehouse-test', clientType: 'public', ...(scopes ? { scopes } : {}) }));
  const started = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl }));
  const decision = await server.oidcPages.approveDevice(started.userCode!, session);
  assert.deepEqual(decision, { ok: true, status: 'approved' });
  const token = await oidc.send(new CreateTokenCommand({ clientId, clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: started.deviceCode }));
  return { clientId: clientId!, clientSecret: clientSecret!, accessToken: token.accessToken!, refreshToken: token.refreshToken, expiresIn: token.expiresIn! };
}
