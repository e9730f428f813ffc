// The policy document checks, per type: what AWS accepts and the reason given for what it refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPolicyDocument, contentLength } from '../../src/services/organizations/policies/policy-document.js';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from '../../src/services/organizations/policies/managed-policies.js';
import type { PolicyType } from '../../src/services/organizations/policies/policy-types.js';

const ok = (type: PolicyType, doc: unknown) => {
  const result = checkPolicyDocument(type, typeof doc === 'string' ? doc : JSON.stringify(doc));
  assert.ok(result.ok, `expected accepted, got: ${result.ok ? '' : result.reason}`);
};
const refused = (type: PolicyType, doc: unknown, reason: RegExp) => {
  const result = checkPolicyDocument(type, typeof doc === 'string' ? doc : JSON.stringify(doc));
  assert.equal(result.ok, false, 'expected the document to be refused');
  if (!result.ok) assert.match(result.reason, reason);
};
const scp = (statement: unknown, extra: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: statement, ...extra });
const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';

describe('SCP documents', () => {
  it('accepts the AWS-managed FullAWSAccess and the documented examples', () => {
    ok(SCP, FULL_AWS_ACCESS.content);
    ok(SCP, scp({ Effect: 'Deny', Action: ['iam:*', 'ec2:*', 'rds:*'], Resource: '*' }));
    ok(SCP, scp([{ Sid: 'LimitActionsInRegion', Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-west-1' } } }]));
    ok(SCP, { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }); // Version omitted, as in AWS's examples
    ok(SCP, scp({ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: ['arn:aws:iam::*:role/role-to-deny'] }));
  });

  it('accepts the full IAM language of 2025: Allow with conditions and ARNs, NotResource, wildcards mid-action', () => {
    ok(SCP, scp({ Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }));
    ok(SCP, scp({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::logs/*' }));
    ok(SCP, scp({ Effect: 'Deny', Action: 'ec2:*Instance*', Resource: '*' }));
    ok(SCP, scp({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a/*' }, BoolIfExists: { 'aws:MultiFactorAuthPresent': false }, Null: { 'aws:TokenIssueTime': 'true' } } }));
  });

  it('refuses what is not a JSON object', () => {
    refused(SCP, '{"Statement":', /not valid JSON/);
    refused(SCP, '[]', /must be a JSON object/);
    refused(SCP, '"x"', /must be a JSON object/);
  });

  it('names the element at fault', () => {
    refused(SCP, scp({ Effect: 'Allow', Action: '*', Resource: '*' }, { Version: '2008-10-17' }), /Version must be "2012-10-17"/);
    refused(SCP, { Version: '2012-10-17' }, /Statement element is required/);
    refused(SCP, scp([]), /at least one statement/);
    refused(SCP, scp(['x']), /Statement\[0\] must be an object/);
    refused(SCP, scp([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'allow', Action: '*' }]), /Statement\[1\]\.Effect must be "Allow" or "Deny"/);
    refused(SCP, scp({ Action: '*', Resource: '*' }), /Statement\.Effect is required/);
    refused(SCP, scp({ Effect: 'Deny', Resource: '*' }), /must have an Action or NotAction/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', NotAction: 's3:*' }), /both Action and NotAction/);
    refused(SCP, scp({ Effect: 'Deny', Action: 'GetObject' }), /Statement\.Action: "GetObject" is not of the form service:action/);
    refused(SCP, scp({ Effect: 'Deny', Action: [] }), /must not be an empty array/);
    refused(SCP, scp({ Effect: 'Deny', Action: [3] }), /string or an array of strings/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', Resource: 'bucket' }), /neither "\*" nor an ARN/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', Resource: '*', NotResource: '*' }), /both Resource and NotResource/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', Condition: 'x' }), /Condition must be an object/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', Condition: { StringEqualz: { a: 'b' } } }), /"StringEqualz" is not a condition operator/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', Condition: { StringEquals: { a: { b: 1 } } } }), /must be a string, number, boolean/);
    refused(SCP, scp({ Effect: 'Deny', Action: '*', Actions: '*' }), /unsupported element "Actions"/);
    refused(SCP, scp([{ Sid: 'A', Effect: 'Deny', Action: '*' }, { Sid: 'A', Effect: 'Deny', Action: '*' }]), /Sid "A" is not unique/);
    refused(SCP, scp({ Sid: 'no spaces', Effect: 'Deny', Action: '*' }), /Sid may contain only letters and digits/);
    refused(SCP, { Version: '2012-10-17', Statement: [], Extra: 1 }, /unsupported top-level element "Extra"/);
  });

  it('refuses Principal and NotPrincipal', () => {
    refused(SCP, scp({ Effect: 'Deny', Principal: '*', Action: '*' }), /SCPs do not support the Principal element/);
    refused(SCP, scp({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*' }), /do not support the NotPrincipal element/);
  });
});

describe('RCP documents', () => {
  it('accepts RCPFullAWSAccess and Deny statements with Principal "*"', () => {
    ok(RCP, RCP_FULL_AWS_ACCESS.content.replace('"Allow"', '"Deny"'));
    ok(RCP, scp({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }));
    ok(RCP, scp({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/x' }));
  });

  it('refuses Allow, missing or narrowed principals and NotAction', () => {
    refused(RCP, RCP_FULL_AWS_ACCESS.content, /RCPs support only "Deny"/);
    refused(RCP, scp({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), /Principal is required in RCPs/);
    refused(RCP, scp({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*' }), /Principal must be "\*"/);
    refused(RCP, scp({ Effect: 'Deny', Principal: '*', NotAction: 's3:*' }), /RCPs do not support the NotAction element/);
  });
});

describe('management policy documents', () => {
  it('accepts AWS examples with every inheritance operator', () => {
    ok('TAG_POLICY', { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['Development', 'Support'] }, enforced_for: { '@@append': ['redshift:*'] } } } });
    ok('TAG_POLICY', { tags: { project: { tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' }, tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@remove': ['x'] } } } });
    ok('AISERVICES_OPT_OUT_POLICY', { services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } });
    ok('BACKUP_POLICY', { plans: { p: { regions: { '@@append': ['us-east-1'] }, rules: { r: { schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' } } } } } });
    ok('DECLARATIVE_POLICY_EC2', { ec2_attributes: { image_block_public_access: { state: { '@@assign': 'block_new_sharing' } } } });
  });

  it('refuses unknown operators and malformed operands', () => {
    refused('TAG_POLICY', '[1]', /must be a JSON object/);
    refused('TAG_POLICY', { tags: { a: { tag_key: { '@@asign': 'A' } } } }, /tags\.a\.tag_key\.@@asign: "@@asign" is not an inheritance operator/);
    refused('TAG_POLICY', { tags: { a: { tag_value: { '@@append': 'x' } } } }, /@@append takes an array/);
    refused('TAG_POLICY', { tags: { a: { '@@operators_allowed_for_child_policies': '@@none' } } }, /non-empty array of operators/);
    refused('TAG_POLICY', { tags: { a: { '@@operators_allowed_for_child_policies': ['@@none', '@@assign'] } } }, /@@all and @@none must appear alone/);
    refused('TAG_POLICY', { tags: { a: { '@@operators_allowed_for_child_policies': ['@@delete'] } } }, /"@@delete" is not one of/);
  });
});

describe('content length', () => {
  it('counts characters, white space included', () => {
    assert.equal(contentLength('{ }'), 3);
    assert.equal(contentLength('é€😀'), 3);
  });
});
