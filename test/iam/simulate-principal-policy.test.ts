import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForPrincipalPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreatePolicyCommand, EnablePolicyTypeCommand } from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, foundOrganization, rejects, type Founded } from '../organizations/support.js';
import { iam } from './support.js';

// IAM's policy simulator for a stored entity: SimulatePrincipalPolicy takes a user's own and its groups' policies, a
// role's policies and boundary, adds the request's extra policies, and includes the SCPs of the entity's account;
// GetContextKeysForPrincipalPolicy lists the keys those policies read. The same engine decides real requests.

const json = (value: unknown) => JSON.stringify(value);
const policy = (...statements: Record<string, unknown>[]) => json({ Version: '2012-10-17', Statement: statements });
const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

for (const database of testDatabases) {
  describe(`iam: SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy (${database.name})`, () => {
    let t: TestServer;
    let org: Founded;
    before(async () => {
      t = await startTestServer(database);
      org = await foundOrganization(t, 'Simulated');
    });
    after(async () => t.close());

    it("a user's own and its group's policies, by name and kind, with the extra policies of the request", async () => {
      const client = iam(t.url, org.credentials);
      const arn = (await client.send(new CreateUserCommand({ UserName: 'dana' }))).User!.Arn!;
      await client.send(new PutUserPolicyCommand({ UserName: 'dana', PolicyName: 'deny-delete', PolicyDocument: policy({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }) }));
      await client.send(new CreateGroupCommand({ GroupName: 'readers' }));
      await client.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'dana' }));
      await client.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));

      const out = await client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: arn,
          ActionNames: ['s3:GetObject', 's3:DeleteBucket', 's3:PutObject', 'sqs:SendMessage'],
          PolicyInputList: [policy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' })],
        }),
      );
      const byAction: Record<string, EvaluationResult> = Object.fromEntries(out.EvaluationResults!.map((r) => [r.EvalActionName!, r]));
      assert.equal(byAction['s3:GetObject']!.EvalDecision, 'allowed');
      assert.deepEqual(byAction['s3:GetObject']!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['AmazonS3ReadOnlyAccess', 'aws-managed']]);
      assert.equal(byAction['s3:DeleteBucket']!.EvalDecision, 'explicitDeny');
      assert.deepEqual(byAction['s3:DeleteBucket']!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['deny-delete', 'user']]);
      assert.equal(byAction['s3:PutObject']!.EvalDecision, 'implicitDeny');
      assert.deepEqual(byAction['sqs:SendMessage']!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['PolicyInputList.1', 'IAM Policy']]);

      const group = await client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn.replace(':user/dana', ':group/readers'), ActionNames: ['s3:GetObject', 's3:DeleteBucket'] }));
      assert.deepEqual(group.EvaluationResults!.map((r) => r.EvalDecision), ['allowed', 'implicitDeny'], 'a group: its own policies only');
    });

    it("a role's boundary, or the one the request gives instead, and the context keys its policies read", async () => {
      const client = iam(t.url, org.credentials);
      const role = (await client.send(new CreateRoleCommand({ RoleName: 'builder', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
      await client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'builder', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
      const given = policy({ Effect: 'Allow', Action: ['s3:*', 'ec2:RunInstances'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
      const bounded = await client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: role, ActionNames: ['s3:GetObject', 's3:PutObject'], PolicyInputList: [given], ContextEntries: [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyType: 'string', ContextKeyValues: ['eu-west-1'] }] }));
      assert.deepEqual(bounded.EvaluationResults!.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]), [['allowed', true], ['implicitDeny', false]]);
      const replaced = await client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: role,
          ActionNames: ['s3:PutObject'],
          PolicyInputList: [given],
          PermissionsBoundaryPolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
          ContextEntries: [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyType: 'string', ContextKeyValues: ['eu-west-1'] }],
        }),
      );
      assert.equal(replaced.EvaluationResults![0]!.EvalDecision, 'allowed');
      const keys = await client.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: role, PolicyInputList: [given] }));
      assert.deepEqual(keys.ContextKeyNames, ['aws:RequestedRegion']);
    });

    it("includes the SCPs of the entity's account: a member account's admin is denied what its OU's SCP denies", async () => {
      const member = await createAccount(org.client, { AccountName: 'Member' });
      await org.client.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
      const scp = (await org.client.send(new CreatePolicyCommand({ Name: 'no-iam-users', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: policy({ Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }) })))
        .Policy!.PolicySummary!.Id!;
      await org.client.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: member }));
      const access = `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`;
      const session = await t.server.iam.issueSessionCredentials(
        { type: 'assumed-role', accountId: member, arn: `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin`, userId: 'AROAEXAMPLE:admin', roleArn: access, sessionName: 'admin' },
        Date.now() + 3_600_000,
      );
      const inMember = iam(t.url, { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken });
      const out = await inMember.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: access, ActionNames: ['iam:CreateUser', 'iam:CreateRole'] }));
      assert.deepEqual(
        out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision, r.OrganizationsDecisionDetail?.AllowedByOrganizations]),
        [['iam:CreateUser', 'explicitDeny', false], ['iam:CreateRole', 'allowed', true]],
      );
      // the management account simulates its own entities unbound
      const mine = await iam(t.url, org.credentials).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${org.accountId}:user/dana`, ActionNames: ['iam:CreateUser'] }));
      assert.equal(mine.EvaluationResults![0]!.OrganizationsDecisionDetail, undefined);
    });

    it('refuses what is not an entity of the caller', async () => {
      const client = iam(t.url, org.credentials);
      await rejects(client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${org.accountId}:user/nobody`, ActionNames: ['s3:GetObject'] })), 'NoSuchEntityException');
      await rejects(client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::123456789012:user/dana', ActionNames: ['s3:GetObject'] })), 'NoSuchEntityException');
      await rejects(client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:s3:::bucket-of-${org.accountId}`, ActionNames: ['s3:GetObject'] })), 'InvalidInputException');
    });
  });
}
