import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from '../../../lib/base32.js';

// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) as authenticator apps implement them: HMAC-SHA-1,
// 30-second steps, 6 digits, secrets exchanged in base32 (RFC 4648) through an otpauth:// URI. A code is accepted
// for the current step and one step either side (clock drift), and never for a step at or before the last one
// accepted, so a code seen once cannot be used again.

/** The secrets' encoding, kept here for the sign-in's callers and tests. */
export { base32Decode, base32Encode };

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now. */
const WINDOW = 1;
const SECRET_BYTES = 20;
/** A new secret: 160 random bits (RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of one time step (HOTP with the step as counter, dynamic truncation). */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/**
 * The time step `code` is valid for (now, or one step either side), or undefined: also when that step is not
 * after `lastStep`, the last one a code was accepted for (a replay).
 */
export function matchTotp(secret: string, code: string, nowMs: number, lastStep: number | null): number | undefined {
  const given = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(given)) return undefined;
  const now = totpStep(nowMs);
  let matched: number | undefined;
  // every candidate is computed, so the time taken does not say which step matched
  for (let step = now - WINDOW; step <= now + WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(totpCode(secret, step)), Buffer.from(given)) && matched === undefined) matched = step;
  }
  if (matched === undefined || (lastStep !== null && matched <= lastStep)) return undefined;
  return matched;
}

/** The URI authenticator apps read from a QR code (Google Authenticator's Key Uri Format). */
export function otpauthUri(issuer: string, accountName: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
