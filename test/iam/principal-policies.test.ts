import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetUserCommand,
  ListAccountAliasesCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListSAMLProvidersCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam } from './support.js';

// The authorize step decides an IAM user's calls by everything IAM holds for it, read in one go: its inline policy,
// eight customer managed policies attached to it, its group's inline policy, customer managed policies (one of them
// the user's too, one an explicit Deny) and an AWS managed policy, and its permissions boundary. A detached policy, a
// new default version and a new boundary take effect at the next call; SimulatePrincipalPolicy, which reads the same
// policies, agrees with the calls.

const json = (value: unknown) => JSON.stringify(value);
const allow = (action: string) => json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/** The actions the user's eight managed policies allow, one each (the last is a write the boundary will stop). */
const ownActions = ['iam:ListRoles', 'iam:ListUsers', 'iam:ListGroups', 'iam:ListPolicies', 'iam:GetAccountSummary', 'iam:ListAccountAliases', 'iam:ListSAMLProviders', 'iam:CreateGroup'];

for (const database of testDatabases) {
  describe(`iam: a user's own and its groups' policies decide its calls (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('eight attached policies, a group with managed and inline policies, a Deny, a boundary; changes take effect', async () => {
      const a = await standalone(t, 'ManyPolicies');
      const admin = iam(t.url, a.credentials);
      const userArn = (await admin.send(new CreateUserCommand({ UserName: 'builder' }))).User!.Arn!;
      const created = (await admin.send(new CreateAccessKeyCommand({ UserName: 'builder' }))).AccessKey!;
      const builder = iam(t.url, { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! });

      const policyArn = async (name: string, document: string) => (await admin.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
      const own: string[] = [];
      for (const [i, action] of ownActions.entries()) own.push(await policyArn(`own-${i}`, allow(action)));
      for (const arn of own) await admin.send(new AttachUserPolicyCommand({ UserName: 'builder', PolicyArn: arn }));
      await admin.send(new PutUserPolicyCommand({ UserName: 'builder', PolicyName: 'self', PolicyDocument: allow('iam:GetUser') }));

      await admin.send(new CreateGroupCommand({ GroupName: 'builders' }));
      await admin.send(new AddUserToGroupCommand({ GroupName: 'builders', UserName: 'builder' }));
      const denyListPolicies = await policyArn('deny-list-policies', json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListPolicies', Resource: '*' }] }));
      for (const arn of [own[0]!, denyListPolicies, await policyArn('mfa-devices', allow('iam:ListVirtualMFADevices')), 'arn:aws:iam::aws:policy/IAMUserChangePassword']) {
        await admin.send(new AttachGroupPolicyCommand({ GroupName: 'builders', PolicyArn: arn }));
      }
      await admin.send(new PutGroupPolicyCommand({ GroupName: 'builders', PolicyName: 'see-group', PolicyDocument: allow('iam:GetGroup') }));

      /** Each call, by the action it needs: whether the authorize step let it through (the operation may still fail). */
      const calls: Record<string, () => Promise<unknown>> = {
        'iam:ListRoles': () => builder.send(new ListRolesCommand({})),
        'iam:ListUsers': () => builder.send(new ListUsersCommand({})),
        'iam:ListGroups': () => builder.send(new ListGroupsCommand({})),
        'iam:ListPolicies': () => builder.send(new ListPoliciesCommand({})),
        'iam:GetAccountSummary': () => builder.send(new GetAccountSummaryCommand({})),
        'iam:ListAccountAliases': () => builder.send(new ListAccountAliasesCommand({})),
        'iam:ListSAMLProviders': () => builder.send(new ListSAMLProvidersCommand({})),
        'iam:ListVirtualMFADevices': () => builder.send(new ListVirtualMFADevicesCommand({})),
        'iam:GetUser': () => builder.send(new GetUserCommand({})),
        'iam:GetGroup': () => builder.send(new GetGroupCommand({ GroupName: 'builders' })),
        // IAMUserChangePassword (AWS managed, the group's): there is no password policy, so NoSuchEntity once allowed
        'iam:GetAccountPasswordPolicy': () => builder.send(new GetAccountPasswordPolicyCommand({})),
        'iam:CreateUser': () => builder.send(new CreateUserCommand({ UserName: 'not-allowed' })),
      };
      const decisions = async (): Promise<Record<string, boolean>> => {
        const out: Record<string, boolean> = {};
        for (const [action, call] of Object.entries(calls)) {
          out[action] = await call().then(
            () => true,
            (error: Error) => error.name !== 'AccessDenied',
          );
        }
        return out;
      };
      const simulated = async (): Promise<Record<string, boolean>> => {
        const out = await admin.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: [...Object.keys(calls), 'iam:CreateGroup'], ResourceArns: ['*'] }));
        return Object.fromEntries(out.EvaluationResults!.map((r) => [r.EvalActionName!, r.EvalDecision === 'allowed']));
      };
      const expected = (changes: Record<string, boolean>) => ({
        ...Object.fromEntries(Object.keys(calls).map((action) => [action, true])),
        'iam:ListPolicies': false, // the group's Deny beats own-3's Allow
        'iam:CreateUser': false, // nothing allows it
        ...changes,
      });

      // simulated first: a real CreateGroup would make a group
      assert.deepEqual(await simulated(), { ...expected({}), 'iam:CreateGroup': true });
      await builder.send(new CreateGroupCommand({ GroupName: 'made-by-builder' }));
      assert.deepEqual(await decisions(), expected({}));

      // detached from the user, ListUsers is allowed by nothing; own-0 (ListRoles) is the group's too and stays
      await admin.send(new DetachUserPolicyCommand({ UserName: 'builder', PolicyArn: own[1]! }));
      await admin.send(new DetachUserPolicyCommand({ UserName: 'builder', PolicyArn: own[0]! }));
      // a new default version of own-2 allows GetUser (allowed already) instead of ListGroups
      await admin.send(new CreatePolicyVersionCommand({ PolicyArn: own[2]!, PolicyDocument: allow('iam:GetUser'), SetAsDefault: true }));
      // a boundary of reads only: CreateGroup (own-7) is stopped, and the group's Deny still wins
      await admin.send(new PutUserPermissionsBoundaryCommand({ UserName: 'builder', PermissionsBoundary: await policyArn('reads-only', allow('iam:List*')) }));
      const now = expected({
        'iam:ListUsers': false,
        'iam:ListGroups': false,
        'iam:GetAccountSummary': false,
        'iam:GetUser': false,
        'iam:GetGroup': false,
        'iam:GetAccountPasswordPolicy': false,
      });
      assert.deepEqual(await decisions(), now);
      assert.deepEqual(await simulated(), { ...now, 'iam:CreateGroup': false });
      await rejects(builder.send(new CreateGroupCommand({ GroupName: 'second' })), 'AccessDenied');
    });
  });
}
