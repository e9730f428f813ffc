import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Store } from '../../store/database.js';
import type { CredentialStatus, Database, IamUserRow } from '../../store/schema.js';
import { rootPrincipal, type IamDomain, type IssuedKey } from './domain.js';
import type { EntitiesStore } from './entities-store.js';
import { entityErrors } from './entity-errors.js';
import { inMemoryPage } from './pages.js';
import { IamStore } from './store.js';

// Long-term access keys of IAM users and of the account's root user: rows of `credentials` (kind 'user' with the
// user's id, or kind 'root'), made by IamDomain.issueLongTermKey like every long-term key, their secrets sealed.
// A user's key authenticates as the user (principal type 'user', the user's ARN and AIDA id) until it is made
// Inactive or deleted; each change drops the key from this server's credential cache at once.

/** Whose keys: the root user of an account, or an IAM user. */
export type KeyOwner = { readonly kind: 'root'; readonly accountId: string } | { readonly kind: 'user'; readonly user: IamUserRow };

export interface AccessKeyView {
  readonly accessKeyId: string;
  readonly status: CredentialStatus;
  readonly createdAt: number;
  /** The owning IAM user's name; absent for the root user's keys. */
  readonly userName?: string;
}

export interface KeyLastUsed {
  readonly userName?: string;
  /** Absent while the key has not been used. */
  readonly used?: { readonly at: number; readonly service: string; readonly region: string };
}

/** AWS's AccessKeysPerUser quota (the root user has the same two). */
const keysPerOwner = 2;

/** The principal an IAM user's keys authenticate as. */
export function userPrincipal(user: IamUserRow): Principal {
  return { type: 'user', accountId: user.account_id, arn: user.arn, userId: user.id };
}

export interface AccessKeysDeps {
  readonly store: Store;
  readonly iam: IamDomain;
  readonly entities: EntitiesStore;
}

export class AccessKeys {
  private readonly q: IamStore;

  constructor(private readonly deps: AccessKeysDeps) {
    this.q = new IamStore(deps.store.db);
  }

  /** A new Active key: LimitExceeded when the owner has two (Active or not). The secret is returned only here. */
  async create(owner: KeyOwner): Promise<IssuedKey & { readonly userName?: string }> {
    return this.deps.store.transaction(async (trx) => {
      // the owner's row lock serializes concurrent creations, so the quota holds across servers
      if (owner.kind === 'user') await this.deps.entities.lock('iam_users', owner.user.id, trx);
      else await this.q.lockAccount(owner.accountId, trx);
      if ((await this.keysOf(owner, trx)).length >= keysPerOwner) throw entityErrors.quota('AccessKeysPerUser', keysPerOwner);
      if (owner.kind === 'root') return this.deps.iam.issueLongTermKey(trx, rootPrincipal(owner.accountId));
      const key = await this.deps.iam.issueLongTermKey(trx, userPrincipal(owner.user), owner.user.id);
      return { ...key, userName: owner.user.name };
    });
  }

  async list(owner: KeyOwner, request: PageRequest): Promise<Page<AccessKeyView>> {
    const keys = await this.keysOf(owner, this.deps.store.db);
    const scope = `iam:ListAccessKeys:${owner.kind === 'user' ? owner.user.id : owner.accountId}`;
    return inMemoryPage(scope, keys, (k) => k.accessKeyId, request);
  }

  async setStatus(owner: KeyOwner, accessKeyId: string, status: CredentialStatus): Promise<void> {
    await this.owned(owner, accessKeyId);
    await this.q.setCredentialStatus(accessKeyId, status);
    this.deps.iam.forgetKeys([accessKeyId]);
  }

  async delete(owner: KeyOwner, accessKeyId: string): Promise<void> {
    await this.owned(owner, accessKeyId);
    await this.q.deleteCredential(accessKeyId);
    this.deps.iam.forgetKeys([accessKeyId]);
  }

  /** GetAccessKeyLastUsed: a long-term key of the caller's account, with its owner's current name. */
  async lastUsed(accountId: string, accessKeyId: string): Promise<KeyLastUsed> {
    const row = await this.q.longTermKey(accountId, accessKeyId);
    if (!row) throw entityErrors.noSuchAccessKey(accessKeyId);
    return {
      ...(row.name !== null ? { userName: row.name } : {}),
      ...(row.last_used_at !== null
        ? { used: { at: Number(row.last_used_at), service: row.last_used_service ?? 'N/A', region: row.last_used_region ?? 'N/A' } }
        : {}),
    };
  }

  /** The name of the IAM user owning a long-term key of the account; undefined for the root's key or no such key. */
  async ownerName(accountId: string, accessKeyId: string): Promise<string | undefined> {
    return (await this.q.longTermKey(accountId, accessKeyId))?.name ?? undefined;
  }

  /**
   * After a user's rename or move, inside its transaction: its keys authenticate under the new ARN. Returns the
   * keys, to be dropped from the credential cache once the transaction commits.
   */
  async follow(db: Kysely<Database>, user: IamUserRow): Promise<string[]> {
    const keys = await this.keysOf({ kind: 'user', user }, db);
    if (keys.length > 0) {
      await this.q.setUserKeysPrincipal(user.id, JSON.stringify(userPrincipal(user)), db);
    }
    return keys.map((k) => k.accessKeyId);
  }

  private async owned(owner: KeyOwner, accessKeyId: string): Promise<void> {
    const keys = await this.keysOf(owner, this.deps.store.db);
    if (!keys.some((k) => k.accessKeyId === accessKeyId)) throw entityErrors.noSuchAccessKey(accessKeyId);
  }

  private async keysOf(owner: KeyOwner, db: Kysely<Database>): Promise<AccessKeyView[]> {
    // in key id order: the order the Markers of ListAccessKeys continue in
    const rows = await this.q.longTermKeys(owner.kind === 'user' ? { userId: owner.user.id } : { accountId: owner.accountId }, db);
    return rows.map((r) => ({
      accessKeyId: r.access_key_id,
      status: r.status,
      createdAt: Number(r.created_at),
      ...(owner.kind === 'user' ? { userName: owner.user.name } : {}),
    }));
  }
}
