import type { Kysely } from 'kysely';
import { sha256Hex } from '../../../aws/auth/hash.js';
import type { Clock } from '../../../lib/clock.js';
import { newOpaqueToken } from '../../../lib/ids.js';
import type { Logger } from '../../../lib/log.js';
import type { SecretBox } from '../../../lib/secret-box.js';
import type { Store } from '../../../store/database.js';
import type { Database, SignInStage } from '../../../store/schema.js';
import { SignInAdminError } from './errors.js';
import type { PortalInstances } from './instances.js';
import { decoyHash, generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { DirectoryUser, IdentityDirectory, IdentityStoreFacts } from './ports.js';
import { SignInStore, type CredentialsRow, type SessionRow } from './store.js';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.js';

// Signing in to the access portal as an identity store user: password (scrypt), then, as the instance's MFA setting
// asks, a TOTP code (enrolling a device at the first sign-in), ending in a portal session whose cookie value only
// the browser holds. A sign-in in progress is a challenge: an opaque value naming a row of signin_sessions whose
// stage says what is still owed (change-password, enrol-mfa, verify-mfa); the session itself gets a new value, so a
// challenge seen by someone else never becomes a session. The pages (src/web) call this API; it knows no HTTP.
//
// Lockout: 5 consecutive failures (wrong passwords and wrong MFA codes alike, with no completed sign-in between)
// lock the user for 15 minutes; while locked even the right password is refused. An unknown user name, a user
// without a password and a disabled user answer exactly as a wrong password does, after the same scrypt work.

type Db = Kysely<Database>;

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** How long a sign-in in progress (challenge) may take between steps. */
export const CHALLENGE_MS = 10 * 60_000;
/** How long an invitation / password-reset token stays valid (AWS's invitation link: 7 days). */
export const PASSWORD_TOKEN_MS = 7 * 24 * 3600_000;
/** Previous passwords (besides the current one) a new password may not repeat: AWS refuses the last three. */
const PASSWORD_HISTORY = 2;
const TOTP_ISSUER = 'gatehouse';

/** A signed-in user, as the pages and the OIDC service see them. */
export interface PortalSession {
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string | undefined;
  readonly identityStoreId: string;
  readonly instanceArn: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export type SignInRejection =
  /** Unknown user, wrong password, no password set yet, or a disabled user: never told apart. */
  | 'invalid-credentials'
  /** Too many failures: `lockedUntil` says until when. */
  | 'locked'
  /** A wrong, stale or already used TOTP code. */
  | 'invalid-code'
  /** The new password breaks the rules or repeats a recent one: `message` says which. */
  | 'password-rejected'
  /** The challenge or password token is unknown, used, expired, or at another stage: start again. */
  | 'expired'
  /** The start URL names no Identity Center instance of this server. */
  | 'unknown-instance';

export interface Rejected {
  readonly kind: 'rejected';
  readonly reason: SignInRejection;
  readonly message: string;
  readonly lockedUntil?: number;
}

export type SignInStep =
  | { readonly kind: 'signed-in'; readonly cookie: string; readonly session: PortalSession }
  | { readonly kind: 'change-password' | 'enrol-mfa' | 'verify-mfa'; readonly challenge: string; readonly userName: string; readonly expiresAt: number }
  | Rejected;

export interface MfaEnrolment {
  readonly kind: 'mfa-enrolment';
  /** Base32, for typing into an authenticator app. */
  readonly secret: string;
  /** otpauth://totp/... for a QR code. */
  readonly otpauthUri: string;
}

/** Who an administrator means: a user name in an identity store (default: the management account's instance). */
export interface UserRef {
  readonly identityStoreId?: string | undefined;
  readonly userName: string;
}

export interface SignInDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly sealer: SecretBox;
  readonly users: IdentityDirectory;
  readonly instances: PortalInstances;
  readonly managementAccountId: () => Promise<string>;
  readonly log: Logger;
}

const rejected = (reason: SignInRejection, message: string, lockedUntil?: number): Rejected =>
  lockedUntil === undefined ? { kind: 'rejected', reason, message } : { kind: 'rejected', reason, message, lockedUntil };

const messages = {
  invalid: 'The user name or password is incorrect.',
  code: 'The verification code is incorrect or has already been used.',
  expired: 'This sign-in has expired. Start again.',
  locked: 'Too many failed attempts: the user is locked. Try again later.',
} as const;

export class SignInDomain {
  readonly #q = new SignInStore();

  constructor(private readonly deps: SignInDeps) {}

  get #db(): Db {
    return this.deps.store.db;
  }

  #now(): number {
    return this.deps.clock.now().getTime();
  }

  // ---- the user's side (the pages)

  /** The first step: user name and password at an instance's start URL. */
  async startSignIn(startUrl: string, userName: string, password: string): Promise<SignInStep> {
    const now = this.#now();
    await this.#q.purgeExpired(this.#db, now);
    const instance = await this.deps.instances.forStartUrl(startUrl);
    if (!instance) return rejected('unknown-instance', 'No IAM Identity Center instance answers at this start URL.');
    const user = await this.deps.users.userByName(instance.identityStoreId, userName);
    const creds = user?.enabled ? await this.#q.credentials(this.#db, user.userId) : undefined;
    if (!user || !creds || creds.password_hash === null) {
      await verifyPassword(password, await decoyHash());
      // the name as typed is not logged: people type their password into the name field
      this.#audit(instance, user?.userName ?? '(unknown)', 'rejected: invalid-credentials');
      return rejected('invalid-credentials', messages.invalid);
    }
    const locked = await this.#lockedOut(creds, now);
    if (locked) return locked;
    if (!(await verifyPassword(password, creds.password_hash))) return this.#failure(creds, instance, user.userName, 'invalid-credentials');

    const stage = creds.must_change_password ? 'change-password' : await this.#mfaStage(instance, creds);
    if (stage === 'active') return this.#signedIn(undefined, instance, user, now);
    return this.#challenge(instance, user, stage, now);
  }

  /** A forced password change (a one-time password was used): the new one must meet the rules. */
  async changePassword(challenge: string, newPassword: string): Promise<SignInStep> {
    const found = await this.#challengeAt(challenge, ['change-password']);
    if (found.kind === 'rejected') return found;
    const { row, user, creds, instance } = found;
    const problem = await this.#passwordProblem(newPassword, creds);
    if (problem) return rejected('password-rejected', problem);
    await this.#storePassword(row.user_id, creds, newPassword, false);
    const stage = await this.#mfaStage(instance, creds);
    if (stage === 'active') return this.#signedIn(row, instance, user, this.#now());
    await this.#q.setStage(this.#db, row.id_hash, stage);
    return { kind: stage, challenge, userName: user.userName, expiresAt: Number(row.expires_at) };
  }

  /** A new TOTP secret for the user to add to an authenticator app; confirmed by `verifyMfa` with its first code.
   * Asking again replaces the secret not yet confirmed. */
  async enrolMfa(challenge: string): Promise<MfaEnrolment | Rejected> {
    const found = await this.#challengeAt(challenge, ['enrol-mfa']);
    if (found.kind === 'rejected') return found;
    const secret = newTotpSecret();
    await this.#q.updateCredentials(this.#db, found.row.user_id, { totp_pending_secret: this.deps.sealer.seal(secret), updated_at: this.#now() });
    return { kind: 'mfa-enrolment', secret, otpauthUri: otpauthUri(TOTP_ISSUER, `${found.user.userName}@${found.instance.identityStoreId}`, secret) };
  }

  /** A TOTP code: confirms the enrolment started by `enrolMfa`, or answers the MFA prompt of an enrolled user. */
  async verifyMfa(challenge: string, code: string): Promise<SignInStep> {
    const found = await this.#challengeAt(challenge, ['enrol-mfa', 'verify-mfa']);
    if (found.kind === 'rejected') return found;
    const { user, creds, instance } = found;
    const stage = found.row.stage;
    const now = this.#now();
    const locked = await this.#lockedOut(creds, now);
    if (locked) return locked;
    const sealed = stage === 'enrol-mfa' ? creds.totp_pending_secret : creds.totp_secret;
    if (sealed === null) return rejected('expired', 'Start the MFA device registration first.');
    const secret = this.deps.sealer.open(sealed);
    const step = matchTotp(secret, code, now, creds.totp_last_step === null ? null : Number(creds.totp_last_step));
    if (step === undefined || !(await this.#q.claimTotpStep(this.#db, creds.user_id, step, now))) {
      return this.#failure(creds, instance, user.userName, 'invalid-code');
    }
    if (stage === 'enrol-mfa') {
      await this.#q.updateCredentials(this.#db, creds.user_id, { totp_secret: sealed, totp_pending_secret: null, mfa_enrolled_at: now, updated_at: now });
      this.#audit(instance, user.userName, 'mfa device registered');
    }
    return this.#signedIn(found.row, instance, user, now);
  }

  /** The session a cookie value names, while it lasts and its user exists and is enabled. */
  async session(cookie: string): Promise<PortalSession | undefined> {
    if (!cookie) return undefined;
    const row = await this.#q.session(this.#db, sha256Hex(cookie));
    if (!row || row.stage !== 'active' || Number(row.expires_at) <= this.#now()) return undefined;
    const user = await this.deps.users.user(row.identity_store_id, row.user_id);
    if (!user?.enabled) return undefined;
    return toSession(row, user);
  }

  async signOut(cookie: string): Promise<void> {
    if (cookie) await this.#q.deleteSession(this.#db, sha256Hex(cookie));
  }

  /** What an invitation / password-reset link is for, while it is valid (the page greets the user by name). */
  async passwordToken(token: string): Promise<{ readonly userName: string; readonly identityStoreId: string; readonly expiresAt: number } | undefined> {
    const found = await this.#passwordTokenUser(token);
    return found && { userName: found.user.userName, identityStoreId: found.user.identityStoreId, expiresAt: found.expiresAt };
  }

  /** Sets the user's password from an invitation / password-reset link; the link then stops working. */
  async redeemPasswordToken(token: string, newPassword: string): Promise<{ readonly kind: 'password-set'; readonly userName: string } | Rejected> {
    const found = await this.#passwordTokenUser(token);
    if (!found) return rejected('expired', 'This link is not valid any more. Ask your administrator for a new one.');
    const creds = await this.#q.ensureCredentials(this.#db, found.user.userId, found.user.identityStoreId, this.#now());
    const problem = await this.#passwordProblem(newPassword, creds);
    if (problem) return rejected('password-rejected', problem);
    if (!(await this.#q.deletePasswordToken(this.#db, sha256Hex(token)))) return rejected('expired', 'This link has already been used.');
    await this.#storePassword(found.user.userId, creds, newPassword, false);
    return { kind: 'password-set', userName: found.user.userName };
  }

  // ---- the administrator's side (control API, demo)

  /**
   * Sets a user's password. Without `password` a one-time password is generated and returned; `temporary` (the
   * default for a generated one) makes the user choose a new one at the next sign-in. Unlocks the user and ends
   * their portal sessions.
   */
  async setPassword(ref: UserRef, options: { readonly password?: string | undefined; readonly temporary?: boolean | undefined } = {}): Promise<{
    readonly userName: string;
    readonly identityStoreId: string;
    readonly temporary: boolean;
    readonly password?: string;
  }> {
    const user = await this.#adminUser(ref);
    const password = options.password ?? generatePassword();
    const problem = passwordProblem(password);
    if (problem) throw new SignInAdminError('invalid-password', problem);
    const temporary = options.temporary ?? options.password === undefined;
    const creds = await this.#q.ensureCredentials(this.#db, user.userId, user.identityStoreId, this.#now());
    await this.#storePassword(user.userId, creds, password, temporary);
    this.deps.log.info({ identityStoreId: user.identityStoreId, userId: user.userId, temporary }, 'sign-in: password set by an administrator');
    return { userName: user.userName, identityStoreId: user.identityStoreId, temporary, ...(options.password === undefined ? { password } : {}) };
  }

  /** An invitation / password-reset token (valid 7 days, one at a time per user) for the page that sets a password. */
  async mintPasswordToken(ref: UserRef): Promise<{ readonly userName: string; readonly identityStoreId: string; readonly token: string; readonly expiresAt: number }> {
    const user = await this.#adminUser(ref);
    const token = newOpaqueToken('', 32);
    const now = this.#now();
    const expiresAt = now + PASSWORD_TOKEN_MS;
    await this.deps.store.transaction((trx) =>
      this.#q.replacePasswordToken(trx, { token_hash: sha256Hex(token), user_id: user.userId, identity_store_id: user.identityStoreId, created_at: now, expires_at: expiresAt }),
    );
    return { userName: user.userName, identityStoreId: user.identityStoreId, token, expiresAt };
  }

  /** Removes the user's MFA device: they register a new one at their next sign-in. Ends their portal sessions. */
  async resetMfa(ref: UserRef): Promise<{ readonly userName: string; readonly identityStoreId: string }> {
    const user = await this.#adminUser(ref);
    const now = this.#now();
    await this.#q.ensureCredentials(this.#db, user.userId, user.identityStoreId, now);
    await this.deps.store.transaction(async (trx) => {
      await this.#q.updateCredentials(trx, user.userId, { totp_secret: null, totp_pending_secret: null, totp_last_step: null, mfa_enrolled_at: null, updated_at: now });
      await this.#q.deleteSessionsOf(trx, user.userId);
    });
    this.deps.log.info({ identityStoreId: user.identityStoreId, userId: user.userId }, 'sign-in: MFA device removed by an administrator');
    return { userName: user.userName, identityStoreId: user.identityStoreId };
  }

  // ---- steps

  /** What comes after the password: MFA as the instance's setting asks, else the session. */
  async #mfaStage(instance: IdentityStoreFacts, creds: CredentialsRow): Promise<SignInStage> {
    const { mfa } = await this.deps.instances.settings(instance.instanceArn);
    if (mfa === 'disabled') return 'active';
    // context-aware: gatehouse keeps no sign-in context (device, browser, place), so every sign-in is a new context
    return creds.totp_secret !== null ? 'verify-mfa' : 'enrol-mfa';
  }

  async #challenge(instance: IdentityStoreFacts, user: DirectoryUser, stage: Exclude<SignInStage, 'active'>, now: number): Promise<SignInStep> {
    const challenge = newOpaqueToken('', 32);
    const expiresAt = now + CHALLENGE_MS;
    await this.#q.insertSession(this.#db, {
      id_hash: sha256Hex(challenge),
      user_id: user.userId,
      identity_store_id: instance.identityStoreId,
      instance_arn: instance.instanceArn,
      stage,
      created_at: now,
      expires_at: expiresAt,
    });
    return { kind: stage, challenge, userName: user.userName, expiresAt };
  }

  /** The challenge's row, user and credentials when it is at one of `stages` and valid; else 'expired'. */
  async #challengeAt(
    challenge: string,
    stages: readonly Exclude<SignInStage, 'active'>[],
  ): Promise<{ readonly kind: 'ok'; readonly row: SessionRow; readonly user: DirectoryUser; readonly creds: CredentialsRow; readonly instance: IdentityStoreFacts } | Rejected> {
    const row = challenge ? await this.#q.session(this.#db, sha256Hex(challenge)) : undefined;
    if (!row || !stages.includes(row.stage as Exclude<SignInStage, 'active'>) || Number(row.expires_at) <= this.#now()) return rejected('expired', messages.expired);
    const [user, creds, instance] = await Promise.all([
      this.deps.users.user(row.identity_store_id, row.user_id),
      this.#q.credentials(this.#db, row.user_id),
      this.deps.instances.instance(row.instance_arn),
    ]);
    if (!user?.enabled || !creds || !instance) return rejected('expired', messages.expired);
    return { kind: 'ok', row, user, creds, instance };
  }

  /** Ends the sign-in: the challenge (if any) is consumed, failures reset, and a new session value issued. */
  async #signedIn(challenge: SessionRow | undefined, instance: IdentityStoreFacts, user: DirectoryUser, now: number): Promise<SignInStep> {
    const { sessionSeconds } = await this.deps.instances.settings(instance.instanceArn);
    const cookie = newOpaqueToken('', 32);
    const row: SessionRow = {
      id_hash: sha256Hex(cookie),
      user_id: user.userId,
      identity_store_id: instance.identityStoreId,
      instance_arn: instance.instanceArn,
      stage: 'active',
      created_at: now,
      expires_at: now + sessionSeconds * 1000,
    };
    const done = await this.deps.store.transaction(async (trx) => {
      // two requests finishing one challenge at once: only the one that deletes it gets a session
      if (challenge && !(await this.#q.deleteSession(trx, challenge.id_hash))) return false;
      await this.#q.insertSession(trx, row);
      await this.#q.updateCredentials(trx, user.userId, { failed_attempts: 0, locked_until: null, updated_at: now });
      return true;
    });
    if (!done) return rejected('expired', messages.expired);
    this.#audit(instance, user.userName, 'signed in');
    return { kind: 'signed-in', cookie, session: toSession(row, user) };
  }

  /** A rejection for a locked user, or undefined (an expired lock is lifted). */
  async #lockedOut(creds: CredentialsRow, now: number): Promise<Rejected | undefined> {
    if (creds.locked_until === null) return undefined;
    const until = Number(creds.locked_until);
    if (until > now) return rejected('locked', messages.locked, until);
    await this.#q.updateCredentials(this.#db, creds.user_id, { failed_attempts: 0, locked_until: null, updated_at: now });
    return undefined;
  }

  /** Counts a failure; the fifth in a row locks the user and ends the sign-ins they have in progress. */
  async #failure(creds: CredentialsRow, instance: IdentityStoreFacts, userName: string, reason: 'invalid-credentials' | 'invalid-code'): Promise<Rejected> {
    const now = this.#now();
    const failures = await this.#q.countFailure(this.#db, creds.user_id, now);
    if (failures >= MAX_FAILED_ATTEMPTS) {
      const until = now + LOCKOUT_MS;
      await this.deps.store.transaction(async (trx) => {
        await this.#q.updateCredentials(trx, creds.user_id, { locked_until: until, failed_attempts: 0, updated_at: now });
        await trx.deleteFrom('signin_sessions').where('user_id', '=', creds.user_id).where('stage', '!=', 'active').execute();
      });
      this.deps.log.warn({ identityStoreId: instance.identityStoreId, userId: creds.user_id, until: new Date(until).toISOString() }, 'sign-in: user locked out');
      return rejected('locked', messages.locked, until);
    }
    this.#audit(instance, userName, `rejected: ${reason}`);
    return rejected(reason, reason === 'invalid-code' ? messages.code : messages.invalid);
  }

  async #passwordProblem(password: string, creds: CredentialsRow): Promise<string | undefined> {
    const problem = passwordProblem(password);
    if (problem) return problem;
    const recent = [creds.password_hash, ...(JSON.parse(creds.password_history) as string[])].filter((h): h is string => h !== null);
    for (const hash of recent) {
      if (await verifyPassword(password, hash)) return 'The password must differ from your last three passwords.';
    }
    return undefined;
  }

  /** Stores a new password (the old one joins the history), unlocks the user and ends their sessions. */
  async #storePassword(userId: string, creds: CredentialsRow, password: string, temporary: boolean): Promise<void> {
    const hash = await hashPassword(password);
    const history = creds.password_hash === null ? [] : [creds.password_hash, ...(JSON.parse(creds.password_history) as string[])];
    const now = this.#now();
    await this.deps.store.transaction(async (trx) => {
      await this.#q.updateCredentials(trx, userId, {
        password_hash: hash,
        password_history: JSON.stringify(history.slice(0, PASSWORD_HISTORY)),
        must_change_password: temporary ? 1 : 0,
        password_set_at: now,
        failed_attempts: 0,
        locked_until: null,
        updated_at: now,
      });
      await trx.deleteFrom('signin_sessions').where('user_id', '=', userId).where('stage', '=', 'active').execute();
    });
  }

  async #adminUser(ref: UserRef): Promise<DirectoryUser> {
    const instance = await this.deps.instances.forStore(ref.identityStoreId, this.deps.managementAccountId);
    if (!instance) {
      throw new SignInAdminError(
        'instance-not-found',
        ref.identityStoreId === undefined ? 'The management account has no IAM Identity Center instance.' : `No IAM Identity Center instance has the identity store ${ref.identityStoreId}.`,
      );
    }
    const user = await this.deps.users.userByName(instance.identityStoreId, ref.userName);
    if (!user) throw new SignInAdminError('user-not-found', `The identity store ${instance.identityStoreId} has no user ${ref.userName}.`);
    return user;
  }

  async #passwordTokenUser(token: string): Promise<{ readonly user: DirectoryUser; readonly expiresAt: number } | undefined> {
    if (!token) return undefined;
    const row = await this.#q.passwordToken(this.#db, sha256Hex(token));
    if (!row || Number(row.expires_at) <= this.#now()) return undefined;
    const user = await this.deps.users.user(row.identity_store_id, row.user_id);
    return user?.enabled ? { user, expiresAt: Number(row.expires_at) } : undefined;
  }

  #audit(instance: IdentityStoreFacts, userName: string, outcome: string): void {
    this.deps.log.info({ identityStoreId: instance.identityStoreId, userName, outcome }, 'sign-in');
  }
}

function toSession(row: SessionRow, user: DirectoryUser): PortalSession {
  return {
    userId: user.userId,
    userName: user.userName,
    displayName: user.displayName,
    identityStoreId: row.identity_store_id,
    instanceArn: row.instance_arn,
    expiresAt: Number(row.expires_at),
  };
}
