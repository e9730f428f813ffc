import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteResourcePolicyCommand,
  DeregisterDelegatedAdministratorCommand,
  DescribeAccountCommand,
  DescribeResourcePolicyCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  LeaveOrganizationCommand,
  ListAccountsCommand,
  ListAccountsWithInvalidEffectivePolicyCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListEffectivePolicyValidationErrorsCommand,
  ListTagsForResourceCommand,
  PutResourcePolicyCommand,
  RegisterDelegatedAdministratorCommand,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, foundOrganization, rejects, standalone, type Actor, type Founded } from './support.js';

// Trusted service access, delegated administrators (who may then read the organization), the resource policy,
// tags on every kind of resource, and the effective-policy validation lists.

for (const database of testDatabases) {
  describe(`organizations: delegation, resource policy and tags (${database.name})`, () => {
    let t: TestServer;
    let org: Founded;
    let member: Actor;
    before(async () => {
      t = await startTestServer(database);
      org = await foundOrganization(t, 'Delegating');
      member = await standalone(t, 'Security');
      const invite = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: member.accountId, Type: 'ACCOUNT' } }));
      await member.client.send(new AcceptHandshakeCommand({ HandshakeId: invite.Handshake!.Id! }));
    });
    after(async () => t.close());

    it('enables, lists and disables trusted service access', async () => {
      await rejects(
        org.client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'nothing.amazonaws.com' })),
        'InvalidInputException',
        'UNRECOGNIZED_SERVICE_PRINCIPAL',
      );
      await org.client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' }));
      await org.client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' }));
      await org.client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
      await org.client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
      const first = await org.client.send(new ListAWSServiceAccessForOrganizationCommand({ MaxResults: 2 }));
      assert.deepEqual(first.EnabledServicePrincipals!.map((s) => s.ServicePrincipal), ['config.amazonaws.com', 'guardduty.amazonaws.com']);
      assert.ok(first.EnabledServicePrincipals![0]!.DateEnabled instanceof Date);
      const second = await org.client.send(new ListAWSServiceAccessForOrganizationCommand({ MaxResults: 2, NextToken: first.NextToken! }));
      assert.deepEqual(second.EnabledServicePrincipals!.map((s) => s.ServicePrincipal), ['sso.amazonaws.com']);
      assert.equal(second.NextToken, undefined);
      await org.client.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
      const after = await org.client.send(new ListAWSServiceAccessForOrganizationCommand({}));
      assert.deepEqual(after.EnabledServicePrincipals!.map((s) => s.ServicePrincipal), ['guardduty.amazonaws.com', 'sso.amazonaws.com']);
      await rejects(member.client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' })), 'AccessDeniedException');
    });

    it('registers a delegated administrator, which may then read the organization', async () => {
      await rejects(member.client.send(new ListAccountsCommand({})), 'AccessDeniedException');
      await rejects(
        org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: member.accountId, ServicePrincipal: 'securityhub.amazonaws.com' })),
        'ConstraintViolationException',
        'SERVICE_ACCESS_NOT_ENABLED',
      );
      await rejects(
        org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: org.accountId, ServicePrincipal: 'sso.amazonaws.com' })),
        'ConstraintViolationException',
        'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
      );
      await rejects(
        org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: '000000000000', ServicePrincipal: 'sso.amazonaws.com' })),
        'AccountNotFoundException',
      );
      await org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: member.accountId, ServicePrincipal: 'sso.amazonaws.com' }));
      await org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: member.accountId, ServicePrincipal: 'guardduty.amazonaws.com' }));
      await rejects(
        org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: member.accountId, ServicePrincipal: 'sso.amazonaws.com' })),
        'AccountAlreadyRegisteredException',
      );
      const second = await createAccount(org.client, { AccountName: 'Second admin' });
      await rejects(
        org.client.send(new RegisterDelegatedAdministratorCommand({ AccountId: second, ServicePrincipal: 'sso.amazonaws.com' })),
        'ConstraintViolationException',
        'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
      );

      const admins = await org.client.send(new ListDelegatedAdministratorsCommand({}));
      assert.equal(admins.DelegatedAdministrators!.length, 1);
      const admin = admins.DelegatedAdministrators![0]!;
      assert.equal(admin.Id, member.accountId);
      assert.equal(admin.JoinedMethod, 'INVITED');
      assert.ok(admin.DelegationEnabledDate instanceof Date);
      const forSso = await org.client.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'sso.amazonaws.com' }));
      assert.deepEqual(forSso.DelegatedAdministrators!.map((a) => a.Id), [member.accountId]);
      const services = await org.client.send(new ListDelegatedServicesForAccountCommand({ AccountId: member.accountId, MaxResults: 1 }));
      assert.deepEqual(services.DelegatedServices!.map((s) => s.ServicePrincipal), ['guardduty.amazonaws.com']);
      const rest = await org.client.send(new ListDelegatedServicesForAccountCommand({ AccountId: member.accountId, NextToken: services.NextToken! }));
      assert.deepEqual(rest.DelegatedServices!.map((s) => s.ServicePrincipal), ['sso.amazonaws.com']);
      await rejects(org.client.send(new ListDelegatedServicesForAccountCommand({ AccountId: second })), 'AccountNotRegisteredException');

      // a delegated administrator reads the organization, but still may not change it
      const listed = await member.client.send(new ListAccountsCommand({}));
      assert.ok(listed.Accounts!.some((a) => a.Id === org.accountId));
      await member.client.send(new DescribeAccountCommand({ AccountId: second }));
      await rejects(member.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'x' })), 'AccessDeniedException');
      // nor leave while it is one
      await rejects(member.client.send(new LeaveOrganizationCommand({})), 'ConstraintViolationException', 'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG');
      await rejects(
        org.client.send(new RemoveAccountFromOrganizationCommand({ AccountId: member.accountId })),
        'ConstraintViolationException',
        'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
      );

      await org.client.send(new DeregisterDelegatedAdministratorCommand({ AccountId: member.accountId, ServicePrincipal: 'sso.amazonaws.com' }));
      await rejects(
        org.client.send(new DeregisterDelegatedAdministratorCommand({ AccountId: member.accountId, ServicePrincipal: 'sso.amazonaws.com' })),
        'AccountNotRegisteredException',
      );
      // disabling a service's access drops its delegated administrators
      await org.client.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
      assert.deepEqual((await org.client.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators, []);
      await rejects(member.client.send(new ListAccountsCommand({})), 'AccessDeniedException');
    });

    it('puts, describes and deletes the resource policy', async () => {
      await rejects(org.client.send(new DescribeResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
      await rejects(org.client.send(new DeleteResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
      await rejects(org.client.send(new PutResourcePolicyCommand({ Content: '{"Statement": [' })), 'InvalidInputException', 'INVALID_RESOURCE_POLICY_JSON');
      const statement = (action: string) => ({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${member.accountId}:root` }, Action: action, Resource: '*' }],
      });
      await rejects(
        org.client.send(new PutResourcePolicyCommand({ Content: JSON.stringify(statement('s3:GetObject')) })),
        'InvalidInputException',
        'UNSUPPORTED_ACTION_IN_RESOURCE_POLICY',
      );
      const content = JSON.stringify(statement('organizations:Describe*'));
      const put = await org.client.send(new PutResourcePolicyCommand({ Content: content, Tags: [{ Key: 'owner', Value: 'platform' }] }));
      const summary = put.ResourcePolicy!.ResourcePolicySummary!;
      assert.match(summary.Id!, /^rp-[0-9a-zA-Z_]{4,128}$/);
      assert.equal(summary.Arn, `arn:aws:organizations::${org.accountId}:resourcepolicy/${org.organizationId}/${summary.Id}`);
      assert.equal(put.ResourcePolicy!.Content, content);
      assert.deepEqual((await org.client.send(new ListTagsForResourceCommand({ ResourceId: summary.Id! }))).Tags, [{ Key: 'owner', Value: 'platform' }]);
      const updated = JSON.stringify(statement('organizations:List*'));
      const again = await org.client.send(new PutResourcePolicyCommand({ Content: updated }));
      assert.equal(again.ResourcePolicy!.ResourcePolicySummary!.Id, summary.Id, 'an update keeps the id');
      assert.equal((await org.client.send(new DescribeResourcePolicyCommand({}))).ResourcePolicy!.Content, updated);
      await rejects(member.client.send(new PutResourcePolicyCommand({ Content: updated })), 'AccessDeniedException');
      await org.client.send(new DeleteResourcePolicyCommand({}));
      await rejects(org.client.send(new DescribeResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
    });

    it('tags accounts, OUs, the root and policies; enforces AWS\'s limits', async () => {
      const { OrganizationalUnit: ou } = await org.client.send(
        new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Tagged', Tags: [{ Key: 'created', Value: 'with-ou' }] }),
      );
      const policy = await org.client.send(
        new CreatePolicyCommand({
          Name: 'Tagged',
          Description: 'tags at creation',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] }),
          Tags: [{ Key: 'kind', Value: 'scp' }],
        }),
      );
      const policyId = policy.Policy!.PolicySummary!.Id!;
      assert.deepEqual((await org.client.send(new ListTagsForResourceCommand({ ResourceId: policyId }))).Tags, [{ Key: 'kind', Value: 'scp' }]);
      assert.deepEqual((await org.client.send(new ListTagsForResourceCommand({ ResourceId: ou!.Id! }))).Tags, [{ Key: 'created', Value: 'with-ou' }]);

      for (const resource of [org.rootId, ou!.Id!, member.accountId, policyId]) {
        await org.client.send(new TagResourceCommand({ ResourceId: resource, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'a' }] }));
        await org.client.send(new TagResourceCommand({ ResourceId: resource, Tags: [{ Key: 'team', Value: 'b' }] }));
        await org.client.send(new UntagResourceCommand({ ResourceId: resource, TagKeys: ['env'] }));
        const tags = (await org.client.send(new ListTagsForResourceCommand({ ResourceId: resource }))).Tags!;
        assert.deepEqual(tags.find((tag) => tag.Key === 'team'), { Key: 'team', Value: 'b' }, resource);
        assert.equal(tags.find((tag) => tag.Key === 'env'), undefined, resource);
      }

      const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: String(i) }));
      await org.client.send(new TagResourceCommand({ ResourceId: org.rootId, Tags: fifty.slice(0, 49) }));
      await rejects(
        org.client.send(new TagResourceCommand({ ResourceId: org.rootId, Tags: fifty.slice(49) })),
        'ConstraintViolationException',
        'MAX_TAG_LIMIT_EXCEEDED',
      );
      await rejects(
        org.client.send(new TagResourceCommand({ ResourceId: ou!.Id!, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] })),
        'InvalidInputException',
        'DUPLICATE_TAG_KEY',
      );
      await rejects(
        org.client.send(new TagResourceCommand({ ResourceId: ou!.Id!, Tags: [{ Key: 'aws:owner', Value: 'x' }] })),
        'InvalidInputException',
        'INVALID_SYSTEM_TAGS_PARAMETER',
      );
      await rejects(
        org.client.send(new TagResourceCommand({ ResourceId: '000000000000', Tags: [{ Key: 'a', Value: 'b' }] })),
        'TargetNotFoundException',
      );
      await rejects(org.client.send(new ListTagsForResourceCommand({ ResourceId: 'p-doesnotexist' })), 'TargetNotFoundException');
      await rejects(org.client.send(new ListTagsForResourceCommand({ ResourceId: ou!.Id!, NextToken: 'nope' })), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
      await rejects(member.client.send(new TagResourceCommand({ ResourceId: ou!.Id!, Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDeniedException');
    });

    it('lists accounts with an invalid effective policy and an account\'s validation errors', async () => {
      const listed = await org.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' }));
      assert.deepEqual(listed.Accounts, []);
      assert.equal(listed.PolicyType, 'TAG_POLICY');
      await rejects(
        org.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: member.accountId, PolicyType: 'TAG_POLICY' })),
        'EffectivePolicyNotFoundException',
      );
      await rejects(
        org.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: '000000000000', PolicyType: 'TAG_POLICY' })),
        'AccountNotFoundException',
      );
      await rejects(member.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' })), 'AccessDeniedException');

      // A tag policy on the root forbids children to change a key; one on the member tries to.
      await org.client.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: 'TAG_POLICY' }));
      const tagPolicy = async (name: string, document: unknown, target: string) => {
        const created = await org.client.send(
          new CreatePolicyCommand({ Name: name, Description: name, Type: 'TAG_POLICY', Content: JSON.stringify(document) }),
        );
        await org.client.send(new AttachPolicyCommand({ PolicyId: created.Policy!.PolicySummary!.Id!, TargetId: target }));
        return created.Policy!.PolicySummary!.Id!;
      };
      const locked = await tagPolicy(
        'locked',
        { tags: { project: { tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' } } } },
        org.rootId,
      );
      const overriding = await tagPolicy('overriding', { tags: { project: { tag_key: { '@@assign': 'PROJECT' } } } }, member.accountId);
      const invalid = await org.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', MaxResults: 5 }));
      assert.deepEqual(invalid.Accounts!.map((a) => a.Id), [member.accountId]);
      const errors = await org.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: member.accountId, PolicyType: 'TAG_POLICY' }));
      assert.equal(errors.AccountId, member.accountId);
      assert.equal(errors.Path, `${org.organizationId}/${org.rootId}/${member.accountId}/`);
      assert.ok(errors.EvaluationTimestamp instanceof Date);
      assert.ok(errors.EffectivePolicyValidationErrors!.length >= 1);
      const contributing = errors.EffectivePolicyValidationErrors!.flatMap((e) => e.ContributingPolicies ?? []);
      assert.ok(contributing.includes(overriding) || contributing.includes(locked), JSON.stringify(errors.EffectivePolicyValidationErrors));
      const valid = await org.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: org.accountId, PolicyType: 'TAG_POLICY' }));
      assert.deepEqual(valid.EffectivePolicyValidationErrors, []);
    });
  });
}
