import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  OrganizationsClient,
  type CreateAccountCommandInput,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import type { TestServer } from '../support/servers.js';

// Helpers for the Organizations suites: real SDK v3 clients signed with real keys, error expectations by the error's
// wire name and Reason, and accounts that exist outside any organization (created through the IAM domain, each with
// its own root key) to found organizations, be invited and act as members.

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export function organizations(url: string, credentials: Credentials): OrganizationsClient {
  return new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export interface Failure {
  readonly name: string;
  readonly message: string;
  readonly reason: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  /** The error response's headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The error a call fails with; fails the test when it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { Reason?: string; $metadata?: { httpStatusCode?: number; requestId?: string }; $response?: { headers?: Record<string, string> } };
    return { name: e.name, message: e.message, reason: e.Reason, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId, headers: e.$response?.headers ?? {} };
  }
  assert.fail('expected the call to fail');
}

/** Asserts the call fails with this error name (and Reason, when given). */
export async function rejects(promise: Promise<unknown>, name: string, reason?: string): Promise<Failure> {
  const f = await failure(promise);
  assert.equal(f.name, name, `expected ${name}${reason ? ` (${reason})` : ''}, got ${f.name}: ${f.message}`);
  if (reason !== undefined) assert.equal(f.reason, reason, `expected Reason ${reason}, got ${f.reason}: ${f.message}`);
  return f;
}

export const unique = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;
export const email = (name: string): string => `${unique(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'))}@example.com`;

export interface Actor {
  readonly accountId: string;
  readonly credentials: Credentials;
  readonly client: OrganizationsClient;
}

/** A standalone account with its own root key: a future management account, invitee or member. */
export async function standalone(t: TestServer, name: string): Promise<Actor> {
  const created = await t.server.iam.createStandaloneAccount({ name, email: email(name) });
  const credentials = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
  return { accountId: created.accountId, credentials, client: organizations(t.url, credentials) };
}

export interface Founded extends Actor {
  readonly organizationId: string;
  readonly rootId: string;
}

/** A new organization whose management account is a new standalone account. */
export async function foundOrganization(t: TestServer, name: string, featureSet: 'ALL' | 'CONSOLIDATED_BILLING' = 'ALL'): Promise<Founded> {
  const actor = await standalone(t, name);
  const out = await actor.client.send(new CreateOrganizationCommand({ FeatureSet: featureSet }));
  const roots = await actor.client.send(new ListRootsCommand({}));
  return { ...actor, organizationId: out.Organization!.Id!, rootId: roots.Roots![0]!.Id! };
}

/** Polls DescribeCreateAccountStatus until the request leaves IN_PROGRESS. */
export async function settled(client: OrganizationsClient, requestId: string, timeoutMs = 10_000): Promise<CreateAccountStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }));
    const status = out.CreateAccountStatus!;
    if (status.State !== 'IN_PROGRESS') return status;
    if (Date.now() > deadline) assert.fail(`account creation ${requestId} still IN_PROGRESS after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** CreateAccount, then waits for it: the new account's id. */
export async function createAccount(client: OrganizationsClient, input: Partial<CreateAccountCommandInput> & { AccountName: string }): Promise<string> {
  const out = await client.send(new CreateAccountCommand({ Email: email(input.AccountName), ...input }));
  const status = await settled(client, out.CreateAccountStatus!.Id!);
  assert.equal(status.State, 'SUCCEEDED', status.FailureReason);
  return status.AccountId!;
}

/** Every page of a paginated call, following NextToken. */
export async function allPages<T, O extends { NextToken?: string | undefined }>(
  call: (token: string | undefined) => Promise<O>,
  items: (out: O) => readonly T[] | undefined,
): Promise<{ items: T[]; pages: number }> {
  const out: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await call(token);
    pages++;
    out.push(...(items(page) ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return { items: out, pages };
}
