import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstError, policySize, validatePolicy, type PolicyUse } from '../../src/policy/index.js';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from '../../src/services/organizations/policies/managed-policies.js';

// The grammar checked on write, for every use of a policy: which stage answers, with IAM's words. The expected
// messages are the ones AWS returns for these documents (as recorded against real accounts by LocalStack's IAM parity
// suite).

const SYNTAX = 'Syntax errors in policy.';
const VERSION = 'Policy document must be version 2012-10-17 or greater.';
const LEGACY = 'The policy failed legacy parsing';
const ACTIONS = 'Policy statement must contain actions.';
const RESOURCES = 'Policy statement must contain resources.';
const VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';

const bucket = 'arn:aws:s3:::example_bucket';
const doc = (statement: unknown, extra: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: statement, ...extra });
const allow = (fields: Record<string, unknown>) => ({ Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket, ...fields });

async function message(document: unknown, use: PolicyUse = 'managed'): Promise<string | undefined> {
  return firstError(await validatePolicy(typeof document === 'string' ? document : JSON.stringify(document), use))?.message;
}

const rejected: readonly [string, unknown, string][] = [
  ['not JSON', 'This is not a json document', SYNTAX],
  ['no Version in a managed policy', { Statement: allow({}) }, VERSION],
  ['Version 2008-10-17 in a managed policy', doc(allow({}), { Version: '2008-10-17' }), VERSION],
  ['an unknown Version', doc(allow({}), { Version: '2013-10-17' }), SYNTAX],
  ['no Statement', { Version: '2012-10-17' }, SYNTAX],
  ['an empty Statement list', doc([]), SYNTAX],
  ['a statement that is not an object', doc(['afd']), SYNTAX],
  ['an unknown top-level element', doc(allow({}), { 'Extra field': 'value' }), SYNTAX],
  ['an unknown statement element', doc(allow({ 'Extra field': 'value' })), SYNTAX],
  ['an Id that is not a string', doc(allow({}), { Id: ['x'] }), SYNTAX],
  ['an unknown Effect', doc(allow({ Effect: 'invalid' })), SYNTAX],
  ['no Effect', doc({ Action: 's3:ListBucket', Resource: bucket }), SYNTAX],
  ['Resource and NotResource', doc(allow({ NotResource: '*' })), SYNTAX],
  ['Action and NotAction', doc(allow({ NotAction: 's3:ListBucket' })), SYNTAX],
  ['an Action list holding a list', doc(allow({ Action: [[]] })), SYNTAX],
  ['a Resource object', doc(allow({ Resource: { a: bucket } })), SYNTAX],
  ['a Condition list', doc(allow({ Condition: [] })), SYNTAX],
  ['a condition block that is not an object', doc(allow({ Condition: { DateGreaterThan: 'b' } })), SYNTAX],
  ['an object as a condition value', doc(allow({ Condition: { DateGreaterThan: { a: {} } } })), SYNTAX],
  ['an unknown condition operator', doc(allow({ Condition: { x: { a: '1' } } })), SYNTAX],
  ['a malformed operator prefix', doc(allow({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'x' } } })), SYNTAX],
  ['a Sid that is not a string', doc(allow({ Sid: [] })), SYNTAX],
  ['no Version before a duplicate Sid', { Statement: [allow({ Sid: 'a' }), { Sid: 'a', Effect: 'Allow' }] }, VERSION],
  ['an Effect in the wrong case', doc(allow({ Effect: 'denY' })), LEGACY],
  ['a bucket ARN with five parts', doc(allow({ Resource: 'arn:aws:s3::example_bucket' })), LEGACY],
  ['an ARN without a service', doc(allow({ Resource: 'arn:aws::::example_bucket' })), LEGACY],
  ['a bad ARN before missing actions', doc({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }), LEGACY],
  ['a date that is not one', doc(allow({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } })), LEGACY],
  ['month 13', doc(allow({ Condition: { DateLessThanEquals: { a: '234-13' } } })), LEGACY],
  ['a one-digit offset', doc(allow({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } })), LEGACY],
  ['ten fraction digits', doc(allow({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } })), LEGACY],
  ['an epoch beyond 64 bits', doc(allow({ Condition: { DateLessThan: { a: '9223372036854775808' } } })), LEGACY],
  ['a duplicate Sid', doc([allow({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }]), 'Statement IDs (SID) in a single policy must be unique.'],
  ['a statement without actions', doc({ Effect: 'Allow', Resource: bucket }), ACTIONS],
  ['an empty Action list', doc(allow({ Action: [] })), ACTIONS],
  ['the first of two statements without actions', doc([{ Effect: 'Deny' }, allow({})]), ACTIONS],
  ['a statement without resources', doc({ Effect: 'Allow', Action: 's3:ListBucket' }), RESOURCES],
  ['no resources before a bad action', doc({ Effect: 'Allow', Action: 'invalid' }), RESOURCES],
  ['an empty Resource list', doc(allow({ Resource: [] })), RESOURCES],
  ['a resource that is not an ARN', doc(allow({ Resource: 'invalid resource' })), 'Resource invalid resource must be in ARN format or "*".'],
  ['an empty resource', doc(allow({ Resource: '' })), 'Resource  must be in ARN format or "*".'],
  ['a bad resource before a bad action', doc(allow({ Action: 's:3:ListBucket', Resource: 'sdfsadf' })), 'Resource sdfsadf must be in ARN format or "*".'],
  ['an unknown partition', doc(allow({ Resource: 'a:bsdfdsafsad' })), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
  ['no arn: prefix', doc(allow({ Resource: 'aws:s3:::example_bucket' })), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
  ['an error partition', doc(allow({ Resource: 'arn:error:s3:::example_bucket' })), 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".'],
  ['no service', doc(allow({ Resource: 'arn:aws' })), 'Resource vendor must be fully qualified and cannot contain regexes.'],
  ['an IAM resource with a region', doc(allow({ Resource: 'arn:aws:iam:us-east-1::example_bucket' })), 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.'],
  ['a bucket with a region', doc(allow({ Resource: 'arn:aws:s3:us-east-1::example_bucket' })), 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.'],
  [
    'an IAM resource of no IAM kind',
    doc(allow({ Resource: 'arn:aws:iam:::example_bucket' })),
    'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  ],
  ['an action without a vendor', doc(allow({ Action: 'invalid' })), VENDOR],
  ['an empty NotAction', doc({ Effect: 'Allow', NotAction: '', Resource: bucket }), VENDOR],
  ['a vendor with a space', doc(allow({ Action: 'a a:ListBucket' })), 'Vendor a a is not valid'],
  ['two colons in the second statement', doc([allow({ Action: 's3s:ListBucket' }), allow({ Action: 's:3s:ListBucket' })]), 'Actions/Condition can contain only one colon.'],
  ['a principal in an identity policy', doc(allow({ Principal: { AWS: '*' } })), 'Policy document should not specify a principal.'],
];

const accepted: readonly [string, unknown][] = [
  ['a Resource list', doc(allow({ Resource: [bucket] }))],
  ['spaces inside an action', doc(allow({ Action: 'iam: asdf safdsf af ' }))],
  ['a wildcard action and resource', doc(allow({ Action: '*', Resource: [bucket, '*'] }))],
  ['date conditions', doc(allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2017-12-31T23:59:59Z' } } }))],
  ['lenient dates', doc(allow({ Condition: { DateGreaterThan: { a: '01T' }, DateLessThanEquals: { b: '2016-12-13t2:00:00.593194+23', c: '2016-12-13T21:20:37.593194+00:00' }, DateLessThan: { d: '-292275054' } } }))],
  ['an IAM user resource', doc(allow({ Resource: 'arn:aws:iam:::user/example_bucket' }))],
  ['an unknown service in a resource', doc(allow({ Resource: 'arn:aws:s33:::example_bucket' }))],
  ['a three-part ARN', doc(allow({ Resource: 'arn:aws:fdsasf' }))],
  ['an empty Condition and empty blocks', doc(allow({ Condition: { x: {}, y: {}, DateGreaterThan: { a: [] } } }))],
  ['ForAllValues, ForAnyValue and IfExists', doc(allow({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' }, 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } }))],
  ['regions on services that have them', doc(allow({ Resource: ['arn:aws:ec2:us-east-1::example_bucket', 'arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point'] }))],
  ['NotAction with NotResource', doc({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' })],
  ['vendors with dots and hyphens', doc(allow({ Action: ['s3-s:ListBucket', 's3.s:ListBucket'] }))],
  ['empty Sids twice', doc([allow({ Sid: '' }), allow({ Sid: '' })])],
  ['policy variables holding colons', doc(allow({ Action: 'iam:GetUser', Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*'] }))],
  ['an Id', doc(allow({}), { Id: 'sdfsdfsdf' })],
];

describe('policy grammar on write', () => {
  for (const [name, document, expected] of rejected) {
    it(`refuses ${name}: ${expected}`, async () => assert.equal(await message(document), expected));
  }
  for (const [name, document] of accepted) {
    it(`accepts ${name}`, async () => assert.equal(await message(document), undefined));
  }

  it('inline identity policies may leave out Version or say 2008-10-17; managed policies and boundaries may not', async () => {
    assert.equal(await message({ Statement: allow({}) }, 'identity'), undefined);
    assert.equal(await message(doc(allow({}), { Version: '2008-10-17' }), 'identity'), undefined);
    assert.equal(await message({ Statement: allow({}) }, 'managed'), VERSION);
    assert.equal(await message({ Statement: allow({}) }, 'boundary'), VERSION);
  });

  it('trust policies need a principal AWS can name, take no resource, and grant only the actions that start a session', async () => {
    const trust = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    assert.equal(await message(doc(trust), 'trust'), undefined);
    assert.equal(await message(doc({ ...trust, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }), 'trust'), undefined);
    assert.equal(await message(doc({ ...trust, Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML' }), 'trust'), undefined);
    assert.equal(await message(doc({ ...trust, Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/Admin'] } }), 'trust'), undefined);
    assert.equal(await message(doc({ ...trust, Principal: '*', Action: '*' }), 'trust'), undefined);
    assert.equal(await message(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust'), 'Missing required field Principal');
    assert.equal(await message(doc({ ...trust, Resource: '*' }), 'trust'), 'Has prohibited field Resource');
    assert.equal(await message(doc({ ...trust, Action: 's3:GetObject' }), 'trust'), 'AssumeRole policy may only specify STS AssumeRole actions.');
    assert.equal(await message(doc({ ...trust, Action: 'sts:GetCallerIdentity' }), 'trust'), 'AssumeRole policy may only specify STS AssumeRole actions.');
    assert.equal(await message(doc({ ...trust, Principal: { AWS: 'alice' } }), 'trust'), 'Invalid principal in policy: "AWS":"alice"');
    assert.equal(await message(doc({ ...trust, Principal: { Service: 'ec2' } }), 'trust'), 'Invalid principal in policy: "SERVICE":"ec2"');
  });

  it('SCPs: the full IAM language without principals; Version, when given, 2012-10-17', async () => {
    assert.equal(await message(FULL_AWS_ACCESS.content, 'scp'), undefined);
    assert.equal(await message({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }, 'scp'), undefined);
    assert.equal(await message(doc({ Effect: 'Deny', Action: 'ec2:*' }), 'scp'), undefined); // Resource may be left out
    const conditionalAllow = { Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } };
    assert.equal(await message(doc(conditionalAllow), 'scp'), undefined);
    assert.equal(await message(doc({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' }), 'scp'), undefined);
    assert.equal(await message(doc({ Effect: 'Deny', Principal: '*', Action: '*' }), 'scp'), 'Policy document should not specify a principal.');
    assert.equal(await message(doc({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*' }), 'scp'), 'Policy document should not specify a principal.');
    assert.equal(await message(doc(allow({}), { Version: '2008-10-17' }), 'scp'), VERSION);
  });

  it('RCPs: Principal "*" and Deny only, no NotAction', async () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } };
    assert.equal(await message(doc(deny), 'rcp'), undefined);
    assert.equal(await message(doc({ ...deny, Principal: { AWS: '*' } }), 'rcp'), undefined);
    assert.equal(await message(RCP_FULL_AWS_ACCESS.content, 'rcp'), 'Resource control policies support only "Deny" statements.');
    assert.equal(await message(doc({ ...deny, Principal: undefined }), 'rcp'), 'Missing required field Principal');
    assert.equal(await message(doc({ ...deny, Principal: { AWS: '111122223333' } }), 'rcp'), 'Principal must be "*": a resource control policy applies to every principal.');
    assert.equal(await message(doc({ Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*' }), 'rcp'), 'NotAction is not supported in resource control policies.');
  });

  it('unknown services and actions are stored, with warnings; so are wildcard-only actions on a named resource', async () => {
    const issues = await validatePolicy(doc(allow({ Action: ['foo:Bar', 's3:GetObjekt', 's3:Gett*', 'organizations:CreateAccount'], Resource: 'arn:aws:organizations::111122223333:account/o-x/*' })), 'managed');
    assert.equal(firstError(issues), undefined);
    assert.deepEqual(
      issues.map((i) => `${i.severity}:${i.code}`),
      ['warning:unknown-service', 'warning:unknown-action', 'warning:action-matches-nothing', 'warning:wildcard-only-action'],
    );
  });

  it('counts size as IAM does: whitespace outside strings is free', () => {
    assert.equal(policySize('{ "a" : "b c" }'), '{"a":"b c"}'.length);
    assert.equal(policySize('{\n\t"k": "\\" x"\n}'), '{"k":"\\" x"}'.length);
  });
});
