import assert from 'node:assert/strict';
import { CreateInstanceCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { TestServer } from '../support/servers.js';
import { foundOrganization, type Credentials, type Founded } from '../organizations/support.js';

// Helpers for the sso-admin suites: a real SDK v3 client, an organization with Identity Center enabled, and waiting
// out an asynchronous request.

export function ssoAdmin(url: string, credentials: Credentials): SSOAdminClient {
  return new SSOAdminClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export interface Enabled extends Founded {
  readonly sso: SSOAdminClient;
  readonly instanceArn: string;
}

/** A new organization (all features) whose management account has created its Identity Center instance. */
export async function enabledOrganization(t: TestServer, name: string): Promise<Enabled> {
  const org = await foundOrganization(t, name);
  const sso = ssoAdmin(t.url, org.credentials);
  const out = await sso.send(new CreateInstanceCommand({ Name: name }));
  return { ...org, sso, instanceArn: out.InstanceArn! };
}

/** Reads a request's status until it leaves IN_PROGRESS (10 s at most). */
export async function poll<T extends { Status?: string | undefined }>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await read();
    if (status.Status !== 'IN_PROGRESS') return status;
    if (Date.now() > deadline) assert.fail('request still IN_PROGRESS after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
