import { randomBytes, randomInt, randomUUID } from 'node:crypto';

// Identifier formats, as AWS issues them.

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** A 12-digit account id that does not start with 0. */
export function newAccountId(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 11 }, () => randomInt(0, 10)).join('');
}

/** AKIA... for long-term keys, ASIA... for temporary ones: 20 characters, base32 alphabet. */
export function newAccessKeyId(kind: 'long-term' | 'temporary'): string {
  return (kind === 'long-term' ? 'AKIA' : 'ASIA') + randomFrom(base32, 16);
}

/** 40 characters of base64, like AWS secret access keys. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** An opaque session token; only its hash is stored. */
export function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(96).toString('base64');
}

export function newRequestId(): string {
  return randomUUID();
}

/** Lower-case alphanumeric id of the given length, for ids such as o-xxxxxxxxxx or car-xxxx. */
export function newLowerId(length: number): string {
  return randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', length);
}

export function newUpperId(length: number): string {
  return randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', length);
}

/** An opaque bearer value (session cookie, OIDC token, device code): `prefix` + base64url of `bytes` random bytes.
 * Only its sha256 is ever stored. */
export function newOpaqueToken(prefix: string, bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}
