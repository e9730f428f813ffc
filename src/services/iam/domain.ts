import type { Clock } from '../../lib/clock.js';
import { rootArn } from '../../lib/arn.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey, newSessionToken } from '../../lib/ids.js';
import { sha256Hex } from '../../aws/auth/hash.js';
import type { CredentialLookup, IssuedCredential } from '../../aws/auth/credentials.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { Kysely } from 'kysely';
import type { Store } from '../../store/database.js';
import type { AccountRow, Database } from '../../store/schema.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { IamStore, settingKeys, type CredentialRow } from './store.js';

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiresAt: number;
}

export interface RootCredentials {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** How long a looked-up key stays cached: bounds how late a deactivation on another replica takes effect. */
const cacheTtlMs = 5_000;
const cacheMax = 50_000;

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

export class IamDomain implements CredentialLookup {
  private readonly store: IamStore;
  private readonly cache = new Map<string, { readonly value: IssuedCredential; readonly at: number }>();

  constructor(
    private readonly db: Store,
    private readonly sealer: SecretBox,
    private readonly clock: Clock,
  ) {
    this.store = new IamStore(db.db);
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
    const accessKeyId = newAccessKeyId('long-term');
    const secretAccessKey = newSecretAccessKey();
    await this.store.insertCredential(
      {
        access_key_id: accessKeyId,
        account_id: accountId,
        kind: 'root',
        principal: JSON.stringify(rootPrincipal(accountId)),
        secret: this.sealer.seal(secretAccessKey),
        session_token_hash: null,
        status: 'Active',
        created_at: this.clock.now().getTime(),
        expires_at: null,
      },
      db,
    );
    return { accessKeyId, secretAccessKey };
  }

  async account(id: string): Promise<AccountRow | undefined> {
    return this.store.account(id);
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

  async find(accessKeyId: string): Promise<IssuedCredential | undefined> {
    const now = Date.now();
    const cached = this.cache.get(accessKeyId);
    if (cached && now - cached.at < cacheTtlMs) return cached.value;
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
    const accessKeyId = newAccessKeyId('temporary');
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

  async defaultPrincipal(): Promise<Principal> {
    return rootPrincipal(await this.managementAccountId());
  }

  /** Forgets cached keys (after a reset or import of the whole state). */
  forget(): void {
    this.cache.clear();
  }

  private toIssued(row: CredentialRow): IssuedCredential {
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: this.sealer.open(row.secret),
      principal: { ...(JSON.parse(row.principal) as Principal), accessKeyId: row.access_key_id },
      ...(row.session_token_hash ? { sessionTokenHash: row.session_token_hash } : {}),
      ...(row.expires_at !== null ? { expiresAt: Number(row.expires_at) } : {}),
      active: row.status === 'Active',
    };
  }
}

export function rootPrincipal(accountId: string): Principal {
  return { type: 'root', accountId, arn: rootArn(accountId), userId: accountId };
}
