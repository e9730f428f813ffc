import { randomBytes } from 'node:crypto';

// IAM's unique ids: a four-letter prefix naming the kind (AROA for roles) and 17 characters of base32, 21 in all.

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newRoleId(): string {
  const bytes = randomBytes(17);
  let out = 'AROA';
  for (const byte of bytes) out += base32[byte % 32];
  return out;
}
