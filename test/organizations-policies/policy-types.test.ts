// The policy-type catalog against the generated model: every type described, effective policies for exactly the
// management types, the AWS-managed policies well formed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { model } from '../../src/aws/api/organizations.js';
import { FULL_AWS_ACCESS, MANAGED_POLICIES, managedPolicyArn } from '../../src/services/organizations/policies/managed-policies.js';
import { checkPolicyDocument } from '../../src/services/organizations/policies/policy-document.js';
import { POLICY_TYPE_NAMES, POLICY_TYPES } from '../../src/services/organizations/policies/policy-types.js';

const enumOf = (shape: string): string[] => {
  const s = model.shapes[shape] as { enum?: string[] } | undefined;
  assert.ok(s?.enum, `model shape ${shape} has an enum`);
  return [...s.enum];
};

describe('policy types', () => {
  it('describes every PolicyType of the model, and no other', () => {
    assert.deepEqual([...POLICY_TYPE_NAMES].sort(), enumOf('PolicyType').sort());
  });

  it('treats as management types exactly the model EffectivePolicyType values', () => {
    const management = POLICY_TYPE_NAMES.filter((t) => POLICY_TYPES[t].kind === 'management');
    assert.deepEqual(management.sort(), enumOf('EffectivePolicyType').sort());
  });

  it('has the documented quotas for SCPs', () => {
    assert.deepEqual(POLICY_TYPES.SERVICE_CONTROL_POLICY, { kind: 'authorization', maxContentLength: 5120, maxPerTarget: 5, minPerTarget: 1, maxPolicies: 10_000 });
    assert.equal(POLICY_TYPES.AISERVICES_OPT_OUT_POLICY.maxContentLength, 2500);
    assert.equal(POLICY_TYPES.TAG_POLICY.maxPerTarget, 10);
  });

  it('AWS-managed policies match the model patterns and their own type', async () => {
    const idPattern = new RegExp((model.shapes['PolicyId'] as { pattern: string }).pattern);
    const arnPattern = new RegExp((model.shapes['PolicyArn'] as { pattern: string }).pattern);
    for (const p of MANAGED_POLICIES) {
      assert.match(p.id, idPattern);
      assert.match(managedPolicyArn(p), arnPattern);
    }
    assert.equal(managedPolicyArn(FULL_AWS_ACCESS), 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
    assert.ok((await checkPolicyDocument('SERVICE_CONTROL_POLICY', FULL_AWS_ACCESS.content)).ok);
  });
});
