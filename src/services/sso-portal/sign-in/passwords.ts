import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

// Passwords of identity store users: scrypt hashes that carry their own parameters (so the cost can be raised
// later without invalidating stored hashes), and the Identity Center directory's password rules.

/** log2 N = 15, r = 8, p = 1: 32 MiB and tens of milliseconds per hash, OWASP's scrypt floor. */
const COST_LOG2 = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 * N * r bytes plus headroom; node's 32 MiB default is exactly the floor and refuses it
    scrypt(password.normalize('NFC'), salt, length, { N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST_LOG2, BLOCK_SIZE, PARALLELISM, KEY_BYTES);
  return `scrypt$${COST_LOG2}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !log2N || !r || !p || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  if (expected.length === 0) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(log2N), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/** A hash of a random password: what an unknown user name is checked against, so it takes as long as a known one. */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

const SYMBOLS = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';

/**
 * The Identity Center directory's rules (AWS IAM Identity Center User Guide, "Password requirements"): 8 to 64
 * characters with at least one lower-case letter, one upper-case letter, one digit and one non-alphanumeric
 * character. Undefined when the password is acceptable, else what is wrong with it.
 */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < 8 || length > 64) return 'The password must be between 8 and 64 characters long.';
  if (!/[a-z]/.test(password)) return 'The password must contain a lower-case letter (a-z).';
  if (!/[A-Z]/.test(password)) return 'The password must contain an upper-case letter (A-Z).';
  if (!/[0-9]/.test(password)) return 'The password must contain a digit (0-9).';
  if (![...password].some((ch) => SYMBOLS.includes(ch) || /[^\p{L}\p{N}]/u.test(ch))) {
    return 'The password must contain a non-alphanumeric character, such as ! @ # $ %.';
  }
  return undefined;
}

/** A one-time password that meets the rules: 20 characters, every class present. */
export function generatePassword(): string {
  const classes = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#-_.'];
  const all = classes.join('');
  const chars = classes.map((set) => set[randomInt(set.length)]!);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
