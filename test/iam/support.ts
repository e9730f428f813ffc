import { randomBytes } from 'node:crypto';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { iamId } from '../../src/services/iam/ids.js';
import type { Credentials } from '../organizations/support.js';
import type { TestServer } from '../support/servers.js';

/** Long-term keys, or a session's with its token. */
type AnyCredentials = Credentials & { readonly sessionToken?: string };

// Real SDK v3 clients for the IAM suites, one attempt each (a retried call would hide the first answer), and IAM
// users and groups written straight into the store for suites that only need them to exist.

export function iam(url: string, credentials: AnyCredentials): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function sts(url: string, credentials: AnyCredentials): STSClient {
  return new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export const identityPolicy = (action: string, resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});

const newId = (prefix: string) => iamId(prefix, randomBytes(17));

export interface EntityOptions {
  readonly path?: string;
  /** Users only: the managed policy ARN of the permissions boundary. */
  readonly boundary?: string;
}

/** An IAM user row in an account; returns its id (AIDA...). */
export async function insertUser(t: TestServer, accountId: string, name: string, options: EntityOptions = {}): Promise<string> {
  const path = options.path ?? '/';
  const id = newId('AIDA');
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
  const id = newId('AGPA');
  await t.server.store.db
    .insertInto('iam_groups')
    .values({ id, account_id: accountId, name, name_lower: name.toLowerCase(), path, arn: `arn:aws:iam::${accountId}:group${path}${name}`, created_at: Date.now() })
    .execute();
  return id;
}
