import { randomBytes } from 'node:crypto';

// IAM's unique ids: a four-letter prefix naming the kind (AROA roles, AIDA users, AGPA groups, ANPA managed
// policies) and 17 characters of base32, 21 in all.

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function newIamId(prefix: string): string {
  const bytes = randomBytes(17);
  let out = prefix;
  for (const byte of bytes) out += base32[byte % 32];
  return out;
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
