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
import type { RunningServer } from '../../src/server/server.js';
import { totpCode, totpStep } from '../../src/services/sso-portal/sign-in/totp.js';
import { pool } from '../organizations/seed.js';
import { region, type Credentials } from '../signed-request.js';

// A portal user for the benches that need one (cli populate, portal): Identity Center made through the SDK as an
// administrator would, one user in a group assigned the permission sets on the accounts (each assignment waited
// for, so its AWSReservedSSO_ role exists), then `aws sso login` done in the server's process: the user signs in
// through the sign-in domain as the pages would (password, MFA enrolment) and approves the device code, and the
// SDK polls for the token.

export interface UserAccess {
  readonly identityStoreId: string;
  readonly startUrl: string;
  readonly userName: string;
  /** The permission sets' names, which are the portal's role names. */
  readonly roleNames: readonly string[];
}

const PASSWORD = 'Bench-Horse-9-Battery';
/** Permission set names and the AWS managed policy each gets (ViewOnlyAccess is a job-function policy: its ARN has the path). */
const policies: ReadonlyArray<readonly [string, string]> = [
  ['AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'],
  ['ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ['ViewOnlyAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'],
  ['PowerUserAccess', 'arn:aws:iam::aws:policy/PowerUserAccess'],
  ['SecurityAudit', 'arn:aws:iam::aws:policy/SecurityAudit'],
];

/** Identity Center with user `dev` in group Developers, assigned `roles` permission sets on every account given. */
export async function seedUserAccess(url: string, credentials: Credentials, accountIds: readonly string[], roles: number): Promise<UserAccess> {
  const sso = new SSOAdminClient({ endpoint: url, region, credentials });
  const instanceArn = (await sso.send(new CreateInstanceCommand({ Name: 'bench' }))).InstanceArn!;
  const identityStoreId = (await sso.send(new DescribeInstanceCommand({ InstanceArn: instanceArn }))).IdentityStoreId!;
  const ids = new IdentitystoreClient({ endpoint: url, region, credentials });
  const userName = 'dev';
  const userId = (await ids.send(new CreateUserCommand({ IdentityStoreId: identityStoreId, UserName: userName, DisplayName: 'Dev', Name: { GivenName: 'Dev', FamilyName: 'Eloper' } }))).UserId!;
  const groupId = (await ids.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: 'Developers' }))).GroupId!;
  await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: identityStoreId, GroupId: groupId, MemberId: { UserId: userId } }));
  const chosen = policies.slice(0, roles);
  const roleNames = chosen.map(([name]) => name);
  const permissionSets: string[] = [];
  for (const [name, policyArn] of chosen) {
    const arn = (await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: name }))).PermissionSet!.PermissionSetArn!;
    await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn, ManagedPolicyArn: policyArn }));
    permissionSets.push(arn);
  }
  const pairs = accountIds.flatMap((accountId) => permissionSets.map((permissionSetArn) => ({ accountId, permissionSetArn })));
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
  return { identityStoreId, startUrl: `${url}/start/${identityStoreId}`, userName, roleNames };
}

/** The user's SSO access token from the device flow, approved in `server`'s own process. */
export async function ssoAccessToken(server: RunningServer, access: UserAccess): Promise<{ readonly accessToken: string; readonly expiresIn: number }> {
  const { identityStoreId, startUrl, userName } = access;
  await server.signIn.setPassword({ identityStoreId, userName }, { password: PASSWORD, temporary: false });
  let step = await server.signIn.startSignIn(startUrl, userName, PASSWORD);
  if (step.kind === 'enrol-mfa') {
    const enrolment = await server.signIn.enrolMfa(step.challenge);
    if (enrolment.kind !== 'mfa-enrolment') throw new Error(`MFA enrolment failed: ${JSON.stringify(enrolment)}`);
    step = await server.signIn.verifyMfa(step.challenge, totpCode(enrolment.secret, totpStep(Date.now())));
  }
  if (step.kind !== 'signed-in') throw new Error(`sign-in stopped at ${step.kind}`);
  const oidc = new SSOOIDCClient({ endpoint: server.url, region });
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'bench', clientType: 'public', scopes: ['sso:account:access'] }));
  const started = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl }));
  const decision = await server.oidcPages.approveDevice(started.userCode!, step.session);
  if (!decision.ok) throw new Error(`the device approval failed: ${JSON.stringify(decision)}`);
  const token = await oidc.send(
    new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: started.deviceCode }),
  );
  return { accessToken: token.accessToken!, expiresIn: token.expiresIn! };
}
