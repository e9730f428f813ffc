import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../aws/auth/hash.js';
import type { CredentialLookup } from '../aws/auth/credentials.js';
import type { Principal } from '../aws/auth/principal.js';
import type { Clock } from '../lib/clock.js';
import type { SecretBox } from '../lib/secret-box.js';

// Console sign-in as AWS's federation endpoint does it: temporary credentials (a role session's key, secret and
// token) are exchanged for a sign-in token (getSigninToken, valid 15 minutes), which the browser trades for a console
// session (login). Each console session gets its own path, /console/s/<id>/, and its cookie is scoped to that path,
// so sessions of different roles live side by side in one browser's tabs instead of replacing each other.
// Tokens and cookies are sealed with the SecretBox: nothing is stored, and a replica with the same key reads them.

/** AWS: a sign-in token must be used within 15 minutes. */
const signinTokenTtlMs = 15 * 60_000;
/** AWS's SessionDuration bounds for getSigninToken (seconds). */
export const sessionDurationRange = { min: 900, max: 43_200 } as const;

export class ConsoleSignInError extends Error {}

export interface SessionCredentialsInput {
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly sessionToken: string;
}

export interface ConsoleSession {
  /** The path segment of this session: /console/s/<id>/. */
  readonly id: string;
  /** The cookie value for Path=/console/s/<id>. */
  readonly cookie: string;
  readonly expiresAt: number;
}

export interface ConsoleIdentity {
  readonly principal: Principal;
  readonly expiresAt: number;
}

interface Sealed {
  /** access key id */
  readonly k: string;
  /** the console session's end, epoch ms */
  readonly e: number;
  /** what the sealed value is for, so a sign-in token is never accepted as a cookie or the other way round */
  readonly u: 'signin' | 'console';
  /** sign-in tokens: when it was issued */
  readonly i?: number;
}

export class ConsoleSessions {
  constructor(
    private readonly credentials: CredentialLookup,
    private readonly sealer: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** getSigninToken: checks the temporary credentials and returns the opaque SigninToken. */
  async signinToken(session: SessionCredentialsInput, durationSeconds?: number): Promise<string> {
    const now = this.clock.now().getTime();
    const issued = await this.credentials.find(session.sessionId);
    const valid =
      issued !== undefined &&
      issued.active &&
      issued.sessionTokenHash !== undefined &&
      issued.expiresAt !== undefined &&
      issued.expiresAt > now &&
      same(issued.secretAccessKey, session.sessionKey) &&
      same(issued.sessionTokenHash, sha256Hex(session.sessionToken));
    if (!valid) throw new ConsoleSignInError('The session credentials are not valid temporary security credentials.');
    const end = durationSeconds === undefined ? issued.expiresAt! : Math.min(issued.expiresAt!, now + durationSeconds * 1000);
    return this.seal({ k: issued.accessKeyId, e: end, u: 'signin', i: now });
  }

  /** login: trades a sign-in token for a console session of its own. */
  async login(signinToken: string): Promise<ConsoleSession> {
    const token = this.open(signinToken, 'signin');
    const now = this.clock.now().getTime();
    if (!token || token.i === undefined || now - token.i > signinTokenTtlMs || token.e <= now) {
      throw new ConsoleSignInError('The sign-in token is not valid or has expired. Request a new one.');
    }
    const id = randomBytes(6).toString('hex');
    return { id, cookie: this.seal({ k: token.k, e: token.e, u: 'console' }), expiresAt: token.e };
  }

  /** Who a console cookie signs in as, while both the console session and its credentials are live. */
  async identity(cookie: string | undefined): Promise<ConsoleIdentity | undefined> {
    const value = cookie === undefined ? undefined : this.open(cookie, 'console');
    const now = this.clock.now().getTime();
    if (!value || value.e <= now) return undefined;
    const issued = await this.credentials.find(value.k);
    if (!issued || !issued.active || (issued.expiresAt !== undefined && issued.expiresAt <= now)) return undefined;
    return { principal: issued.principal, expiresAt: value.e };
  }

  private seal(value: Sealed): string {
    return Buffer.from(this.sealer.seal(JSON.stringify(value))).toString('base64url');
  }

  private open(text: string, use: Sealed['u']): Sealed | undefined {
    try {
      const value = JSON.parse(this.sealer.open(Buffer.from(text, 'base64url').toString('utf8'))) as Sealed;
      return value.u === use && typeof value.k === 'string' && typeof value.e === 'number' ? value : undefined;
    } catch {
      return undefined;
    }
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
