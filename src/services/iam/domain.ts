import type { Clock } from '../../lib/clock.js';
import { partition, rootArn } from '../../lib/arn.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey, newSessionToken } from '../../lib/ids.js';
import { sha256Hex } from '../../aws/auth/hash.js';
import type { CredentialLookup, IssuedCredential } from '../../aws/auth/credentials.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { Kysely } from 'kysely';
import type { Store } from '../../store/database.js';
import type { AccountRow, AccountStatus, Database } from '../../store/schema.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { MfaDevices } from './mfa-devices.js';
import { IamStore, settingKeys, type CredentialRow } from './store.js';
import { newRoleId } from './ids.js';
import { managedPolicyExists } from './policies.js';
import { checkPolicyDocument } from './policy-document.js';
import { ensureSamlProvider, type NewSamlProvider } from './saml-providers.js';

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiresAt: number;
}

export interface IssuedKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly createdAt: number;
}

export interface RootCredentials {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** How long a looked-up key stays cached: bounds how late a deactivation on another replica takes effect. */
const cacheTtlMs = 5_000;
const cacheMax = 50_000;
/** How often a key's last use is written (per key, per server): GetAccessKeyLastUsed is that coarse at most. */
const useRecordIntervalMs = 60_000;

/** Thrown by createAccount when another account already uses the email address (compared case-insensitively). */
export class EmailInUseError extends Error {
  constructor() {
    super('An account with this email address already exists.');
  }
}

export interface NewAccountInput {
  readonly name: string;
  readonly email: string;
}

/** Thrown by createRole when the account already has a role of that name (compared case-insensitively). */
export class RoleExistsError extends Error {
  constructor(name: string) {
    super(`Role with name ${name} already exists.`);
  }
}

export interface NewRoleInput {
  readonly accountId: string;
  readonly name: string;
  /** Default '/'. */
  readonly path?: string;
  readonly description?: string;
  /** The trust policy: JSON text, or a document that is serialized. */
  readonly trustPolicy: string | object;
  /** Seconds, default 3600 (AWS's default). */
  readonly maxSessionDuration?: number;
  /** ARNs of managed policies to attach (e.g. arn:aws:iam::aws:policy/AdministratorAccess). */
  readonly attachedPolicyArns?: readonly string[];
  readonly inlinePolicies?: Readonly<Record<string, string | object>>;
  /** The managed policy ARN of the role's permissions boundary. */
  readonly permissionsBoundary?: string;
}

/** What a role's owner service (sso-admin provisioning) sets on an existing role; absent fields stay. */
export interface RoleUpdate {
  readonly description?: string;
  readonly trustPolicy?: string | object;
  readonly maxSessionDuration?: number;
  /** null removes the boundary. */
  readonly permissionsBoundary?: string | null;
}

export interface Role {
  readonly roleId: string;
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description: string | undefined;
  readonly trustPolicy: string;
  readonly maxSessionDuration: number;
  readonly createdAt: number;
  readonly attachedPolicyArns: readonly string[];
  readonly inlinePolicies: Readonly<Record<string, string>>;
  /** The managed policy ARN of the role's permissions boundary, when it has one. */
  readonly permissionsBoundary?: string;
}

export class IamDomain implements CredentialLookup {
  private readonly store: IamStore;
  private readonly cache = new Map<string, { readonly value: IssuedCredential; readonly at: number }>();
  /** When this server last wrote each key's use. */
  private readonly usesRecorded = new Map<string, number>();
  /** IAM users' virtual MFA devices: the IAM API manages them, STS checks their codes (verifyMfaCode). */
  readonly mfaDevices: MfaDevices;

  constructor(
    private readonly db: Store,
    private readonly sealer: SecretBox,
    private readonly clock: Clock,
  ) {
    this.store = new IamStore(db.db);
    this.mfaDevices = new MfaDevices(db, sealer);
  }

  /** Whether `code` is the current, unused code of MFA device `serialNumber` enabled for IAM user `userId`. */
  verifyMfaCode(userId: string, serialNumber: string, code: string, now: number): Promise<boolean> {
    return this.mfaDevices.verify(userId, serialNumber, code, now);
  }

  /**
   * On an empty store: creates the management account, its root user and a root access key, and returns the
   * credentials so the caller can print them once. Returns undefined when the store was already bootstrapped.
   * Safe with two servers starting on one database: the settings row is the lock, the loser rolls back.
   */
  async bootstrap(): Promise<RootCredentials | undefined> {
    if (await this.store.setting(settingKeys.managementAccountId)) return undefined;
    const accountId = newAccountId();
    const now = this.clock.now().getTime();
    let key: { accessKeyId: string; secretAccessKey: string };
    try {
      key = await this.db.transaction(async (trx) => {
        await this.store.insertSetting(settingKeys.managementAccountId, accountId, trx);
        await this.store.insertAccount(
          { id: accountId, name: 'management', email: `management+${accountId}@gatehouse.local`, status: 'ACTIVE', created_at: now },
          trx,
        );
        return this.issueRootKey(trx, accountId);
      });
    } catch (error) {
      if (await this.store.setting(settingKeys.managementAccountId)) return undefined;
      throw error;
    }
    return { accountId, ...key };
  }

  /**
   * Creates an AWS account (a container with a root user and no credentials) inside the caller's transaction, so
   * the organization's own rows and the account commit together. Emails are unique across all accounts.
   */
  async createAccount(db: Kysely<Database>, input: NewAccountInput): Promise<string> {
    if (await this.store.accountByEmail(input.email, db)) throw new EmailInUseError();
    let id = newAccountId();
    while (await this.store.account(id, db)) id = newAccountId();
    await this.store.insertAccount({ id, name: input.name, email: input.email, status: 'ACTIVE', created_at: this.clock.now().getTime() }, db);
    return id;
  }

  /** A standalone account (outside any organization) with a root access key, so it can act on invitations. */
  async createStandaloneAccount(input: NewAccountInput): Promise<RootCredentials> {
    return this.db.transaction(async (trx) => {
      const accountId = await this.createAccount(trx, input);
      return { accountId, ...(await this.issueRootKey(trx, accountId)) };
    });
  }

  /** A root user's access key: the secret is sealed at rest and returned only here. */
  private async issueRootKey(db: Kysely<Database>, accountId: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    const { accessKeyId, secretAccessKey } = await this.issueLongTermKey(db, rootPrincipal(accountId));
    return { accessKeyId, secretAccessKey };
  }

  /**
   * A long-term access key (AKIA...) that authenticates as `principal`: the account's root user, or an IAM user
   * (`userId` its iam_users id, which finds the key for ListAccessKeys). The secret is sealed at rest and returned
   * only here. The one way long-term keys are made.
   */
  async issueLongTermKey(db: Kysely<Database>, principal: Principal, userId?: string): Promise<IssuedKey> {
    const accessKeyId = newAccessKeyId('long-term', principal.accountId);
    const secretAccessKey = newSecretAccessKey();
    const createdAt = this.clock.now().getTime();
    await this.store.insertCredential(
      {
        access_key_id: accessKeyId,
        account_id: principal.accountId,
        kind: principal.type === 'root' ? 'root' : 'user',
        principal: JSON.stringify(principal),
        secret: this.sealer.seal(secretAccessKey),
        session_token_hash: null,
        user_id: userId ?? null,
        status: 'Active',
        created_at: createdAt,
        expires_at: null,
      },
      db,
    );
    return { accessKeyId, secretAccessKey, createdAt };
  }

  async account(id: string, db?: Kysely<Database>): Promise<AccountRow | undefined> {
    return this.store.account(id, db);
  }

  /** The accounts with these ids that exist, in no particular order. */
  async accounts(ids: readonly string[], db?: Kysely<Database>): Promise<AccountRow[]> {
    return this.store.accounts(ids, db);
  }

  /** The account using this email address, compared case-insensitively. */
  async accountByEmail(email: string, db?: Kysely<Database>): Promise<AccountRow | undefined> {
    return this.store.accountByEmail(email, db);
  }

  /** ACTIVE, PENDING_CLOSURE or SUSPENDED (Organizations' CloseAccount moves an account through them). */
  async setAccountStatus(db: Kysely<Database>, id: string, status: AccountStatus): Promise<void> {
    await this.store.setAccountStatus(id, status, db);
  }

  /**
   * Creates an IAM role in an account, with its attached managed policies and inline policies, inside the caller's
   * transaction. Throws RoleExistsError when the account has a role of that name.
   */
  async createRole(db: Kysely<Database>, input: NewRoleInput): Promise<Role> {
    if (await this.store.role(input.accountId, input.name, db)) throw new RoleExistsError(input.name);
    const path = input.path ?? '/';
    const now = this.clock.now().getTime();
    const row = {
      id: newRoleId(),
      account_id: input.accountId,
      name: input.name,
      name_lower: input.name.toLowerCase(),
      path,
      arn: `arn:${partition}:iam::${input.accountId}:role${path}${input.name}`,
      description: input.description ?? null,
      trust_policy: typeof input.trustPolicy === 'string' ? input.trustPolicy : JSON.stringify(input.trustPolicy),
      max_session_duration: input.maxSessionDuration ?? 3600,
      created_at: now,
      permissions_boundary: input.permissionsBoundary ?? null,
    };
    await this.store.insertRole(row, db);
    for (const arn of new Set(input.attachedPolicyArns ?? [])) await this.store.attachRolePolicy(row.id, arn, now, db);
    const inline: Record<string, string> = {};
    for (const [name, document] of Object.entries(input.inlinePolicies ?? {})) {
      inline[name] = typeof document === 'string' ? document : JSON.stringify(document);
      await this.store.putRoleInlinePolicy(row.id, name, inline[name], db);
    }
    return {
      roleId: row.id,
      accountId: row.account_id,
      name: row.name,
      path,
      arn: row.arn,
      description: input.description,
      trustPolicy: row.trust_policy,
      maxSessionDuration: row.max_session_duration,
      createdAt: now,
      attachedPolicyArns: [...new Set(input.attachedPolicyArns ?? [])].sort(),
      inlinePolicies: inline,
    };
  }

  /** A role by account and name (case-insensitive), with its policies; undefined when there is none. */
  async role(accountId: string, name: string, db?: Kysely<Database>): Promise<Role | undefined> {
    const row = await this.store.role(accountId, name, db);
    if (!row) return undefined;
    const inline = await this.store.roleInlinePolicies(row.id, db);
    return {
      roleId: row.id,
      accountId: row.account_id,
      name: row.name,
      path: row.path,
      arn: row.arn,
      description: row.description ?? undefined,
      trustPolicy: row.trust_policy,
      maxSessionDuration: Number(row.max_session_duration),
      createdAt: Number(row.created_at),
      attachedPolicyArns: await this.store.roleAttachedPolicies(row.id, db),
      inlinePolicies: Object.fromEntries(inline.map((p) => [p.name, p.document])),
      ...(row.permissions_boundary ? { permissionsBoundary: row.permissions_boundary } : {}),
    };
  }

  /** Changes a role's trust policy, session duration, description or boundary in the caller's transaction; false when
   * the account has no such role. */
  async updateRole(db: Kysely<Database>, accountId: string, name: string, update: RoleUpdate): Promise<boolean> {
    const row = await this.store.role(accountId, name, db);
    if (!row) return false;
    await this.store.updateRole(
      row.id,
      {
        ...(update.description !== undefined ? { description: update.description } : {}),
        ...(update.trustPolicy !== undefined ? { trust_policy: typeof update.trustPolicy === 'string' ? update.trustPolicy : JSON.stringify(update.trustPolicy) } : {}),
        ...(update.maxSessionDuration !== undefined ? { max_session_duration: update.maxSessionDuration } : {}),
        ...(update.permissionsBoundary !== undefined ? { permissions_boundary: update.permissionsBoundary } : {}),
      },
      db,
    );
    return true;
  }

  /** Replaces every attached managed policy and inline policy of a role (provisioning re-applies a permission set);
   * false when the account has no such role. */
  async replaceRolePolicies(
    db: Kysely<Database>,
    accountId: string,
    name: string,
    policies: { readonly attachedPolicyArns: readonly string[]; readonly inlinePolicies: Readonly<Record<string, string | object>> },
  ): Promise<boolean> {
    const row = await this.store.role(accountId, name, db);
    if (!row) return false;
    const now = this.clock.now().getTime();
    await this.store.detachAllRolePolicies(row.id, db);
    await this.store.deleteAllRoleInlinePolicies(row.id, db);
    for (const arn of new Set(policies.attachedPolicyArns)) await this.store.attachRolePolicy(row.id, arn, now, db);
    for (const [policyName, document] of Object.entries(policies.inlinePolicies)) {
      await this.store.putRoleInlinePolicy(row.id, policyName, typeof document === 'string' ? document : JSON.stringify(document), db);
    }
    return true;
  }

  /** Deletes a role with its policies in the caller's transaction; false when the account has no such role. */
  async deleteRole(db: Kysely<Database>, accountId: string, name: string): Promise<boolean> {
    const row = await this.store.role(accountId, name, db);
    if (!row) return false;
    await this.store.deleteRole(row.id, db);
    return true;
  }

  /** Makes a service's SAML provider in an account unless it exists (Identity Center's AWSSSO_<16 hex>_DO_NOT_DELETE,
   * which its roles trust), in the caller's transaction; returns its ARN. */
  async ensureSamlProvider(db: Kysely<Database>, input: NewSamlProvider): Promise<string> {
    return ensureSamlProvider(db, input, this.clock.now().getTime());
  }

  /**
   * Whether a managed policy can be attached in an account: an AWS managed policy of the catalogue, or the
   * account's own customer managed policy (arn:aws:iam::<account>:policy<path><name>).
   */
  async managedPolicyExists(accountId: string, policyArn: string, db: Kysely<Database> = this.db.db): Promise<boolean> {
    return await managedPolicyExists(db, accountId, policyArn);
  }

  /** Checks a session policy (STS's inline `Policy`) with the policy engine's validation for session policies;
   * throws MalformedPolicyDocument with IAM's wording when it is not one. */
  async checkSessionPolicy(text: string): Promise<void> {
    await checkPolicyDocument(text, 'session');
  }

  async managementAccountId(): Promise<string> {
    const id = await this.store.setting(settingKeys.managementAccountId);
    if (!id) throw new Error('the store has not been bootstrapped');
    return id;
  }

  /** The management account's root key, for the control API (`gatehouse env --profile`). */
  async managementRootCredentials(): Promise<RootCredentials> {
    const accountId = await this.managementAccountId();
    const row = await this.store.rootCredential(accountId);
    if (!row) throw new Error('the management account has no active root access key');
    return { accountId, accessKeyId: row.access_key_id, secretAccessKey: this.sealer.open(row.secret) };
  }

  /** A cached key is answered at once, without a promise: this runs for every signed request. */
  find(accessKeyId: string): IssuedCredential | undefined | Promise<IssuedCredential | undefined> {
    const now = Date.now();
    const cached = this.cache.get(accessKeyId);
    if (cached && now - cached.at < cacheTtlMs) return cached.value;
    return this.load(accessKeyId, now);
  }

  private async load(accessKeyId: string, now: number): Promise<IssuedCredential | undefined> {
    const row = await this.store.credential(accessKeyId);
    if (!row) {
      this.cache.delete(accessKeyId);
      return undefined;
    }
    const value = this.toIssued(row);
    if (this.cache.size >= cacheMax) this.cache.clear();
    this.cache.set(accessKeyId, { value, at: now });
    return value;
  }

  /** Mints temporary credentials (ASIA...) for a principal; only the token's hash and the sealed secret are kept. */
  async issueSessionCredentials(principal: Principal, expiresAt: number): Promise<SessionCredentials> {
    const accessKeyId = newAccessKeyId('temporary', principal.accountId);
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = newSessionToken();
    await this.store.insertCredential({
      access_key_id: accessKeyId,
      account_id: principal.accountId,
      kind: 'session',
      principal: JSON.stringify(principal),
      secret: this.sealer.seal(secretAccessKey),
      session_token_hash: sha256Hex(sessionToken),
      status: 'Active',
      created_at: this.clock.now().getTime(),
      expires_at: expiresAt,
    });
    return { accessKeyId, secretAccessKey, sessionToken, expiresAt };
  }

  /** The account an access key this server issued belongs to, whatever its state (active, inactive, expired). */
  async accessKeyAccount(accessKeyId: string): Promise<string | undefined> {
    return (await this.store.credential(accessKeyId))?.account_id;
  }

  async defaultPrincipal(): Promise<Principal> {
    return rootPrincipal(await this.managementAccountId());
  }

  /**
   * Records that a long-term key authenticated a request, at most once a minute per key: one write now and then,
   * never one per request (nothing to wait for then: undefined). A failed write fails the request rather than
   * passing unnoticed.
   */
  recordUse(credential: IssuedCredential, service: string, region: string): Promise<void> | undefined {
    if (credential.sessionTokenHash !== undefined || credential.expiresAt !== undefined) return undefined;
    const now = this.clock.now().getTime();
    const last = this.usesRecorded.get(credential.accessKeyId);
    if (last !== undefined && now - last < useRecordIntervalMs) return undefined;
    if (this.usesRecorded.size >= cacheMax) this.usesRecorded.clear();
    this.usesRecorded.set(credential.accessKeyId, now);
    return this.writeUse(credential, service, region, now);
  }

  private async writeUse(credential: IssuedCredential, service: string, region: string, now: number): Promise<void> {
    try {
      await this.store.recordCredentialUse(credential.accessKeyId, now, service, region);
    } catch (error) {
      this.usesRecorded.delete(credential.accessKeyId);
      throw error;
    }
  }

  /** Forgets cached keys (after a reset or import of the whole state). */
  forget(): void {
    this.cache.clear();
    this.usesRecorded.clear();
  }

  /** Forgets these keys after they changed (status, owner's name, deletion): this server sees it at once, other
   * servers within the cache's 5 s. */
  forgetKeys(accessKeyIds: readonly string[]): void {
    for (const id of accessKeyIds) {
      this.cache.delete(id);
      this.usesRecorded.delete(id);
    }
  }

  private toIssued(row: CredentialRow): IssuedCredential {
    const expiry = row.expires_at !== null ? { expiresAt: Number(row.expires_at) } : {};
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: this.sealer.open(row.secret),
      // a temporary credential's principal carries its expiry (Principal.expiresAt), as the pipeline's callers expect
      principal: { ...(JSON.parse(row.principal) as Principal), accessKeyId: row.access_key_id, ...expiry },
      ...(row.session_token_hash ? { sessionTokenHash: row.session_token_hash } : {}),
      ...expiry,
      active: row.status === 'Active',
    };
  }
}

export function rootPrincipal(accountId: string): Principal {
  return { type: 'root', accountId, arn: rootArn(accountId), userId: accountId };
}
