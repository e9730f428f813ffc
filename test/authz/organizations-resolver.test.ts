// What the authorize step asks the policy engine about Organizations calls: resources in the ARN forms of the Service
// Authorization Reference (the management account and organization in every ARN; policies by type; the AWS-managed
// policy's own form) and the condition keys the Reference lists, filled from the store by the service's resolver.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  InviteOrganizationToTransferResponsibilityCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-organizations';
import type { Principal } from '../../src/aws/auth/principal.js';
import { resolverNames } from '../../src/services/organizations/authz.js';
import { createAccount, foundOrganization, standalone, type Actor, type Founded } from '../organizations/support.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { assertEveryNameAnswered, principalOf, probe, type AuthzProbe } from './recording.js';

for (const database of testDatabases) {
  describe(`authz resolver: organizations (${database.name})`, () => {
    let t: TestServer;
    let authz: AuthzProbe;
    let org: Founded;
    let management: Principal;
    let memberId: string;
    let ouId: string;
    let policyId: string;
    let resourcePolicyId: string;
    let invitee: Actor;
    let inviteeRoot: Principal;
    let handshakeId: string;
    let other: Founded;
    let otherRoot: Principal;
    let transferId: string;
    const arn = (rest: string) => `arn:aws:organizations::${org.accountId}:${rest}`;

    before(async () => {
      t = await startTestServer(database);
      authz = probe(t, 'organizations');
      org = await foundOrganization(t, 'Management');
      management = await principalOf(t, org.credentials.accessKeyId);
      memberId = await createAccount(org.client, { AccountName: 'Member' });
      ouId = (await org.client.send(new CreateOrganizationalUnitCommand({ ParentId: org.rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
      await org.client.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
      const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] });
      const policy = await org.client.send(
        new CreatePolicyCommand({ Name: 'NoS3', Description: 'no s3', Type: 'SERVICE_CONTROL_POLICY', Content: content }),
      );
      policyId = policy.Policy!.PolicySummary!.Id!;
      const resourcePolicy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${memberId}:root` }, Action: 'organizations:Describe*', Resource: '*' }],
      });
      resourcePolicyId = (await org.client.send(new PutResourcePolicyCommand({ Content: resourcePolicy }))).ResourcePolicy!.ResourcePolicySummary!.Id!;
      invitee = await standalone(t, 'Invitee');
      inviteeRoot = await principalOf(t, invitee.credentials.accessKeyId);
      const invitation = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: invitee.accountId, Type: 'ACCOUNT' } }));
      handshakeId = invitation.Handshake!.Id!;
      other = await foundOrganization(t, 'Other');
      otherRoot = await principalOf(t, other.credentials.accessKeyId);
      const now = new Date();
      const transfer = await org.client.send(
        new InviteOrganizationToTransferResponsibilityCommand({
          Type: 'BILLING',
          Target: { Id: other.accountId, Type: 'ACCOUNT' },
          StartTimestamp: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
          SourceName: 'Other billing',
        }),
      );
      transferId = transfer.Handshake!.Resources!.find((r) => r.Type === 'RESPONSIBILITY_TRANSFER')!.Value!;
    });
    after(async () => t.close());

    it('DescribeAccount: the account under the management account and the organization', async () => {
      assert.deepEqual(await authz.request('DescribeAccount', { AccountId: memberId }, management), {
        action: 'organizations:DescribeAccount',
        resources: [arn(`account/${org.organizationId}/${memberId}`)],
        context: {},
      });
    });

    it('AttachPolicy: the policy by its type and the target (OU, account, root), with organizations:PolicyType', async () => {
      const scp = { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' };
      assert.deepEqual(await authz.request('AttachPolicy', { PolicyId: policyId, TargetId: ouId }, management), {
        action: 'organizations:AttachPolicy',
        resources: [arn(`policy/${org.organizationId}/service_control_policy/${policyId}`), arn(`ou/${org.organizationId}/${ouId}`)],
        context: scp,
      });
      assert.deepEqual((await authz.request('AttachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: memberId }, management)), {
        action: 'organizations:AttachPolicy',
        resources: ['arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', arn(`account/${org.organizationId}/${memberId}`)],
        context: scp,
      });
      const onRoot = await authz.request('AttachPolicy', { PolicyId: policyId, TargetId: org.rootId }, management);
      assert.deepEqual(onRoot.resources[1], arn(`root/${org.organizationId}/${org.rootId}`));
    });

    it('a policy or target that does not exist authorizes against * and supplies no PolicyType', async () => {
      assert.deepEqual(await authz.request('AttachPolicy', { PolicyId: 'p-0000000000', TargetId: 'ou-zzzz-00000000' }, management), {
        action: 'organizations:AttachPolicy',
        resources: ['*'],
        context: {},
      });
    });

    it('CreatePolicy: the new policy of its type under the organization, with the request\'s PolicyType and tags', async () => {
      const request = await authz.request(
        'CreatePolicy',
        { Name: 'x', Description: 'x', Type: 'TAG_POLICY', Content: '{}', Tags: [{ Key: 'team', Value: 'platform' }] },
        management,
      );
      assert.deepEqual(request, {
        action: 'organizations:CreatePolicy',
        resources: [arn(`policy/${org.organizationId}/tag_policy/*`)],
        context: { 'organizations:PolicyType': 'TAG_POLICY', 'aws:RequestTag/team': 'platform', 'aws:TagKeys': ['team'] },
      });
    });

    it('MoveAccount: the account and both parents; ListParents: the child', async () => {
      const move = await authz.request('MoveAccount', { AccountId: memberId, SourceParentId: org.rootId, DestinationParentId: ouId }, management);
      assert.deepEqual(move.resources, [
        arn(`account/${org.organizationId}/${memberId}`),
        arn(`root/${org.organizationId}/${org.rootId}`),
        arn(`ou/${org.organizationId}/${ouId}`),
      ]);
      assert.deepEqual((await authz.request('ListParents', { ChildId: ouId }, management)).resources, [arn(`ou/${org.organizationId}/${ouId}`)]);
      assert.deepEqual((await authz.request('ListChildren', { ParentId: ouId, ChildType: 'ACCOUNT' }, management)).resources, [
        arn(`ou/${org.organizationId}/${ouId}`),
      ]);
    });

    it('DescribeEffectivePolicy without a TargetId: the caller\'s own account', async () => {
      assert.deepEqual(await authz.request('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY' }, management), {
        action: 'organizations:DescribeEffectivePolicy',
        resources: [arn(`account/${org.organizationId}/${org.accountId}`)],
        context: { 'organizations:PolicyType': 'TAG_POLICY' },
      });
    });

    it('TagResource and ListTagsForResource: the resource the id names, a policy with its type', async () => {
      assert.deepEqual(await authz.request('TagResource', { ResourceId: policyId, Tags: [{ Key: 'k', Value: 'v' }] }, management), {
        action: 'organizations:TagResource',
        resources: [arn(`policy/${org.organizationId}/service_control_policy/${policyId}`)],
        context: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY', 'aws:RequestTag/k': 'v', 'aws:TagKeys': ['k'] },
      });
      const list = (id: string) => authz.request('ListTagsForResource', { ResourceId: id }, management);
      assert.deepEqual((await list(resourcePolicyId)).resources, [arn(`resourcepolicy/${org.organizationId}/${resourcePolicyId}`)]);
      assert.deepEqual((await list(org.rootId)).resources, [arn(`root/${org.organizationId}/${org.rootId}`)]);
      assert.deepEqual((await list(memberId)).resources, [arn(`account/${org.organizationId}/${memberId}`)]);
      assert.deepEqual((await list(transferId)).resources, [arn(`transfer/${org.organizationId}/billing/inbound/${transferId}`)]);
      assert.deepEqual((await list('999999999999')).resources, ['*'], 'an account outside the organization');
    });

    it('PutResourcePolicy: the organization\'s resource policy', async () => {
      assert.deepEqual((await authz.request('PutResourcePolicy', { Content: '{}' }, management)).resources, [
        arn(`resourcepolicy/${org.organizationId}/${resourcePolicyId}`),
      ]);
    });

    it('InviteAccountToOrganization: the invited account under the inviting organization', async () => {
      const request = await authz.request('InviteAccountToOrganization', { Target: { Id: '444455556666', Type: 'ACCOUNT' } }, management);
      assert.deepEqual(request.resources, [arn(`account/${org.organizationId}/444455556666`)]);
      const byEmail = await authz.request('InviteAccountToOrganization', { Target: { Id: 'a@example.com', Type: 'EMAIL' } }, management);
      assert.deepEqual(byEmail.resources, ['*']);
    });

    it('AcceptHandshake by an invitee in no organization: the handshake under the organization that sent it', async () => {
      assert.deepEqual(await authz.request('AcceptHandshake', { HandshakeId: handshakeId }, inviteeRoot), {
        action: 'organizations:AcceptHandshake',
        resources: [arn(`handshake/${org.organizationId}/invite/${handshakeId}`)],
        context: {},
      });
    });

    it('a responsibility transfer as each side sees it, with its type and direction', async () => {
      assert.deepEqual(await authz.request('DescribeResponsibilityTransfer', { Id: transferId }, management), {
        action: 'organizations:DescribeResponsibilityTransfer',
        resources: [arn(`transfer/${org.organizationId}/billing/inbound/${transferId}`)],
        context: { 'organizations:TransferType': 'BILLING', 'organizations:TransferDirection': 'INBOUND' },
      });
      assert.deepEqual(await authz.request('DescribeResponsibilityTransfer', { Id: transferId }, otherRoot), {
        action: 'organizations:DescribeResponsibilityTransfer',
        resources: [`arn:aws:organizations::${other.accountId}:transfer/${other.organizationId}/billing/outbound/${transferId}`],
        context: { 'organizations:TransferType': 'BILLING', 'organizations:TransferDirection': 'OUTBOUND' },
      });
    });

    it('a caller in no organization: every organization ARN is *', async () => {
      assert.deepEqual((await authz.request('DescribeAccount', { AccountId: memberId }, inviteeRoot)).resources, ['*']);
    });

    it('answers every resolver name authz.ts lists, for a representative input', async () => {
      const service = t.server.services.find((s) => s.id === 'organizations')!;
      await assertEveryNameAnswered(service, resolverNames, management, {
        ManagementAccountId: {},
        OrganizationId: {},
        PolicyArn: { PolicyId: policyId },
        TargetArn: { TargetId: memberId },
        HandshakeArn: { HandshakeId: handshakeId },
        ParentArn: { ParentId: ouId },
        PolicyTypePath: { Type: 'SERVICE_CONTROL_POLICY' },
        InvitedAccountArn: { Target: { Id: invitee.accountId, Type: 'ACCOUNT' } },
        ChildArn: { ChildId: memberId },
        ResourceArn: { ResourceId: ouId },
        NamedPolicyType: { ResourceId: policyId },
        NamedTransferType: { Id: transferId },
        NamedTransferDirection: { Id: transferId },
        ResponsibilityTransferArn: { Id: transferId },
        SourceParentArn: { SourceParentId: org.rootId },
        DestinationParentArn: { DestinationParentId: ouId },
        ResourcePolicyId: {},
      });
    });
  });
}
