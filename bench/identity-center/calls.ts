import { parseJson, type BenchCall } from '../measure-calls.js';
import { awsJsonCall } from '../signed-request.js';
import type { GatehouseSeed } from './bulk-seed.js';

// The three measured calls, built from one server's seed (ids differ between servers): the question sign-in asks
// (which accounts and permission sets does this user have), and the two ways an administrator or a SCIM client
// finds a user by name.

export const pageSize = 20;

const ssoAdminCall = (operation: string, input: Readonly<Record<string, unknown>>) => awsJsonCall('sso', 'SWBExternalService', operation, input);
const identityStoreCall = (operation: string, input: Readonly<Record<string, unknown>>) => awsJsonCall('identitystore', 'AWSIdentityStore', operation, input);

const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);

export function identityCenterCalls(seed: Pick<GatehouseSeed, 'instanceArn' | 'identityStoreId' | 'measuredUserId' | 'measuredAssignments'>, measuredUserName: string): BenchCall[] {
  const expected = seed.measuredAssignments.map((a) => `${a.accountId}|${a.permissionSetArn}`).sort();
  return [
    {
      key: 'list-account-assignments-for-principal',
      description: `ListAccountAssignmentsForPrincipal {PrincipalType: USER, PrincipalId: <a user with ${expected.length} assignments>, MaxResults: ${pageSize}}`,
      operation: 'ListAccountAssignmentsForPrincipal',
      call: ssoAdminCall('ListAccountAssignmentsForPrincipal', { InstanceArn: seed.instanceArn, PrincipalId: seed.measuredUserId, PrincipalType: 'USER', MaxResults: pageSize }),
      check: (body) => {
        const got = list(parseJson(body)['AccountAssignments']);
        const pairs = got.map((a) => `${String(a['AccountId'])}|${String(a['PermissionSetArn'])}`).sort();
        if (pairs.join(',') !== expected.join(',')) return `expected the user's ${expected.length} assignments, got ${pairs.length}: ${pairs.slice(0, 3).join(', ')}`;
        if (got.some((a) => a['PrincipalId'] !== seed.measuredUserId || a['PrincipalType'] !== 'USER')) return 'an assignment of another principal';
        return undefined;
      },
      items: (body) => list(parseJson(body)['AccountAssignments']).length,
    },
    {
      key: 'list-users-filter-username',
      description: 'identitystore ListUsers {Filters: [{AttributePath: UserName, AttributeValue: <a user in the middle>}]}',
      operation: 'ListUsers',
      call: identityStoreCall('ListUsers', { IdentityStoreId: seed.identityStoreId, Filters: [{ AttributePath: 'UserName', AttributeValue: measuredUserName }] }),
      check: (body) => {
        const users = list(parseJson(body)['Users']);
        if (users.length !== 1) return `expected exactly one user, got ${users.length}`;
        if (users[0]!['UserId'] !== seed.measuredUserId || users[0]!['UserName'] !== measuredUserName) return `expected ${measuredUserName} (${seed.measuredUserId})`;
        return undefined;
      },
      items: (body) => list(parseJson(body)['Users']).length,
    },
    {
      key: 'get-user-id',
      description: 'identitystore GetUserId {AlternateIdentifier: {UniqueAttribute: {AttributePath: UserName, AttributeValue: <the same user>}}}',
      operation: 'GetUserId',
      call: identityStoreCall('GetUserId', {
        IdentityStoreId: seed.identityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: 'UserName', AttributeValue: measuredUserName } },
      }),
      check: (body) => (parseJson(body)['UserId'] === seed.measuredUserId ? undefined : `expected UserId ${seed.measuredUserId}`),
      items: (body) => (parseJson(body)['UserId'] ? 1 : 0),
    },
  ];
}
