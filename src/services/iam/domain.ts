import type { Clock } from '../../lib/clock.js';
import { rootArn } from '../../lib/arn.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey, newSessionToken } from '../../lib/ids.js';
import { sha256Hex } from '../../aws/auth/hash.js';
import type { CredentialLookup, IssuedCredential } from '../../aws/auth/credentials.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { Store } from '../../store/database.js';
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
    const accessKeyId = newAccessKeyId('long-term');
    const secretAccessKey = newSecretAccessKey();
    const now = this.clock.now().getTime();
    try {
      await this.db.transaction(async (trx) => {
        await this.store.insertSetting(settingKeys.managementAccountId, accountId, trx);
        await this.store.insertAccount(
          { id: accountId, name: 'management', email: `management+${accountId}@gatehouse.local`, status: 'ACTIVE', created_at: now },
          trx,
        );
        await this.store.insertCredential(
          {
            access_key_id: accessKeyId,
            account_id: accountId,
            kind: 'root',
            principal: JSON.stringify(rootPrincipal(accountId)),
            secret: this.sealer.seal(secretAccessKey),
            session_token_hash: null,
            status: 'Active',
            created_at: now,
            expires_at: null,
          },
          trx,
        );
      });
    } catch (error) {
      if (await this.store.setting(settingKeys.managementAccountId)) return undefined;
      throw error;
    }
    return { accountId, accessKeyId, secretAccessKey };
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
