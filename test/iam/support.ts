import { IAMClient } from '@aws-sdk/client-iam';
import type { Credentials } from '../organizations/support.js';

// Helpers for the IAM suites: a real SDK v3 client signed with an account's key, no retries (so a refusal is the
// first answer's).

export function iam(url: string, credentials: Credentials): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}
