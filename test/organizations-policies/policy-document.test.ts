// The policy document checks, per type: what AWS accepts and the reason given for what it refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPolicyDocument, contentLength } from '../../src/services/organizations/policies/policy-document.js';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from '../../src/services/organizations/policies/managed-policies.js';
import type { PolicyType } from '../../src/services/organizations/policies/policy-types.js';

const ok = async (type: PolicyType, doc: unknown) => {
  const result = await checkPolicyDocument(type, typeof doc === 'string' ? doc : JSON.stringify(doc));
  assert.ok(result.ok, `expected accepted, got: ${result.ok ? '' : result.reason}`);
};
const refused = async (type: PolicyType, doc: unknown, reason: RegExp) => {
  const result = await checkPolicyDocument(type, typeof doc === 'string' ? doc : JSON.stringify(doc));
  assert.equal(result.ok, false, 'expected the document to be refused');
  if (!result.ok) assert.match(result.reason, reason);
};
const scp = (statement: unknown, extra: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: statement, ...extra });
const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';

describe('SCP documents', () => {
  it('accepts the AWS-managed FullAWSAccess and the documented examples', async () => {
    await ok(SCP, FULL_AWS_ACCESS.content);
    await ok(SCP, scp({ Effect: 'Deny', Action: ['iam:*', 'ec2:*', 'rds:*'], Resource: '*' }));
    await ok(SCP, scp([{ Sid: 'LimitActionsInRegion', Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-west-1' } } }]));
    await ok(SCP, { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }); // Version omitted, as in AWS's examples
    await ok(SCP, scp({ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: ['arn:aws:iam::*:role/role-to-deny'] }));
  });

  it('accepts the full IAM language of 2025: Allow with conditions and ARNs, NotResource, wildcards mid-action', async () => {
    await ok(SCP, scp({ Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }));
    await ok(SCP, scp({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' }));
    await ok(SCP, scp({ Effect: 'Deny', Action: 'ec2:*Instance*', Resource: '*' }));
    await ok(SCP, scp({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a/*' }, BoolIfExists: { 'aws:MultiFactorAuthPresent': false }, Null: { 'aws:TokenIssueTime': 'true' } } }));
  });

  it('refuses what is not a JSON object', async () => {
    await refused(SCP, '{"Statement":', /Syntax errors in policy/);
    await refused(SCP, '[]', /Syntax errors in policy/);
    await refused(SCP, '"x"', /Syntax errors in policy/);
  });

  // The grammar is the policy engine's (test/policy/grammar.test.ts); here, that SCPs get it with IAM's words.
  it('refuses as IAM does, with IAM’s words', async () => {
    const SYNTAX = /^Syntax errors in policy\.$/;
    await refused(SCP, scp({ Effect: 'Allow', Action: '*', Resource: '*' }, { Version: '2008-10-17' }), /Policy document must be version 2012-10-17 or greater/);
    await refused(SCP, { Version: '2012-10-17' }, SYNTAX);
    await refused(SCP, scp([]), SYNTAX);
    await refused(SCP, scp(['x']), SYNTAX);
    await refused(SCP, scp([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'allow', Action: '*' }]), /The policy failed legacy parsing/);
    await refused(SCP, scp({ Action: '*', Resource: '*' }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Resource: '*' }), /Policy statement must contain actions/);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', NotAction: 's3:*' }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Action: 'GetObject' }), /Actions\/Conditions must be prefaced by a vendor/);
    await refused(SCP, scp({ Effect: 'Deny', Action: [] }), /Policy statement must contain actions/);
    await refused(SCP, scp({ Effect: 'Deny', Action: [3] }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', Resource: 'bucket' }), /Resource bucket must be in ARN format or "\*"/);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', Resource: '*', NotResource: '*' }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', Condition: 'x' }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', Condition: { StringEqualz: { a: 'b' } } }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', Condition: { StringEquals: { a: { b: 1 } } } }), SYNTAX);
    await refused(SCP, scp({ Effect: 'Deny', Action: '*', Actions: '*' }), SYNTAX);
    await refused(SCP, scp([{ Sid: 'A', Effect: 'Deny', Action: '*' }, { Sid: 'A', Effect: 'Deny', Action: '*' }]), /Statement IDs \(SID\) in a single policy must be unique/);
    await refused(SCP, scp({ Sid: 'no spaces', Effect: 'Deny', Action: '*' }), /Statement IDs \(SID\) must be alpha-numeric/);
    await refused(SCP, { Version: '2012-10-17', Statement: [], Extra: 1 }, SYNTAX);
  });

  it('refuses Principal and NotPrincipal', async () => {
    await refused(SCP, scp({ Effect: 'Deny', Principal: '*', Action: '*' }), /Policy document should not specify a principal/);
    await refused(SCP, scp({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*' }), /Policy document should not specify a principal/);
  });
});

describe('RCP documents', () => {
  it('accepts RCPFullAWSAccess and Deny statements with Principal "*"', async () => {
    await ok(RCP, RCP_FULL_AWS_ACCESS.content.replace('"Allow"', '"Deny"'));
    await ok(RCP, scp({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }));
    await ok(RCP, scp({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/x' }));
  });

  it('refuses Allow, missing or narrowed principals and NotAction', async () => {
    await refused(RCP, RCP_FULL_AWS_ACCESS.content, /support only "Deny"/);
    await refused(RCP, scp({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), /Missing required field Principal/);
    await refused(RCP, scp({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*' }), /Principal must be "\*"/);
    await refused(RCP, scp({ Effect: 'Deny', Principal: '*', NotAction: 's3:*' }), /NotAction is not supported/);
  });
});

describe('management policy documents', () => {
  it('accepts AWS examples with every inheritance operator', async () => {
    await ok('TAG_POLICY', { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['Development', 'Support'] }, enforced_for: { '@@append': ['redshift:*'] } } } });
    await ok('TAG_POLICY', { tags: { project: { tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' }, tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@remove': ['x'] } } } });
    await ok('AISERVICES_OPT_OUT_POLICY', { services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } });
    await ok('BACKUP_POLICY', { plans: { p: { regions: { '@@append': ['us-east-1'] }, rules: { r: { schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' } } } } } });
    await ok('DECLARATIVE_POLICY_EC2', { ec2_attributes: { image_block_public_access: { state: { '@@assign': 'block_new_sharing' } } } });
  });

  it('refuses unknown operators and malformed operands', async () => {
    await refused('TAG_POLICY', '[1]', /must be a JSON object/);
    await refused('TAG_POLICY', { tags: { a: { tag_key: { '@@asign': 'A' } } } }, /tags\.a\.tag_key\.@@asign: "@@asign" is not an inheritance operator/);
    await refused('TAG_POLICY', { tags: { a: { tag_value: { '@@append': 'x' } } } }, /@@append takes an array/);
    await refused('TAG_POLICY', { tags: { a: { '@@operators_allowed_for_child_policies': '@@none' } } }, /non-empty array of operators/);
    await refused('TAG_POLICY', { tags: { a: { '@@operators_allowed_for_child_policies': ['@@none', '@@assign'] } } }, /@@all and @@none must appear alone/);
    await refused('TAG_POLICY', { tags: { a: { '@@operators_allowed_for_child_policies': ['@@delete'] } } }, /"@@delete" is not one of/);
  });
});

describe('content length', () => {
  it('counts characters, white space included', async () => {
    assert.equal(contentLength('{ }'), 3);
    assert.equal(contentLength('é€😀'), 3);
  });
});
