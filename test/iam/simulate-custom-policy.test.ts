import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetContextKeysForCustomPolicyCommand, SimulateCustomPolicyCommand, type IAMClient, type SimulateCustomPolicyCommandInput } from '@aws-sdk/client-iam';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam } from './support.js';

// IAM's policy simulator for policies given as text (SimulateCustomPolicy, GetContextKeysForCustomPolicy) through SDK
// v3 and boto3: decisions with the statements that made them and where they are in the text, missing context keys,
// the permissions boundary's and, across accounts, each kind of policy's own decision, ContextKeyType conversions,
// paging, and IAM's errors. Expectations are AWS's documented answers (the AWS CLI examples for
// simulate-custom-policy) where AWS documents one.

const json = (value: unknown) => JSON.stringify(value);
const policy = (...statements: Record<string, unknown>[]) => json({ Version: '2012-10-17', Statement: statements });

// The AWS CLI reference's simulate-custom-policy examples: a date condition, met and not met.
const DYNAMODB_AFTER_2018 =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

for (const database of testDatabases) {
  describe(`iam: SimulateCustomPolicy and GetContextKeysForCustomPolicy (${database.name})`, () => {
    let t: TestServer;
    let client: IAMClient;
    let accountId: string;
    const simulate = async (input: SimulateCustomPolicyCommandInput) => (await client.send(new SimulateCustomPolicyCommand(input))).EvaluationResults!;
    before(async () => {
      t = await startTestServer(database);
      const a = await standalone(t, 'IamSimulate');
      accountId = a.accountId;
      client = iam(t.url, a.credentials);
    });
    after(async () => t.close());

    it('the AWS CLI examples: a date condition met (allowed, with the statement’s place) and not met (implicitDeny)', async () => {
      const allowed = await simulate({
        PolicyInputList: [DYNAMODB_AFTER_2018],
        ActionNames: ['dynamodb:CreateBackup'],
        ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' }],
      });
      assert.equal(allowed.length, 1);
      assert.equal(allowed[0]!.EvalActionName, 'dynamodb:CreateBackup');
      assert.equal(allowed[0]!.EvalResourceName, '*');
      assert.equal(allowed[0]!.EvalDecision, 'allowed');
      assert.deepEqual(allowed[0]!.MissingContextValues, []);
      const [matched] = allowed[0]!.MatchedStatements!;
      assert.equal(matched!.SourcePolicyId, 'PolicyInputList.1');
      assert.equal(matched!.SourcePolicyType, 'IAM Policy');
      // Positions run from the statement's { to just after its }: the end is AWS's example's (column 167). The
      // example prints the start as column 38, one past the {; the responses AWS gives for statements in a list (and
      // for multi-line documents) put it at the { itself, as here.
      assert.deepEqual(matched!.StartPosition, { Line: 1, Column: 37 });
      assert.deepEqual(matched!.EndPosition, { Line: 1, Column: 167 });
      assert.equal(allowed[0]!.ResourceSpecificResults, undefined);
      assert.equal(allowed[0]!.EvalDecisionDetails, undefined);

      const denied = await simulate({
        PolicyInputList: [DYNAMODB_AFTER_2018],
        ActionNames: ['dynamodb:CreateBackup'],
        ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2014-04-25T11:00:00Z'], ContextKeyType: 'date' }],
      });
      assert.equal(denied[0]!.EvalDecision, 'implicitDeny');
      assert.deepEqual(denied[0]!.MatchedStatements, []);
      assert.deepEqual(denied[0]!.MissingContextValues, []);
    });

    it('an explicit deny names only the Deny statement, in a multi-line document', async () => {
      const text = JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::records/*' },
          ],
        },
        null,
        2,
      );
      const results = await simulate({ PolicyInputList: [text], ActionNames: ['s3:GetObject', 's3:DeleteObject'], ResourceArns: ['arn:aws:s3:::records/2024.csv'] });
      assert.deepEqual(
        results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]),
        [
          ['s3:GetObject', 'arn:aws:s3:::records/2024.csv', 'allowed'],
          ['s3:DeleteObject', 'arn:aws:s3:::records/2024.csv', 'explicitDeny'],
        ],
      );
      assert.deepEqual(results[0]!.MatchedStatements, [
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 8, Column: 6 } },
      ]);
      assert.deepEqual(results[1]!.MatchedStatements, [
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 9, Column: 5 }, EndPosition: { Line: 13, Column: 6 } },
      ]);
      // a named resource: each resource's own result, and (within one account) empty decision details
      assert.deepEqual(results[1]!.EvalDecisionDetails, {});
      assert.equal(results[1]!.ResourceSpecificResults!.length, 1);
      assert.equal(results[1]!.ResourceSpecificResults![0]!.EvalResourceDecision, 'explicitDeny');
    });

    it('a permissions boundary: allowed by the identity policy, denied because the boundary does not allow it', async () => {
      const results = await simulate({
        PolicyInputList: [policy({ Effect: 'Allow', Action: '*', Resource: '*' })],
        PermissionsBoundaryPolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        ActionNames: ['s3:ListAllMyBuckets', 'iam:CreateUser'],
      });
      assert.equal(results[0]!.EvalDecision, 'allowed');
      assert.deepEqual(results[0]!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
      assert.equal(results[1]!.EvalDecision, 'implicitDeny');
      assert.deepEqual(results[1]!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
      assert.deepEqual(results[1]!.MatchedStatements, []);

      const boundaryDeny = await simulate({
        PolicyInputList: [policy({ Effect: 'Allow', Action: '*', Resource: '*' })],
        PermissionsBoundaryPolicyInputList: [policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'organizations:*', Resource: '*' })],
        ActionNames: ['organizations:CreateAccount'],
      });
      assert.equal(boundaryDeny[0]!.EvalDecision, 'explicitDeny');
      assert.equal(boundaryDeny[0]!.MatchedStatements![0]!.SourcePolicyId, 'PermissionsBoundaryPolicyInputList.1');
      assert.deepEqual(boundaryDeny[0]!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
    });

    it('missing context values: the keys the covering statements read that the entries leave out', async () => {
      const text = policy(
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
      );
      const results = await simulate({
        PolicyInputList: [text],
        ActionNames: ['ec2:RunInstances', 's3:GetObject'],
        ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['TRUE'], ContextKeyType: 'boolean' }],
      });
      assert.equal(results[0]!.EvalDecision, 'implicitDeny');
      assert.deepEqual(results[0]!.MissingContextValues, ['aws:RequestedRegion']);
      assert.deepEqual(results[1]!.MissingContextValues, ['aws:username']);

      const withRegion = await simulate({
        PolicyInputList: [text],
        ActionNames: ['ec2:RunInstances', 's3:GetObject'],
        ResourceArns: ['arn:aws:s3:::home/alice/notes.txt'],
        ContextEntries: [
          { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
          { ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['eu-west-1'], ContextKeyType: 'string' },
          { ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' },
        ],
      });
      assert.deepEqual(
        withRegion.map((r) => r.EvalDecision),
        ['allowed', 'allowed'],
      );
      assert.deepEqual(withRegion[1]!.ResourceSpecificResults![0]!.MissingContextValues, []);
    });

    it('several resources: one result per action, the most restrictive decision, each resource’s beside it', async () => {
      const results = await simulate({
        PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public/*' })],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::public/a', 'arn:aws:s3:::private/b'],
      });
      assert.equal(results.length, 1);
      assert.equal(results[0]!.EvalDecision, 'implicitDeny');
      assert.deepEqual(
        results[0]!.ResourceSpecificResults!.map((r) => [r.EvalResourceName, r.EvalResourceDecision, r.MatchedStatements!.length]),
        [
          ['arn:aws:s3:::public/a', 'allowed', 1],
          ['arn:aws:s3:::private/b', 'implicitDeny', 0],
        ],
      );
    });

    it('a resource-based policy across accounts: each kind of policy’s own decision', async () => {
      const bucketPolicy = policy({ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/alice` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });
      const base = {
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::shared/report.csv'],
        ResourcePolicy: bucketPolicy,
        ResourceOwner: 'arn:aws:iam::444455556666:root',
        CallerArn: `arn:aws:iam::${accountId}:user/alice`,
      };
      const without = await simulate({ ...base, PolicyInputList: [policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })] });
      assert.equal(without[0]!.EvalDecision, 'implicitDeny');
      assert.deepEqual(without[0]!.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' });
      const both = await simulate({ ...base, PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })] });
      assert.equal(both[0]!.EvalDecision, 'allowed');
      assert.deepEqual(both[0]!.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
      assert.deepEqual(
        both[0]!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
        [
          ['ResourcePolicy', 'Resource Policy'],
          ['PolicyInputList.1', 'IAM Policy'],
        ],
      );
      await rejects(client.send(new SimulateCustomPolicyCommand({ ...base, CallerArn: undefined, PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })] })), 'InvalidInputException');
    });

    it('pages by action with MaxItems and Marker', async () => {
      const input = { PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], ActionNames: ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances'] };
      const first = await client.send(new SimulateCustomPolicyCommand({ ...input, MaxItems: 2 }));
      assert.equal(first.IsTruncated, true);
      assert.deepEqual(first.EvaluationResults!.map((r) => r.EvalActionName), ['s3:GetObject', 's3:PutObject']);
      const second = await client.send(new SimulateCustomPolicyCommand({ ...input, MaxItems: 2, Marker: first.Marker! }));
      assert.equal(second.IsTruncated, false);
      assert.deepEqual(second.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]), [['ec2:RunInstances', 'implicitDeny']]);
      await rejects(client.send(new SimulateCustomPolicyCommand({ ...input, Marker: 'not-a-marker' })), 'ValidationError');
    });

    it('refuses what IAM refuses: malformed policies, values not of their ContextKeyType, callers that are not IAM users', async () => {
      const ok = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
      const bad = await rejects(client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [ok, '{"Statement":'], ActionNames: ['s3:GetObject'] })), 'InvalidInputException');
      assert.equal(bad.message, 'PolicyInputList.2: Syntax errors in policy.');
      const numeric = await rejects(
        client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [ok], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 's3:max-keys', ContextKeyValues: ['ten'], ContextKeyType: 'numeric' }] })),
        'InvalidInputException',
      );
      assert.equal(numeric.message, 'Value ten of context key s3:max-keys is not of type numeric.');
      await rejects(
        client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [ok], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1', '10.0.0.2'], ContextKeyType: 'ip' }] })),
        'InvalidInputException',
      );
      await rejects(client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [ok], ActionNames: ['s3:GetObject'], CallerArn: `arn:aws:iam::${accountId}:role/Admin` })), 'InvalidInputException');
      await rejects(client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [ok], ActionNames: ['s3:GetObject'], PermissionsBoundaryPolicyInputList: [ok, ok] })), 'InvalidInputException');
      // list types take several values, and ip lists match CIDRs
      const ips = await simulate({
        PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { 'ForAnyValue:IpAddress': { 'aws:SourceIp': '203.0.113.0/24' } } })],
        ActionNames: ['s3:GetObject'],
        ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['198.51.100.1', '203.0.113.9'], ContextKeyType: 'ipList' }],
      });
      assert.equal(ips[0]!.EvalDecision, 'allowed');
    });

    it('GetContextKeysForCustomPolicy: every condition key and policy variable, once, as written', async () => {
      const out = await client.send(
        new GetContextKeysForCustomPolicyCommand({
          PolicyInputList: [
            policy(
              { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 's3:prefix': 'home/' } } },
              { Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
            ),
            policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'AWS:RequestedRegion': 'us-east-1', 'ec2:ResourceTag/team': '${aws:PrincipalTag/team}' } } }),
          ],
        }),
      );
      assert.deepEqual(out.ContextKeyNames, ['aws:RequestedRegion', 's3:prefix', 'aws:username', 'aws:MultiFactorAuthPresent', 'ec2:ResourceTag/team', 'aws:PrincipalTag/team']);
      await rejects(client.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: ['not json'] })), 'InvalidInputException');
    });

    it('boto3 sees the same simulation', async () => {
      const script = `
import json, boto3
iam = boto3.client('iam')
doc = ${JSON.stringify(DYNAMODB_AFTER_2018)}
r = iam.simulate_custom_policy(PolicyInputList=[doc], ActionNames=['dynamodb:CreateBackup', 'dynamodb:DeleteTable'],
    ContextEntries=[{'ContextKeyName': 'aws:CurrentTime', 'ContextKeyValues': ['2019-04-25T11:00:00Z'], 'ContextKeyType': 'date'}],
    PermissionsBoundaryPolicyInputList=[json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'dynamodb:CreateBackup', 'Resource': '*'}]})])
print(json.dumps([[e['EvalActionName'], e['EvalDecision'], e['PermissionsBoundaryDecisionDetail']['AllowedByPermissionsBoundary'],
    [s['SourcePolicyId'] for s in e['MatchedStatements']]] for e in r['EvaluationResults']]))
`;
      const out = await runBoto3(script, t.url, (await standalone(t, 'IamSimulateBoto3')).credentials);
      assert.deepEqual(out, [
        ['dynamodb:CreateBackup', 'allowed', true, ['PolicyInputList.1']],
        ['dynamodb:DeleteTable', 'implicitDeny', false, []],
      ]);
    });
  });
}
