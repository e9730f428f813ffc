import { randomBytes } from 'node:crypto';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Credentials } from '../organizations/support.js';
import type { TestServer } from '../support/servers.js';

// Helpers for the IAM suites: a real SDK v3 client, and IAM users and groups written straight into the store (their
// own API is another topic's; the policy suites only need them to exist).

export function iam(url: string, credentials: Credentials & { readonly sessionToken?: string }): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const iamId = (prefix: string) => prefix + [...randomBytes(17)].map((b) => base32[b % 32]).join('');

export interface EntityOptions {
  readonly path?: string;
  /** Users only: the managed policy ARN of the permissions boundary. */
  readonly boundary?: string;
}

/** An IAM user row in an account; returns its id (AIDA...). */
export async function insertUser(t: TestServer, accountId: string, name: string, options: EntityOptions = {}): Promise<string> {
  const path = options.path ?? '/';
  const id = iamId('AIDA');
  await t.server.store.db
    .insertInto('iam_users')
    .values({
      id,
      account_id: accountId,
      name,
      name_lower: name.toLowerCase(),
      path,
      arn: `arn:aws:iam::${accountId}:user${path}${name}`,
      created_at: Date.now(),
      permissions_boundary: options.boundary ?? null,
      password_hash: null,
      password_reset_required: null,
      password_created_at: null,
    })
    .execute();
  return id;
}

/** An IAM group row in an account; returns its id (AGPA...). */
export async function insertGroup(t: TestServer, accountId: string, name: string, options: EntityOptions = {}): Promise<string> {
  const path = options.path ?? '/';
  const id = iamId('AGPA');
  await t.server.store.db
    .insertInto('iam_groups')
    .values({ id, account_id: accountId, name, name_lower: name.toLowerCase(), path, arn: `arn:aws:iam::${accountId}:group${path}${name}`, created_at: Date.now() })
    .execute();
  return id;
}
