import type { CreateAccountStatus } from '../../src/aws/api/organizations.js';
import { caller, settle } from '../../src/control/demo-organization.js';
import type { RunningServer } from '../../src/server/server.js';
import { assignmentAt, assignmentsOf, groupName, measuredUser, permissionSetName, userName, type IdentityCenterPlan } from './plan.js';

// Seeds gatehouse inside its own process (serve-gatehouse.ts), before it says it is ready: the organization, its
// accounts, the instance, users, groups and permission sets through the services' own operations in-process (the
// handlers the edge dispatches to, as the demo organization is built: every rule and index of the domain applies,
// without HTTP); then the account assignments written to the store in bulk, 4,000 rows a statement, as the
// assignment job writes each one (CreateAccountAssignment's job would also provision an IAM role per permission set
// and account, which the measured reads never look at: no roles are made here).

export interface PhaseTiming {
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export interface GatehouseSeed {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly measuredUserId: string;
  /** What ListAccountAssignmentsForPrincipal must answer for the measured user, in (account, permission set) order. */
  readonly measuredAssignments: readonly { readonly accountId: string; readonly permissionSetArn: string }[];
  /** Phases in order; assignments through the store, the others through the operations in-process. */
  readonly phases: Readonly<Partial<Record<'accounts' | 'users' | 'groups' | 'permissionSets' | 'assignments', PhaseTiming>>>;
  readonly seconds: number;
}

const BATCH = 4000;
const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

export async function timed(count: number, work: () => Promise<void>): Promise<PhaseTiming> {
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  return { count, seconds: round(seconds, 2), perSecond: Math.round(count / seconds) };
}

export async function bulkSeed(server: RunningServer, plan: IdentityCenterPlan): Promise<GatehouseSeed> {
  const t0 = performance.now();
  const root = await server.iam.defaultPrincipal();
  const call = caller(server.services, root, server.log);
  const org = (op: string, input: object) => call<Record<string, unknown>>('organizations', op, input);
  const sso = (op: string, input: object) => call<Record<string, unknown>>('sso-admin', op, input);
  const ids = (op: string, input: object) => call<Record<string, unknown>>('identitystore', op, input);

  await org('CreateOrganization', { FeatureSet: 'ALL' });
  const accountIds: string[] = [];
  const accounts = await timed(plan.accounts, async () => {
    for (let i = 0; i < plan.accounts; i++) {
      const requested = (await org('CreateAccount', { AccountName: `bench-${i}`, Email: `bench-${i}@example.com` })).CreateAccountStatus as CreateAccountStatus;
      const status = await settle(requested, async () => (await org('DescribeCreateAccountStatus', { CreateAccountRequestId: requested.Id })).CreateAccountStatus as CreateAccountStatus);
      if (status.State !== 'SUCCEEDED') throw new Error(`bench account ${i}: ${status.FailureReason ?? status.State}`);
      accountIds.push(status.AccountId!);
    }
  });
  const { InstanceArn: instanceArn } = (await sso('CreateInstance', { Name: 'bench' })) as { InstanceArn: string };
  const { IdentityStoreId: identityStoreId } = (await sso('DescribeInstance', { InstanceArn: instanceArn })) as { IdentityStoreId: string };

  const userIds: string[] = [];
  const users = await timed(plan.users, async () => {
    for (let i = 0; i < plan.users; i++) {
      const name = userName(i);
      const out = await ids('CreateUser', {
        IdentityStoreId: identityStoreId,
        UserName: name,
        DisplayName: `Bench User ${i}`,
        Name: { GivenName: 'Bench', FamilyName: `User ${i}` },
        Emails: [{ Value: `${name}@example.com`, Type: 'work', Primary: true }],
      });
      userIds.push(out['UserId'] as string);
    }
  });
  const groupIds: string[] = [];
  const groups = await timed(plan.groups, async () => {
    for (let i = 0; i < plan.groups; i++) groupIds.push((await ids('CreateGroup', { IdentityStoreId: identityStoreId, DisplayName: groupName(i) }))['GroupId'] as string);
  });
  const permissionSetArns: string[] = [];
  const permissionSets = await timed(plan.permissionSets, async () => {
    for (let i = 0; i < plan.permissionSets; i++) {
      const out = (await sso('CreatePermissionSet', { InstanceArn: instanceArn, Name: permissionSetName(i) })) as { PermissionSet: { PermissionSetArn: string } };
      permissionSetArns.push(out.PermissionSet.PermissionSetArn);
    }
  });

  const now = Date.now();
  const assignments = await timed(plan.assignments, async () => {
    for (let start = 0; start < plan.assignments; start += BATCH * 10) {
      await server.store.transaction(async (trx) => {
        for (let from = start; from < Math.min(start + BATCH * 10, plan.assignments); from += BATCH) {
          const rows = [];
          for (let i = from; i < Math.min(from + BATCH, plan.assignments); i++) {
            const a = assignmentAt(plan, i);
            const principalId = a.principalType === 'USER' ? userIds[a.principal]! : groupIds[a.principal]!;
            rows.push({
              instance_arn: instanceArn,
              permission_set_arn: permissionSetArns[a.permissionSet]!,
              account_id: accountIds[a.account]!,
              principal: `${a.principalType}:${principalId}`,
              principal_type: a.principalType,
              principal_id: principalId,
              created_at: now,
            });
          }
          await trx.insertInto('sso_account_assignments').values(rows).execute();
        }
      });
    }
  });
  return {
    instanceArn,
    identityStoreId,
    measuredUserId: userIds[measuredUser(plan)]!,
    measuredAssignments: assignmentsOf(plan, 'USER', measuredUser(plan)).map((a) => ({ accountId: accountIds[a.account]!, permissionSetArn: permissionSetArns[a.permissionSet]! })),
    phases: { accounts, users, groups, permissionSets, assignments },
    seconds: round((performance.now() - t0) / 1000, 1),
  };
}
