import { CreateGroupCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { CreateAccountAssignmentCommand, CreatePermissionSetCommand, ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { pool, Timings, type OperationStats } from '../organizations/seed.js';
import { region, type Credentials } from '../signed-request.js';
import { timed, type GatehouseSeed } from './bulk-seed.js';
import { assignmentAt, assignmentsOf, groupName, measuredUser, permissionSetName, userName, type IdentityCenterPlan } from './plan.js';

// Seeds moto through its API with the SDK, `concurrency` calls in flight, the way a bulk-setup script would: moto
// has no other way in. Its instance exists from the start (moto makes one per account); CreateAccountAssignment is
// synchronous there and takes any 12-digit account id, so the accounts are ids, not Organizations accounts. Users
// and groups go one at a time: moto's CreateUser (and CreateGroup) checks the new name against every entry while
// another request thread may be adding one, which fails with a 500 ("dictionary changed size during iteration").

export type MotoSeed = GatehouseSeed & { readonly operations: Readonly<Record<string, OperationStats>>; readonly concurrency: number };

export async function seedMoto(url: string, credentials: Credentials, plan: IdentityCenterPlan, concurrency: number, progress: (line: string) => void): Promise<MotoSeed> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const sso = new SSOAdminClient({ endpoint: url, region, credentials });
  const ids = new IdentitystoreClient({ endpoint: url, region, credentials });
  const timings = new Timings();
  try {
    const t0 = performance.now();
    // moto has no DescribeInstance; ListInstances carries the identity store id too
    const instance = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
    const instanceArn = instance?.InstanceArn;
    const identityStoreId = instance?.IdentityStoreId;
    if (!instanceArn || !identityStoreId) throw new Error('moto: ListInstances returned no instance');
    const accountIds = Array.from({ length: plan.accounts }, (_, i) => String(200000000000 + i));

    const userIds: string[] = new Array<string>(plan.users).fill('');
    const users = await timed(plan.users, () =>
      pool(plan.users, 1, async (i) => {
        const name = userName(i);
        const out = await timings.time('CreateUser', () =>
          ids.send(
            new CreateUserCommand({
              IdentityStoreId: identityStoreId,
              UserName: name,
              DisplayName: `Bench User ${i}`,
              Name: { GivenName: 'Bench', FamilyName: `User ${i}` },
              Emails: [{ Value: `${name}@example.com`, Type: 'work', Primary: true }],
            }),
          ),
        );
        userIds[i] = out.UserId!;
        if (i % 10_000 === 9_999) progress(`moto: ${i + 1} / ${plan.users} users`);
      }),
    );
    const groupIds: string[] = new Array<string>(plan.groups).fill('');
    const groups = await timed(plan.groups, () =>
      pool(plan.groups, 1, async (i) => {
        groupIds[i] = (await timings.time('CreateGroup', () => ids.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: groupName(i) })))).GroupId!;
      }),
    );
    const permissionSetArns: string[] = new Array<string>(plan.permissionSets).fill('');
    const permissionSets = await timed(plan.permissionSets, () =>
      pool(plan.permissionSets, concurrency, async (i) => {
        const out = await timings.time('CreatePermissionSet', () => sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: permissionSetName(i) })));
        permissionSetArns[i] = out.PermissionSet!.PermissionSetArn!;
      }),
    );
    const assignments = await timed(plan.assignments, () =>
      pool(plan.assignments, concurrency, async (i) => {
        const a = assignmentAt(plan, i);
        await timings.time('CreateAccountAssignment', () =>
          sso.send(
            new CreateAccountAssignmentCommand({
              InstanceArn: instanceArn,
              TargetId: accountIds[a.account]!,
              TargetType: 'AWS_ACCOUNT',
              PermissionSetArn: permissionSetArns[a.permissionSet]!,
              PrincipalType: a.principalType,
              PrincipalId: a.principalType === 'USER' ? userIds[a.principal]! : groupIds[a.principal]!,
            }),
          ),
        );
        if (i % 10_000 === 9_999) progress(`moto: ${i + 1} / ${plan.assignments} assignments`);
      }),
    );
    return {
      instanceArn,
      identityStoreId,
      measuredUserId: userIds[measuredUser(plan)]!,
      measuredAssignments: assignmentsOf(plan, 'USER', measuredUser(plan)).map((a) => ({ accountId: accountIds[a.account]!, permissionSetArn: permissionSetArns[a.permissionSet]! })),
      phases: { users, groups, permissionSets, assignments },
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      operations: timings.stats(),
      concurrency,
    };
  } finally {
    sso.destroy();
    ids.destroy();
  }
}
