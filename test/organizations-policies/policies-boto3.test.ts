// Organizations policies through boto3 (the machine's python3, botocore with the current model): every policy
// operation once, and the error paths with their Reason, as a Python client sees them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

const script = `
import json, boto3
from botocore.exceptions import ClientError
org = boto3.client('organizations', region_name='us-east-1')
out = {}
def err(fn, **kw):
    try:
        fn(**kw)
        return 'no error'
    except ClientError as e:
        return [e.response['Error']['Code'], e.response.get('Reason')]

org.create_organization(FeatureSet='ALL')
root = org.list_roots()['Roots'][0]['Id']
ou = org.create_organizational_unit(ParentId=root, Name='Workloads')['OrganizationalUnit']['Id']
out['enable'] = org.enable_policy_type(RootId=root, PolicyType='SERVICE_CONTROL_POLICY')['Root']['PolicyTypes']
doc = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'ec2:*', 'Resource': '*'}]})
p = org.create_policy(Name='NoEc2', Description='d', Type='SERVICE_CONTROL_POLICY', Content=doc)['Policy']['PolicySummary']
out['id'] = p['Id']
org.attach_policy(PolicyId=p['Id'], TargetId=ou)
out['forTarget'] = sorted(x['Name'] for x in org.list_policies_for_target(TargetId=ou, Filter='SERVICE_CONTROL_POLICY')['Policies'])
out['targets'] = [t['Type'] for t in org.list_targets_for_policy(PolicyId=p['Id'])['Targets']]
out['described'] = org.describe_policy(PolicyId=p['Id'])['Policy']['Content'] == doc
out['updated'] = org.update_policy(PolicyId=p['Id'], Name='NoEc2Ever')['Policy']['PolicySummary']['Name']
out['duplicate'] = err(org.attach_policy, PolicyId=p['Id'], TargetId=ou)
out['inUse'] = err(org.delete_policy, PolicyId=p['Id'])
out['minimum'] = err(org.detach_policy, PolicyId='p-FullAWSAccess', TargetId=root)
out['malformed'] = err(org.create_policy, Name='Bad', Description='', Type='SERVICE_CONTROL_POLICY', Content='{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*"}]}')
out['tooBig'] = err(org.create_policy, Name='Big', Description='', Type='AISERVICES_OPT_OUT_POLICY', Content='{"a":"' + 'x' * 2500 + '"}')
out['immutable'] = err(org.update_policy, PolicyId='p-FullAWSAccess', Description='x')
out['notFound'] = err(org.describe_policy, PolicyId='p-00000000')
out['badToken'] = err(org.list_policies, Filter='SERVICE_CONTROL_POLICY', NextToken='nope')
out['noEffective'] = err(org.describe_effective_policy, PolicyType='TAG_POLICY')
org.detach_policy(PolicyId=p['Id'], TargetId=ou)
org.delete_policy(PolicyId=p['Id'])
org.enable_policy_type(RootId=root, PolicyType='AISERVICES_OPT_OUT_POLICY')
ai = org.create_policy(Name='OptOut', Description='', Type='AISERVICES_OPT_OUT_POLICY',
    Content=json.dumps({'services': {'default': {'opt_out_policy': {'@@assign': 'optOut'}}}}))['Policy']['PolicySummary']['Id']
org.attach_policy(PolicyId=ai, TargetId=root)
eff = org.describe_effective_policy(PolicyType='AISERVICES_OPT_OUT_POLICY')['EffectivePolicy']
out['effective'] = json.loads(eff['PolicyContent'])
out['disable'] = [t['Type'] for t in org.disable_policy_type(RootId=root, PolicyType='SERVICE_CONTROL_POLICY')['Root']['PolicyTypes']]
print(json.dumps(out))
`;

for (const database of testDatabases) {
  describe(`organizations policies with boto3 (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('runs every policy operation and sees AWS error codes and reasons', async () => {
      const out = await runBoto3(script, t.url, t.root);
      assert.deepEqual(out['enable'], [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
      assert.match(out['id'] as string, /^p-[a-z0-9]{8}$/);
      assert.deepEqual(out['forTarget'], ['FullAWSAccess', 'NoEc2']);
      assert.deepEqual(out['targets'], ['ORGANIZATIONAL_UNIT']);
      assert.equal(out['described'], true);
      assert.equal(out['updated'], 'NoEc2Ever');
      assert.deepEqual(out['duplicate'], ['DuplicatePolicyAttachmentException', null]);
      assert.deepEqual(out['inUse'], ['PolicyInUseException', null]);
      assert.deepEqual(out['minimum'], ['ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED']);
      assert.deepEqual(out['malformed'], ['MalformedPolicyDocumentException', null]);
      assert.deepEqual(out['tooBig'], ['ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED']);
      assert.deepEqual(out['immutable'], ['InvalidInputException', 'IMMUTABLE_POLICY']);
      assert.deepEqual(out['notFound'], ['PolicyNotFoundException', null]);
      assert.deepEqual(out['badToken'], ['InvalidInputException', 'INVALID_NEXT_TOKEN']);
      assert.deepEqual(out['noEffective'], ['EffectivePolicyNotFoundException', null]);
      assert.deepEqual(out['effective'], { services: { default: { opt_out_policy: 'optOut' } } });
      assert.deepEqual(out['disable'], ['AISERVICES_OPT_OUT_POLICY']);
    });
  });
}
