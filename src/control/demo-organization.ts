import type { CreateAccountStatus, Organization, OrganizationalUnit, Root } from '../aws/api/organizations.js';
import type { AccountAssignmentOperationStatus, DescribeInstanceResponse, PermissionSet } from '../aws/api/sso-admin.js';
import type { Principal } from '../aws/auth/principal.js';
import type { OperationContext } from '../aws/protocol/operation-context.js';
import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import { newRequestId } from '../lib/ids.js';
import type { Logger } from '../lib/log.js';
import type { SignInDomain } from '../services/sso-portal/sign-in/index.js';

// The first seed tutorial's setup, built on a new server so that `npm start` shows something real: the management
// account, OUs Workloads (Development, QA, Production), Shared (Security), Sandbox (Workshops, Experiments) and
// Marketplace (one account); then IAM Identity Center with an Admin group holding one user, and the
// AdministratorAccess and ReadOnlyAccess permission sets assigned to the group on every account. Built through the
// services' own operations, as the management account's root, so it is exactly what a user could have made with
// the AWS CLI.

export const demoStructure: Readonly<Record<string, readonly string[]>> = {
  Workloads: ['Development', 'QA', 'Production'],
  Shared: ['Security'],
  Sandbox: ['Workshops', 'Experiments'],
  Marketplace: ['Marketplace'],
};

export interface DemoOrganization {
  readonly organizationId: string;
  readonly accounts: Readonly<Record<string, string>>;
}

export interface DemoIdentityCenter {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly userName: string;
  readonly groupName: string;
  readonly permissionSets: readonly string[];
  /** The demo user's one-time password (chosen anew at the first sign-in), when sign-in was given. */
  readonly initialPassword?: string;
}

/** Calls one operation of a service in-process, as `principal`: the same handler the edge dispatches to. */
function caller(services: readonly ServiceDefinition[], principal: Principal, log: Logger) {
  return async <O>(serviceId: string, operation: string, input: object): Promise<O> => {
    const handler = services.find((service) => service.id === serviceId)?.handlers[operation];
    if (!handler) throw new Error(`${serviceId}:${operation} is not available`);
    const ctx: OperationContext = { requestId: newRequestId(), principal, region: 'us-east-1', origin: '', now: new Date(), log };
    return (await handler(input as never, ctx)) as O;
  };
}

/** Polls an asynchronous AWS request until it leaves IN_PROGRESS. */
async function settle<T extends { readonly State?: string | undefined; readonly Status?: string | undefined }>(first: T, next: () => Promise<T>): Promise<T> {
  let status = first;
  while ((status.State ?? status.Status) === 'IN_PROGRESS') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = await next();
  }
  return status;
}

export async function buildDemoOrganization(services: readonly ServiceDefinition[], root: Principal, log: Logger): Promise<DemoOrganization> {
  const call = caller(services, root, log);
  const org = (op: string, input: object) => call<Record<string, unknown>>('organizations', op, input);

  const { Organization } = (await org('CreateOrganization', { FeatureSet: 'ALL' })) as { Organization: Organization };
  const rootId = ((await org('ListRoots', {})) as { Roots: Root[] }).Roots[0]!.Id!;
  const accounts: Record<string, string> = {};
  for (const [ouName, accountNames] of Object.entries(demoStructure)) {
    const ou = ((await org('CreateOrganizationalUnit', { ParentId: rootId, Name: ouName })) as { OrganizationalUnit: OrganizationalUnit })
      .OrganizationalUnit;
    for (const name of accountNames) {
      const requested = ((await org('CreateAccount', { AccountName: name, Email: `${name.toLowerCase()}@demo.gatehouse.local` })) as {
        CreateAccountStatus: CreateAccountStatus;
      }).CreateAccountStatus;
      const status = await settle(requested, async () =>
        ((await org('DescribeCreateAccountStatus', { CreateAccountRequestId: requested.Id })) as { CreateAccountStatus: CreateAccountStatus }).CreateAccountStatus,
      );
      if (status.State !== 'SUCCEEDED') throw new Error(`the demo account ${name} was not created: ${status.FailureReason ?? status.State}`);
      await org('MoveAccount', { AccountId: status.AccountId, SourceParentId: rootId, DestinationParentId: ou.Id });
      accounts[name] = status.AccountId!;
    }
  }
  return { organizationId: Organization.Id!, accounts };
}

/** Identity Center on the demo organization: an Admin group with one user, two permission sets on every account. */
export async function buildDemoIdentityCenter(
  services: readonly ServiceDefinition[],
  root: Principal,
  accountIds: readonly string[],
  log: Logger,
  signIn?: Pick<SignInDomain, 'setPassword'>,
): Promise<DemoIdentityCenter> {
  const call = caller(services, root, log);
  const sso = (op: string, input: object) => call<Record<string, unknown>>('sso-admin', op, input);
  const ids = (op: string, input: object) => call<Record<string, unknown>>('identitystore', op, input);

  const { InstanceArn } = (await sso('CreateInstance', { Name: 'gatehouse demo' })) as { InstanceArn: string };
  const { IdentityStoreId } = (await call<DescribeInstanceResponse>('sso-admin', 'DescribeInstance', { InstanceArn })) as { IdentityStoreId: string };
  const { GroupId } = (await ids('CreateGroup', { IdentityStoreId, DisplayName: 'Admin', Description: 'Administrators of every account' })) as { GroupId: string };
  const { UserId } = (await ids('CreateUser', {
    IdentityStoreId,
    UserName: 'admin',
    DisplayName: 'Demo Admin',
    Name: { GivenName: 'Demo', FamilyName: 'Admin' },
    Emails: [{ Value: 'admin@demo.gatehouse.local', Type: 'work', Primary: true }],
  })) as { UserId: string };
  await ids('CreateGroupMembership', { IdentityStoreId, GroupId, MemberId: { UserId } });
  const initialPassword = signIn && (await signIn.setPassword({ identityStoreId: IdentityStoreId, userName: 'admin' })).password;

  const permissionSets = ['AdministratorAccess', 'ReadOnlyAccess'];
  for (const name of permissionSets) {
    const { PermissionSet: set } = (await sso('CreatePermissionSet', {
      InstanceArn,
      Name: name,
      Description: `The AWS managed ${name} policy`,
      SessionDuration: 'PT8H',
    })) as { PermissionSet: PermissionSet };
    const PermissionSetArn = set.PermissionSetArn!;
    await sso('AttachManagedPolicyToPermissionSet', { InstanceArn, PermissionSetArn, ManagedPolicyArn: `arn:aws:iam::aws:policy/${name}` });
    for (const TargetId of accountIds) {
      const requested = ((await sso('CreateAccountAssignment', {
        InstanceArn,
        TargetId,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn,
        PrincipalType: 'GROUP',
        PrincipalId: GroupId,
      })) as { AccountAssignmentCreationStatus: AccountAssignmentOperationStatus }).AccountAssignmentCreationStatus;
      const status = await settle(requested, async () =>
        ((await sso('DescribeAccountAssignmentCreationStatus', {
          InstanceArn,
          AccountAssignmentCreationRequestId: requested.RequestId,
        })) as { AccountAssignmentCreationStatus: AccountAssignmentOperationStatus }).AccountAssignmentCreationStatus,
      );
      if (status.Status !== 'SUCCEEDED') throw new Error(`the demo assignment of ${name} on ${TargetId} failed: ${status.FailureReason ?? status.Status}`);
    }
  }
  return { instanceArn: InstanceArn, identityStoreId: IdentityStoreId, userName: 'admin', groupName: 'Admin', permissionSets, ...(initialPassword ? { initialPassword } : {}) };
}
