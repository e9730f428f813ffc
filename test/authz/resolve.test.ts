// resolveAuthz: filling an authz entry from the request, the input and a service resolver.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveAuthz, type AuthzEnv } from '../../src/aws/authz/resolve.js';
import type { AuthzEntry } from '../../src/aws/authz/types.js';
import * as iam from '../../src/services/iam/authz.js';
import * as identitystore from '../../src/services/identitystore/authz.js';
import * as organizations from '../../src/services/organizations/authz.js';
import * as ssoOidc from '../../src/services/sso-oidc/authz.js';
import * as ssoPortal from '../../src/services/sso-portal/authz.js';
import * as sts from '../../src/services/sts/authz.js';
import { authzServices } from './services.js';

const CALLER = '111111111111';
const MANAGEMENT = '222222222222';
const ORG = 'o-abc123defg';
const orgArn = (rest: string) => `arn:aws:organizations::${MANAGEMENT}:${rest}`;

/** A request env whose resolver answers from a fixed map and records what it was asked. */
function env(answers: Record<string, string> = {}): AuthzEnv & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    partition: 'aws',
    region: 'us-east-1',
    account: CALLER,
    asked,
    resolve(name) {
      asked.push(name);
      return answers[name];
    },
  };
}

const orgEnv = (more: Record<string, string> = {}) =>
  env({ ManagementAccountId: MANAGEMENT, OrganizationId: ORG, ...more });

function entry(table: Readonly<Record<string, AuthzEntry>>, op: string): AuthzEntry {
  const e = table[op];
  assert.ok(e, `no entry for ${op}`);
  return e;
}

describe('resolveAuthz', () => {
  it('organizations DescribeAccount: the account ARN under the management account and organization', () => {
    const e = orgEnv();
    const request = resolveAuthz(entry(organizations.authz, 'DescribeAccount'), { AccountId: '333333333333' }, e);
    assert.deepEqual(request, {
      action: 'organizations:DescribeAccount',
      resources: [orgArn(`account/${ORG}/333333333333`)],
      context: {},
    });
    assert.deepEqual(e.asked.sort(), ['ManagementAccountId', 'OrganizationId']);
  });

  it('organizations MoveAccount: the account and both parents', () => {
    const source = orgArn(`root/${ORG}/r-ab12`);
    const destination = orgArn(`ou/${ORG}/ou-ab12-cdef3456`);
    const request = resolveAuthz(
      entry(organizations.authz, 'MoveAccount'),
      { AccountId: '333333333333', SourceParentId: 'r-ab12', DestinationParentId: 'ou-ab12-cdef3456' },
      orgEnv({ SourceParentArn: source, DestinationParentArn: destination }),
    );
    assert.deepEqual(request?.resources, [orgArn(`account/${ORG}/333333333333`), source, destination]);
  });

  it("a placeholder neither the input nor the resolver can fill makes that resource '*'", () => {
    const missingInput = resolveAuthz(entry(organizations.authz, 'DescribeAccount'), {}, orgEnv());
    assert.deepEqual(missingInput?.resources, ['*']);
    const unknownParent = resolveAuthz(
      entry(organizations.authz, 'MoveAccount'),
      { AccountId: '333333333333', SourceParentId: 'r-ab12', DestinationParentId: 'ou-nope-nope1234' },
      orgEnv({ SourceParentArn: orgArn(`root/${ORG}/r-ab12`) }),
    );
    assert.deepEqual(unknownParent?.resources, [orgArn(`account/${ORG}/333333333333`), orgArn(`root/${ORG}/r-ab12`), '*']);
    const noOrganization = resolveAuthz(entry(organizations.authz, 'DescribeAccount'), { AccountId: '333333333333' }, env());
    assert.deepEqual(noOrganization?.resources, ['*']);
  });

  it('organizations AttachPolicy: policy and target ARNs, and the policy type from the resolver', () => {
    const policy = orgArn(`policy/${ORG}/service_control_policy/p-examplepolicyid111`);
    const target = orgArn(`ou/${ORG}/ou-ab12-cdef3456`);
    const request = resolveAuthz(
      entry(organizations.authz, 'AttachPolicy'),
      { PolicyId: 'p-examplepolicyid111', TargetId: 'ou-ab12-cdef3456' },
      orgEnv({ PolicyArn: policy, TargetArn: target, NamedPolicyType: 'SERVICE_CONTROL_POLICY' }),
    );
    assert.deepEqual(request, {
      action: 'organizations:AttachPolicy',
      resources: [policy, target],
      context: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' },
    });
  });

  it('organizations CreatePolicy: policy type from the input, request tags, a wildcard id for the new policy', () => {
    const request = resolveAuthz(
      entry(organizations.authz, 'CreatePolicy'),
      { Name: 'deny-leave', Type: 'SERVICE_CONTROL_POLICY', Content: '{}', Tags: [{ Key: 'owner', Value: 'platform' }] },
      orgEnv({ PolicyTypePath: 'service_control_policy' }),
    );
    assert.deepEqual(request, {
      action: 'organizations:CreatePolicy',
      resources: [orgArn(`policy/${ORG}/service_control_policy/*`)],
      context: {
        'organizations:PolicyType': 'SERVICE_CONTROL_POLICY',
        'aws:RequestTag/owner': 'platform',
        'aws:TagKeys': ['owner'],
      },
    });
  });

  it('organizations UntagResource: aws:TagKeys from the keys removed', () => {
    const ou = orgArn(`ou/${ORG}/ou-ab12-cdef3456`);
    const request = resolveAuthz(
      entry(organizations.authz, 'UntagResource'),
      { ResourceId: 'ou-ab12-cdef3456', TagKeys: ['env', 'team'] },
      orgEnv({ ResourceArn: ou }),
    );
    assert.deepEqual(request, { action: 'organizations:UntagResource', resources: [ou], context: { 'aws:TagKeys': ['env', 'team'] } });
  });

  it('sts AssumeRole: the role ARN as given, the sts: keys from the input, and sts:TagSession for its tags', () => {
    const roleArn = 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole';
    const request = resolveAuthz(
      entry(sts.authz, 'AssumeRole'),
      {
        RoleArn: roleArn,
        RoleSessionName: 'alice',
        ExternalId: 'ext-1234',
        TransitiveTagKeys: ['team'],
        Tags: [{ Key: 'team', Value: 'blue' }],
        DurationSeconds: 900,
      },
      env(),
    );
    assert.deepEqual(request, {
      action: 'sts:AssumeRole',
      resources: [roleArn],
      context: {
        'sts:ExternalId': 'ext-1234',
        'sts:RoleSessionName': 'alice',
        'sts:TransitiveTagKeys': ['team'],
        'aws:RequestTag/team': 'blue',
        'aws:TagKeys': ['team'],
      },
      companions: ['sts:TagSession'],
    });
    const plain = resolveAuthz(entry(sts.authz, 'AssumeRole'), { RoleArn: roleArn, RoleSessionName: 'bob', SourceIdentity: 'bob@example.com' }, env());
    assert.deepEqual(plain?.companions, ['sts:SetSourceIdentity']);
  });

  it('sts AssumeRoot: the member root user, and sts:TaskPolicyArn through a nested member', () => {
    const request = resolveAuthz(
      entry(sts.authz, 'AssumeRoot'),
      { TargetPrincipal: '333333333333', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' } },
      env(),
    );
    assert.deepEqual(request, {
      action: 'sts:AssumeRoot',
      resources: ['arn:aws:iam::333333333333:root'],
      context: { 'sts:TaskPolicyArn': 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
    });
  });

  it('sts GetCallerIdentity keeps its action on *', () => {
    assert.deepEqual(resolveAuthz(entry(sts.authz, 'GetCallerIdentity'), {}, env()), {
      action: 'sts:GetCallerIdentity',
      resources: ['*'],
      context: {},
    });
  });

  it('iam CreateRole with Tags: aws:RequestTag/<k>, aws:TagKeys, iam:PermissionsBoundary and the role ARN with its path', () => {
    const input = {
      RoleName: 'Deployer',
      Path: '/app/',
      AssumeRolePolicyDocument: '{}',
      PermissionsBoundary: `arn:aws:iam::${CALLER}:policy/Boundary`,
      Tags: [
        { Key: 'team', Value: 'blue' },
        { Key: 'env', Value: 'prod' },
      ],
    };
    // The IAM resolver's rule for a role not yet stored: the request's Path.
    const request = resolveAuthz(entry(iam.authz, 'CreateRole'), input, env({ RolePath: input.Path }));
    assert.deepEqual(request, {
      action: 'iam:CreateRole',
      resources: [`arn:aws:iam::${CALLER}:role/app/Deployer`],
      context: {
        'iam:PermissionsBoundary': `arn:aws:iam::${CALLER}:policy/Boundary`,
        'aws:RequestTag/team': 'blue',
        'aws:RequestTag/env': 'prod',
        'aws:TagKeys': ['team', 'env'],
      },
    });
  });

  it('iam CreateRole without tags supplies neither aws:RequestTag nor aws:TagKeys', () => {
    const request = resolveAuthz(entry(iam.authz, 'CreateRole'), { RoleName: 'Deployer', AssumeRolePolicyDocument: '{}' }, env({ RolePath: '/' }));
    assert.deepEqual(request?.context, {});
    assert.deepEqual(request?.resources, [`arn:aws:iam::${CALLER}:role/Deployer`]);
  });

  it('iam ListAccessKeys without UserName acts on the calling user, whom the resolver names', () => {
    const request = resolveAuthz(entry(iam.authz, 'ListAccessKeys'), {}, env({ UserName: 'alice', UserPath: '/' }));
    assert.deepEqual(request?.resources, [`arn:aws:iam::${CALLER}:user/alice`]);
    const other = resolveAuthz(entry(iam.authz, 'ListAccessKeys'), { UserName: 'bob' }, env({ UserName: 'alice', UserPath: '/' }));
    assert.deepEqual(other?.resources, [`arn:aws:iam::${CALLER}:user/bob`]);
  });

  it('iam UpdateUser needs the user under its old and its new name', () => {
    const request = resolveAuthz(
      entry(iam.authz, 'UpdateUser'),
      { UserName: 'bob', NewUserName: 'robert' },
      env({ UserPath: '/', NewPath: '/' }),
    );
    assert.deepEqual(request?.resources, [`arn:aws:iam::${CALLER}:user/bob`, `arn:aws:iam::${CALLER}:user/robert`]);
  });

  it('iam AttachRolePolicy: iam:PolicyARN from the input, iam:PermissionsBoundary from the role as stored', () => {
    const request = resolveAuthz(
      entry(iam.authz, 'AttachRolePolicy'),
      { RoleName: 'Deployer', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      env({ RolePath: '/', CurrentPermissionsBoundary: `arn:aws:iam::${CALLER}:policy/Boundary` }),
    );
    assert.deepEqual(request?.context, {
      'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'iam:PermissionsBoundary': `arn:aws:iam::${CALLER}:policy/Boundary`,
    });
  });

  it('identitystore IsMemberInGroups: one group ARN per GroupIds element, the member through MemberId.UserId', () => {
    const request = resolveAuthz(
      entry(identitystore.authz, 'IsMemberInGroups'),
      { IdentityStoreId: 'd-1234567890', MemberId: { UserId: 'u-1' }, GroupIds: ['g-1', 'g-2'] },
      env({ IdentityStoreAccountId: MANAGEMENT, PrimaryRegion: 'us-east-1' }),
    );
    assert.deepEqual(request, {
      action: 'identitystore:IsMemberInGroups',
      resources: [
        'arn:aws:identitystore:::membership/*',
        'arn:aws:identitystore:::group/g-1',
        'arn:aws:identitystore:::group/g-2',
        `arn:aws:identitystore::${MANAGEMENT}:identitystore/d-1234567890`,
        'arn:aws:identitystore:::user/u-1',
      ],
      context: { 'identitystore:PrimaryRegion': 'us-east-1' },
    });
  });

  it('returns null for operations IAM does not authorize', () => {
    assert.equal(resolveAuthz(entry(ssoPortal.authz, 'GetRoleCredentials'), { roleName: 'r', accountId: CALLER, accessToken: 't' }, env()), null);
    assert.equal(resolveAuthz(entry(ssoOidc.authz, 'CreateToken'), { clientId: 'c', grantType: 'refresh_token' }, env()), null);
    const withIam = resolveAuthz(
      entry(ssoOidc.authz, 'CreateTokenWithIAM'),
      { clientId: `arn:aws:sso::${MANAGEMENT}:application/ssoins-1234567890abcdef/apl-1234567890abcdef`, grantType: 'refresh_token' },
      env(),
    );
    assert.equal(withIam?.action, 'sso-oauth:CreateTokenWithIAM');
    assert.deepEqual(withIam?.resources, [`arn:aws:sso::${MANAGEMENT}:application/ssoins-1234567890abcdef/apl-1234567890abcdef`]);
  });

  it('asks the resolver only for names the entry uses', () => {
    const e = env();
    resolveAuthz(entry(sts.authz, 'AssumeRole'), { RoleArn: 'arn:aws:iam::333333333333:role/R', RoleSessionName: 's' }, e);
    assert.deepEqual(e.asked, []);
  });

  it('gives the same answer from its compiled cache', () => {
    const e = entry(organizations.authz, 'DescribeAccount');
    const first = resolveAuthz(e, { AccountId: '333333333333' }, orgEnv());
    const second = resolveAuthz(e, { AccountId: '444444444444' }, orgEnv());
    assert.deepEqual(first?.resources, [orgArn(`account/${ORG}/333333333333`)]);
    assert.deepEqual(second?.resources, [orgArn(`account/${ORG}/444444444444`)]);
  });

  it('rejects a malformed template', () => {
    assert.throws(() => resolveAuthz({ action: 'sts:GetCallerIdentity', resources: ['arn:${Partition:x'] }, {}, env()), /malformed/);
  });

  it('resolves every entry of every table, with an empty input and a resolver that knows nothing', () => {
    for (const service of authzServices) {
      for (const [op, e] of Object.entries(service.table)) {
        const request = resolveAuthz(e, {}, env());
        if (e.action === null) {
          assert.equal(request, null, `${service.name} ${op}`);
          continue;
        }
        assert.ok(request, `${service.name} ${op}`);
        assert.equal(request.resources.length > 0, true, `${service.name} ${op}`);
        for (const arn of request.resources) assert.ok(!arn.includes('${'), `${service.name} ${op}: ${arn}`);
      }
    }
  });
});
