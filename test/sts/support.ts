import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { Credentials as StsCredentials, STSClient } from '@aws-sdk/client-sts';
import { iam, sts } from '../iam/support.js';
import type { Credentials } from '../organizations/support.js';
import type { TestServer } from '../support/servers.js';

// Helpers for the STS suites: an IAM user allowed the STS actions, roles whose trust and permissions policies allow
// what the tests do (so the suites hold once the authorize step evaluates trust policies), and SDK v3 clients for the
// sessions STS issues.

/** What a caller needs to call STS: the actions these suites use, on every resource. */
export const stsPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetFederationToken', 'sts:DecodeAuthorizationMessage', 'sts:GetAccessKeyInfo'],
      Resource: '*',
    },
  ],
};

/** A trust policy letting principals of these accounts assume the role, tag the session and set a source identity. */
export const trustAccounts = (...accountIds: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: accountIds.map((id) => `arn:aws:iam::${id}:root`) },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
    },
  ],
});

export interface StsUser {
  readonly arn: string;
  readonly credentials: Credentials;
  readonly sts: STSClient;
}

/** An IAM user of the account `admin` acts in, allowed the STS actions, with an access key. */
export async function stsUser(t: TestServer, admin: IAMClient, name: string): Promise<StsUser> {
  const user = (await admin.send(new CreateUserCommand({ UserName: name }))).User!;
  await admin.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'sts', PolicyDocument: JSON.stringify(stsPolicy) }));
  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  return { arn: user.Arn!, credentials, sts: sts(t.url, credentials) };
}

/** A role trusting the accounts given, allowed the STS actions itself (to chain); returns its ARN and id. */
export async function stsRole(
  admin: IAMClient,
  name: string,
  trusted: readonly string[],
  options: { readonly path?: string; readonly maxSessionDuration?: number } = {},
): Promise<{ readonly arn: string; readonly roleId: string }> {
  const role = (
    await admin.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: options.path,
        MaxSessionDuration: options.maxSessionDuration,
        AssumeRolePolicyDocument: JSON.stringify(trustAccounts(...trusted)),
      }),
    )
  ).Role!;
  await admin.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'sts', PolicyDocument: JSON.stringify(stsPolicy) }));
  return { arn: role.Arn!, roleId: role.RoleId! };
}

/** SDK credentials of a session STS issued. */
export const sessionCredentials = (c: StsCredentials) => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

/** An STS client signing with a session STS issued. */
export function sessionSts(t: TestServer, c: StsCredentials): STSClient {
  return sts(t.url, sessionCredentials(c));
}

export { iam, sts };
