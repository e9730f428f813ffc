import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from '../organizations/support.js';

/** Long-term keys, or a session's with its token. */
type AnyCredentials = Credentials & { readonly sessionToken?: string };

// Real SDK v3 clients for the IAM suites, one attempt each (a retried call would hide the first answer).

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
