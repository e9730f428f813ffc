// The one parser of IAM and STS ARNs: what each form names, paths split as IAM splits them, and what is no such ARN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIamArn } from '../../src/lib/arn.js';

const account = '123456789012';

describe('parseIamArn', () => {
  it('reads the account root, users, groups, roles and policies with their paths', () => {
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:root`), { kind: 'root', accountId: account });
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:user/alice`), { kind: 'user', accountId: account, path: '/', name: 'alice' });
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:group/team/readers`), { kind: 'group', accountId: account, path: '/team/', name: 'readers' });
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:role/service-role/ops/Deployer`), {
      kind: 'role',
      accountId: account,
      path: '/service-role/ops/',
      name: 'Deployer',
    });
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:policy/Boundary`), { kind: 'policy', accountId: account, path: '/', name: 'Boundary' });
    assert.deepEqual(parseIamArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'), {
      kind: 'policy',
      accountId: 'aws',
      path: '/job-function/',
      name: 'ViewOnlyAccess',
    });
  });

  it('reads what IAM allows in paths and names: service-linked role paths, +=,.@_- in names, @ in session names', () => {
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`), {
      kind: 'role',
      accountId: account,
      path: '/aws-service-role/elasticloadbalancing.amazonaws.com/',
      name: 'AWSServiceRoleForElasticLoadBalancing',
    });
    assert.deepEqual(parseIamArn(`arn:aws:iam::${account}:user/a+b=c,d.e@f_g-h`), { kind: 'user', accountId: account, path: '/', name: 'a+b=c,d.e@f_g-h' });
    assert.deepEqual(parseIamArn(`arn:aws:sts::${account}:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/alice@example.com`), {
      kind: 'assumed-role',
      accountId: account,
      roleName: 'AWSReservedSSO_ReadOnly_0123456789abcdef',
      sessionName: 'alice@example.com',
    });
  });

  it('reads role sessions and federated users', () => {
    assert.deepEqual(parseIamArn(`arn:aws:sts::${account}:assumed-role/Deployer/ci-run`), {
      kind: 'assumed-role',
      accountId: account,
      roleName: 'Deployer',
      sessionName: 'ci-run',
    });
    assert.deepEqual(parseIamArn(`arn:aws:sts::${account}:federated-user/bob`), { kind: 'federated-user', accountId: account, name: 'bob' });
  });

  it('given kinds, answers only those', () => {
    const role = `arn:aws:iam::${account}:role/Deployer`;
    assert.equal(parseIamArn(role, 'role')?.name, 'Deployer');
    assert.equal(parseIamArn(role, 'user', 'group', 'role')?.kind, 'role');
    assert.equal(parseIamArn(role, 'user'), undefined);
    assert.equal(parseIamArn(`arn:aws:iam::${account}:root`, 'user', 'group', 'role'), undefined);
  });

  it('answers undefined for anything else', () => {
    for (const arn of [
      `arn:aws-cn:iam::${account}:user/alice`,
      `arn:aws:s3:::bucket`,
      `arn:aws:ec2:us-east-1:${account}:instance/i-0abc`,
      `arn:aws:iam::12345678901:user/alice`,
      `arn:aws:iam::1234567890123:user/alice`,
      `arn:aws:iam::aws:user/alice`,
      `arn:aws:iam:us-east-1:${account}:user/alice`,
      `arn:aws:iam::${account}:user/`,
      `arn:aws:iam::${account}:role/path/`,
      `arn:aws:iam::${account}:user`,
      `arn:aws:iam::${account}:mfa/alice`,
      `arn:aws:iam::${account}:root/extra`,
      `arn:aws:sts::${account}:root`,
      `arn:aws:sts::${account}:role/Deployer`,
      `arn:aws:sts::${account}:assumed-role/Deployer`,
      `arn:aws:sts::${account}:assumed-role/Deployer/`,
      `arn:aws:sts::${account}:assumed-role/path/Deployer/session`,
      `arn:aws:sts::${account}:federated-user/`,
      `arn:aws:sts::aws:federated-user/bob`,
      'nothing-valid-in-here',
      '',
    ]) {
      assert.equal(parseIamArn(arn), undefined, arn);
    }
  });
});
