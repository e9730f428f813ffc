import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam, identityPolicy } from './support.js';

// Every IAM write that stores a policy checks it with the policy engine's validation, for the document's use, and
// answers MalformedPolicyDocument with IAM's words; what IAM stores anyway (unknown actions) is stored. Driven by
// SDK v3 against a listening server.

const json = (value: unknown) => JSON.stringify(value);
const trust = (statement: Record<string, unknown>) =>
  json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', ...statement }] });
const MALFORMED = 'MalformedPolicyDocumentException';

async function malformed(promise: Promise<unknown>, message: string): Promise<void> {
  const f = await rejects(promise, MALFORMED);
  assert.equal(f.message, message);
}

for (const database of testDatabases) {
  describe(`iam: policy documents checked on write (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('customer managed policies: CreatePolicy and CreatePolicyVersion', async () => {
      const a = await standalone(t, 'IamValidateManaged');
      const client = iam(t.url, a.credentials);
      await malformed(client.send(new CreatePolicyCommand({ PolicyName: 'P', PolicyDocument: '{"Statement":' })), 'Syntax errors in policy.');
      await malformed(
        client.send(new CreatePolicyCommand({ PolicyName: 'P', PolicyDocument: json({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) })),
        'Policy document must be version 2012-10-17 or greater.',
      );
      await malformed(
        client.send(new CreatePolicyCommand({ PolicyName: 'P', PolicyDocument: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }) })),
        'Policy document should not specify a principal.',
      );
      await malformed(
        client.send(new CreatePolicyCommand({ PolicyName: 'P', PolicyDocument: json(identityPolicy('s3:GetObject', 'my-bucket')) })),
        'Resource my-bucket must be in ARN format or "*".',
      );
      await malformed(
        client.send(
          new CreatePolicyCommand({
            PolicyName: 'P',
            PolicyDocument: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { 'aws:RequestedRegion': 'eu-west-1' } } }] }),
          }),
        ),
        'Syntax errors in policy.',
      );
      // IAM stores actions it does not know
      const created = (await client.send(new CreatePolicyCommand({ PolicyName: 'Future', PolicyDocument: json(identityPolicy('s3:GetObjectFromTheFuture')) }))).Policy!;
      await malformed(
        client.send(new CreatePolicyVersionCommand({ PolicyArn: created.Arn!, PolicyDocument: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }) })),
        'Policy statement must contain resources.',
      );
      await client.send(new CreatePolicyVersionCommand({ PolicyArn: created.Arn!, PolicyDocument: json(identityPolicy('s3:*')) }));
    });

    it('inline policies of roles, users and groups', async () => {
      const a = await standalone(t, 'IamValidateInline');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateRoleCommand({ RoleName: 'App', AssumeRolePolicyDocument: trust({}) }));
      await client.send(new CreateUserCommand({ UserName: 'alice' }));
      await client.send(new CreateGroupCommand({ GroupName: 'devs' }));
      const noVendor = json({ Statement: [{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }] });
      const vendor = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
      await malformed(client.send(new PutRolePolicyCommand({ RoleName: 'App', PolicyName: 'p', PolicyDocument: noVendor })), vendor);
      await malformed(client.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: noVendor })), vendor);
      await malformed(client.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'p', PolicyDocument: noVendor })), vendor);
      await malformed(
        client.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: json({ Statement: [{ Effect: 'allow', Action: 's3:*', Resource: '*' }] }) })),
        'The policy failed legacy parsing',
      );
      // inline policies may leave Version out
      const noVersion = json({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
      await client.send(new PutRolePolicyCommand({ RoleName: 'App', PolicyName: 'p', PolicyDocument: noVersion }));
      await client.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: noVersion }));
      await client.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'p', PolicyDocument: noVersion }));
    });

    it('trust policies: CreateRole and UpdateAssumeRolePolicy', async () => {
      const a = await standalone(t, 'IamValidateTrust');
      const client = iam(t.url, a.credentials);
      const create = (document: string) => client.send(new CreateRoleCommand({ RoleName: 'R', AssumeRolePolicyDocument: document }));
      await malformed(create(trust({ Action: 's3:GetObject' })), 'AssumeRole policy may only specify STS AssumeRole actions.');
      await malformed(create(trust({ Resource: '*' })), 'Has prohibited field Resource');
      await malformed(create(trust({ Principal: undefined })), 'Missing required field Principal');
      await malformed(create(trust({ Principal: { AWS: 'not-an-account' } })), 'Invalid principal in policy: "AWS":"not-an-account"');
      await malformed(create(trust({ Principal: { Service: 'ec2' } })), 'Invalid principal in policy: "SERVICE":"ec2"');
      const session = trust({ Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] });
      await create(session);
      await malformed(client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'R', PolicyDocument: trust({ Action: 'iam:PassRole' }) })), 'AssumeRole policy may only specify STS AssumeRole actions.');
      const role = (await client.send(new GetRoleCommand({ RoleName: 'R' }))).Role!;
      assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), session);
    });
  });
}
