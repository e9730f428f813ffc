import { randomInt } from 'node:crypto';
import { newOpaqueToken } from '../../lib/ids.js';

// Identifier and bearer-value formats of the OIDC service. Access and refresh tokens start like AWS's (aoa / aor);
// every bearer value is 256 random bits or more and only its sha256 is stored.

export const newClientId = (): string => newOpaqueToken('', 16);
export const newClientSecret = (): string => newOpaqueToken('', 48);
export const newDeviceCode = (): string => newOpaqueToken('', 32);
export const newAuthorizationCode = (): string => newOpaqueToken('', 32);
export const newAccessToken = (): string => newOpaqueToken('aoa', 48);
export const newRefreshToken = (): string => newOpaqueToken('aor', 48);

/** RFC 8628 6.1: consonants only (no words, no 0/O or 1/I to confuse), 20^8 codes. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** What the user types on the device page: ABCD-EFGH. */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A user code as typed (any case, with or without the dash or spaces) in its stored form, or undefined. */
export function normalizeUserCode(typed: string): string | undefined {
  const letters = typed.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z]{8}$/.test(letters)) return undefined;
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}
