import { randomBytes } from 'node:crypto';
import { base32Chars } from '../../lib/base32.js';

// IAM's unique ids: a four-letter prefix naming the kind (AROA roles, AIDA users, AGPA groups, ANPA managed
// policies) and 17 characters of base32, 21 in all.

/** The prefix and 17 base32 characters of these bytes (random for a new entity, a hash for a derived id). */
export function iamId(prefix: string, bytes: Uint8Array): string {
  return prefix + base32Chars(bytes.subarray(0, 17));
}

function newIamId(prefix: string): string {
  return iamId(prefix, randomBytes(17));
}

export function newRoleId(): string {
  return newIamId('AROA');
}

export function newPolicyId(): string {
  return newIamId('ANPA');
}

export function newUserId(): string {
  return newIamId('AIDA');
}

export function newGroupId(): string {
  return newIamId('AGPA');
}
