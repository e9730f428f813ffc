// Example policies from the IAM User Guide ("Example IAM identity-based policies", the trust-policy and SCP pages),
// decided as the guide says they behave.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT, Admin, alice, allow, decide, doc, FullAWSAccess, OTHER_ACCOUNT, sessionOf, userOf } from './support.js';

describe('IAM User Guide examples', () => {
  it('AWS: denies access to AWS based on the requested Region (DenyAllOutsideEU)', () => {
    const outsideEu = doc({
      Sid: 'DenyAllOutsideEU',
      Effect: 'Deny',
      NotAction: ['cloudfront:*', 'iam:*', 'route53:*', 'support:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } },
    });
    const run = (action: string, region: string) => decide({ identity: [Admin, outsideEu], action, facts: { region } });
    assert.equal(run('ec2:RunInstances', 'us-west-2').decision, 'ExplicitDeny');
    assert.equal(run('ec2:RunInstances', 'us-west-2').statement?.sid, 'DenyAllOutsideEU');
    assert.equal(run('ec2:RunInstances', 'eu-central-1').decision, 'Allow');
    assert.equal(run('iam:CreateUser', 'us-east-1').decision, 'Allow');
  });

  it('AWS: denies access to AWS based on the source IP, unless an AWS service calls on the user’s behalf', () => {
    const ipFence = doc({
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] }, Bool: { 'aws:ViaAWSService': 'false' } },
    });
    const run = (sourceIp: string) => decide({ identity: [Admin, ipFence], action: 's3:ListAllMyBuckets', facts: { sourceIp } }).decision;
    assert.equal(run('192.0.2.10'), 'Allow');
    assert.equal(run('198.51.100.10'), 'ExplicitDeny');
  });

  it('AWS: allows access within specific dates', () => {
    const window = doc({
      Effect: 'Allow',
      Action: 'organizations:ListAccounts',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2017-12-31T23:59:59Z' } },
    });
    const at = (iso: string) => decide({ identity: [window], action: 'organizations:ListAccounts', facts: { now: new Date(iso) } }).decision;
    assert.equal(at('2017-09-15T10:00:00Z'), 'Allow');
    assert.equal(at('2018-01-01T00:00:00Z'), 'ImplicitDeny');
    assert.equal(at('2017-06-30T23:59:59Z'), 'ImplicitDeny');
  });

  it('Amazon S3: allows IAM users access to their S3 home directory', () => {
    const home = doc(
      allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation']),
      allow('s3:ListBucket', 'arn:aws:s3:::bucket-name', { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } }),
      allow('s3:*', ['arn:aws:s3:::bucket-name/home/${aws:username}', 'arn:aws:s3:::bucket-name/home/${aws:username}/*']),
    );
    const list = (prefix: string) =>
      decide({ identity: [home], action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket-name', facts: { request: { 's3:prefix': prefix } } }).decision;
    assert.equal(list('home/alice/photos/'), 'Allow');
    assert.equal(list('home/'), 'Allow');
    assert.equal(list(''), 'Allow');
    assert.equal(list('home/bob/'), 'ImplicitDeny');
    assert.equal(decide({ identity: [home], action: 's3:PutObject', resource: 'arn:aws:s3:::bucket-name/home/alice/cv.pdf' }).decision, 'Allow');
    assert.equal(decide({ identity: [home], principal: userOf(ACCOUNT, 'bob'), action: 's3:PutObject', resource: 'arn:aws:s3:::bucket-name/home/alice/cv.pdf' }).decision, 'ImplicitDeny');
  });

  it('AWS: allows MFA-authenticated IAM users to manage their own credentials (BlockMostAccessUnlessSignedInWithMFA)', () => {
    const selfManage = doc(
      allow(['iam:ListVirtualMFADevices', 'iam:ListUsers']),
      allow(['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ChangePassword', 'iam:CreateAccessKey'], [
        'arn:aws:iam::*:mfa/${aws:username}',
        'arn:aws:iam::*:user/${aws:username}',
      ]),
      {
        Sid: 'BlockMostAccessUnlessSignedInWithMFA',
        Effect: 'Deny',
        NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ListUsers', 'iam:ListVirtualMFADevices', 'sts:GetSessionToken'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    const ownUser = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const keys = (mfa?: { present: boolean }) => decide({ identity: [selfManage], action: 'iam:CreateAccessKey', resource: ownUser, facts: { mfa } });
    assert.equal(keys().decision, 'ExplicitDeny'); // long-term keys carry no MFA key: IfExists makes the deny apply
    assert.equal(keys().statement?.sid, 'BlockMostAccessUnlessSignedInWithMFA');
    assert.equal(keys({ present: false }).decision, 'ExplicitDeny');
    assert.equal(keys({ present: true }).decision, 'Allow');
    assert.equal(decide({ identity: [selfManage], action: 'iam:EnableMFADevice', resource: ownUser }).decision, 'Allow');
    assert.equal(decide({ identity: [selfManage], action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${ACCOUNT}:user/bob`, facts: { mfa: { present: true } } }).decision, 'ImplicitDeny');
  });

  it('a role trust policy for a third party, with an external id (confused deputy)', () => {
    const trust = doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'Unique ID Assigned by Example Corp' } },
    });
    const vendor = sessionOf('ExampleCorpIntegration', 'job', OTHER_ACCOUNT);
    const run = (externalId?: string) =>
      decide({
        principal: vendor,
        identity: [doc(allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/*`))],
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/ThirdPartyAccess`,
        resourcePolicy: { document: trust, kind: 'trust' },
        facts: externalId === undefined ? {} : { request: { 'sts:ExternalId': externalId } },
      }).decision;
    assert.equal(run('Unique ID Assigned by Example Corp'), 'Allow');
    assert.equal(run('unique id assigned by example corp'), 'ImplicitDeny');
    assert.equal(run(), 'ImplicitDeny');
  });

  it('SCP: prevent member accounts from leaving the organization, with FullAWSAccess beside it', () => {
    const scp = doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' });
    const d = decide({ principal: sessionOf('OrganizationAccountAccessRole'), identity: [Admin], scp: [[FullAWSAccess], [FullAWSAccess, scp]], action: 'organizations:LeaveOrganization' });
    assert.equal(d.decision, 'ExplicitDeny');
    assert.equal(d.layer, 'scp');
  });

  it('SCP: require a tag on ec2:RunInstances (Null on aws:RequestTag)', () => {
    const scp = doc({ Effect: 'Deny', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { Null: { 'aws:RequestTag/Project': 'true' } } });
    const resource = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`;
    const run = (request: Record<string, string | string[]>) =>
      decide({ principal: alice, identity: [Admin], scp: [[FullAWSAccess, scp]], action: 'ec2:RunInstances', resource, facts: { request } }).decision;
    assert.equal(run({}), 'ExplicitDeny');
    assert.equal(run({ 'aws:RequestTag/Project': 'apollo', 'aws:TagKeys': ['Project'] }), 'Allow');
  });
});
