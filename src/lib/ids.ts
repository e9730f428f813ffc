import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { base32Decode, base32Encode } from './base32.js';

// Identifier formats, as AWS issues them.

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

// An access key id carries its account as AWS's current keys do: after the four-letter prefix, 16 base32 characters
// (80 bits) whose first 48 bits are a marker bit, the 40-bit account number and 7 random bits, then 32 random bits.
// Tools that read the account out of a key id (and GetAccessKeyInfo for a key this server does not hold) agree.
const ACCOUNT_MASK = 0xff_ffff_ffffn;

/** AKIA... for long-term keys, ASIA... for temporary ones: 20 characters, base32 alphabet, the account inside. */
export function newAccessKeyId(kind: 'long-term' | 'temporary', accountId: string): string {
  const random = randomBytes(5);
  const head = (1n << 47n) | ((BigInt(accountId) & ACCOUNT_MASK) << 7n) | BigInt(random[0]! & 0x7f);
  const bytes = Buffer.alloc(10);
  bytes.writeUIntBE(Number(head), 0, 6);
  random.copy(bytes, 6, 1);
  return (kind === 'long-term' ? 'AKIA' : 'ASIA') + base32Encode(bytes);
}

/** The account an AWS-style access key id carries (see newAccessKeyId); undefined when it carries none. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^[A-Z]{4}[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const head = BigInt(base32Decode(accessKeyId.slice(4)).readUIntBE(0, 6));
  if ((head & (1n << 47n)) === 0n) return undefined;
  const account = (head >> 7n) & ACCOUNT_MASK;
  return account < 1_000_000_000_000n ? String(account).padStart(12, '0') : undefined;
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
