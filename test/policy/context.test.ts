// requestContext: the global keys AWS fills from the principal and the request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestContext, type RequestContext } from '../../src/policy/index.js';
import { ACCOUNT, alice, rootOf, sessionOf } from './support.js';

const now = new Date('2025-06-01T12:34:56.789Z');
const get = (c: RequestContext, key: string) => c.get(key.toLowerCase());

describe('requestContext', () => {
  it('an IAM user: its ARN, account, type, id and name', () => {
    const c = requestContext({ principal: { ...alice, arn: `arn:aws:iam::${ACCOUNT}:user/division/alice` }, now });
    assert.deepEqual(get(c, 'aws:PrincipalArn'), [`arn:aws:iam::${ACCOUNT}:user/division/alice`]);
    assert.deepEqual(get(c, 'aws:PrincipalAccount'), [ACCOUNT]);
    assert.deepEqual(get(c, 'aws:PrincipalType'), ['User']);
    assert.deepEqual(get(c, 'aws:userid'), ['AIDAEXAMPLEALICE0001']);
    assert.deepEqual(get(c, 'aws:username'), ['alice']);
    assert.deepEqual(get(c, 'aws:PrincipalIsAWSService'), ['false']);
  });

  it('a role session: the role ARN as aws:PrincipalArn, and no aws:username', () => {
    const c = requestContext({ principal: sessionOf('Admin', 'alice'), now });
    assert.deepEqual(get(c, 'aws:PrincipalArn'), [`arn:aws:iam::${ACCOUNT}:role/Admin`]);
    assert.deepEqual(get(c, 'aws:PrincipalType'), ['AssumedRole']);
    assert.deepEqual(get(c, 'aws:userid'), ['AROAEXAMPLEADMIN:alice']);
    assert.equal(get(c, 'aws:username'), undefined);
  });

  it('the root user', () => {
    const c = requestContext({ principal: { ...rootOf(ACCOUNT), userId: undefined }, now });
    assert.deepEqual(get(c, 'aws:PrincipalType'), ['Account']);
    assert.deepEqual(get(c, 'aws:userid'), [ACCOUNT]);
    assert.deepEqual(get(c, 'aws:PrincipalArn'), [`arn:aws:iam::${ACCOUNT}:root`]);
  });

  it('time in whole seconds, as ISO and as epoch seconds', () => {
    const c = requestContext({ principal: alice, now });
    assert.deepEqual(get(c, 'aws:CurrentTime'), ['2025-06-01T12:34:56Z']);
    assert.deepEqual(get(c, 'aws:EpochTime'), ['1748781296']);
  });

  it('tags, organization, network, MFA and token facts when given, and not otherwise', () => {
    const c = requestContext({
      principal: sessionOf('Dev'),
      now,
      principalTags: { team: 'blue', CostCenter: '42' },
      orgId: 'o-a1b2c3d4e5',
      orgPaths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
      region: 'eu-west-1',
      sourceIp: '203.0.113.7',
      secureTransport: true,
      mfa: { present: true, authenticatedAt: new Date('2025-06-01T12:00:00Z') },
      tokenIssuedAt: new Date('2025-06-01T11:00:00.500Z'),
    });
    assert.deepEqual(get(c, 'aws:PrincipalTag/costcenter'), ['42']);
    assert.deepEqual(get(c, 'aws:PrincipalOrgID'), ['o-a1b2c3d4e5']);
    assert.deepEqual(get(c, 'aws:PrincipalOrgPaths'), ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/']);
    assert.deepEqual(get(c, 'aws:RequestedRegion'), ['eu-west-1']);
    assert.deepEqual(get(c, 'aws:SourceIp'), ['203.0.113.7']);
    assert.deepEqual(get(c, 'aws:SecureTransport'), ['true']);
    assert.deepEqual(get(c, 'aws:MultiFactorAuthPresent'), ['true']);
    assert.deepEqual(get(c, 'aws:MultiFactorAuthAge'), ['2096']);
    assert.deepEqual(get(c, 'aws:TokenIssueTime'), ['2025-06-01T11:00:00Z']);

    const bare = requestContext({ principal: alice, now });
    for (const key of ['aws:MultiFactorAuthPresent', 'aws:TokenIssueTime', 'aws:PrincipalOrgID', 'aws:SourceIp', 'aws:RequestedRegion']) {
      assert.equal(get(bare, key), undefined, key);
    }
  });

  it('the request’s own keys come through, but cannot stand in for the principal’s', () => {
    const c = requestContext({
      principal: alice,
      now,
      request: {
        'organizations:PolicyType': 'SERVICE_CONTROL_POLICY',
        'aws:TagKeys': ['env'],
        'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/Forged',
        'aws:PrincipalTag/admin': 'true',
        'aws:username': 'root',
        'aws:CurrentTime': '2000-01-01T00:00:00Z',
      },
    });
    assert.deepEqual(get(c, 'organizations:policytype'), ['SERVICE_CONTROL_POLICY']);
    assert.deepEqual(get(c, 'aws:TagKeys'), ['env']);
    assert.deepEqual(get(c, 'aws:PrincipalArn'), [alice.arn]);
    assert.equal(get(c, 'aws:PrincipalTag/admin'), undefined);
    assert.deepEqual(get(c, 'aws:username'), ['alice']);
    assert.deepEqual(get(c, 'aws:CurrentTime'), ['2025-06-01T12:34:56Z']);
  });

  it('a service principal is a service, with no account keys', () => {
    const c = requestContext({ principal: { type: 'service', accountId: '', arn: 'ec2.amazonaws.com' }, now });
    assert.deepEqual(get(c, 'aws:PrincipalIsAWSService'), ['true']);
    assert.deepEqual(get(c, 'aws:PrincipalServiceName'), ['ec2.amazonaws.com']);
    assert.equal(get(c, 'aws:PrincipalAccount'), undefined);
  });
});
