import assert from 'node:assert/strict';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { CreateInstanceCommand, DescribeInstanceCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { TestServer } from '../support/servers.js';
import { organizations, standalone, type Credentials } from '../organizations/support.js';

// Helpers for the identity store suites: an organization with an Identity Center instance (the identity store comes
// with it, through the real sso-admin client), and SDK v3 identitystore clients for its owner and for an outsider.

export { allPages, rejects, unique } from '../organizations/support.js';

/** The error a call fails with, with the error shape's members (Reason, ResourceType, ResourceId); fails the test
 * when the call succeeds or fails with another error name. */
export async function failsWith(promise: Promise<unknown>, name: string, fields: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    for (const [key, value] of Object.entries(fields)) assert.equal(e[key], value, `${name}.${key}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${name}`);
}

export function identitystore(url: string, credentials: Credentials): IdentitystoreClient {
  return new IdentitystoreClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export interface Directory {
  readonly identityStoreId: string;
  readonly instanceArn: string;
  /** The management account's client: the store's owner. */
  readonly client: IdentitystoreClient;
  /** A standalone account's client: not the owner. */
  readonly outsider: IdentitystoreClient;
}

/** CreateOrganization as the server's management account, then CreateInstance: the instance's identity store. */
export async function enableIdentityCenter(t: TestServer): Promise<Directory> {
  await organizations(t.url, t.root).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const ssoAdmin = new SSOAdminClient({ endpoint: t.url, region: 'us-east-1', credentials: t.root, maxAttempts: 1 });
  const { InstanceArn } = await ssoAdmin.send(new CreateInstanceCommand({ Name: 'gatehouse' }));
  const described = await ssoAdmin.send(new DescribeInstanceCommand({ InstanceArn: InstanceArn! }));
  const outsider = await standalone(t, 'Outsider');
  return {
    identityStoreId: described.IdentityStoreId!,
    instanceArn: InstanceArn!,
    client: identitystore(t.url, t.root),
    outsider: identitystore(t.url, outsider.credentials),
  };
}
