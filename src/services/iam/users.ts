import type { Principal } from '../../aws/auth/principal.js';
import type { Clock } from '../../lib/clock.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Store } from '../../store/database.js';
import type { IamUserRow } from '../../store/schema.js';
import type { AccessKeys } from './access-keys.js';
import type { IamDomain } from './domain.js';
import type { EntitiesStore } from './entities-store.js';
import { entityArn, findEntity, renameEntity, uniquelyNamed } from './entities.js';
import { entityErrors } from './entity-errors.js';
import { checkTagKeys, IamTags, type Tag } from './tags.js';
import { newUserId } from './ids.js';
import { InlinePolicies } from './inline-policies.js';
import { iamPages } from './pages.js';

// IAM users of an account: their names and paths, permissions boundary, tags and inline policies, and the rules
// of deleting one (IAM refuses while anything still hangs on the user). Console passwords are in
// login-profiles.ts, access keys in access-keys.ts, memberships in groups.ts.

export interface NewUserInput {
  readonly name: string;
  readonly path?: string | undefined;
  readonly permissionsBoundary?: string | undefined;
  readonly tags?: readonly Tag[] | undefined;
}

export interface UsersDeps {
  readonly store: Store;
  readonly iam: IamDomain;
  readonly clock: Clock;
  readonly entities: EntitiesStore;
  readonly accessKeys: AccessKeys;
}

/** AWS's default UsersPerAccount quota. */
const usersPerAccount = 5000;

const managedPolicyArn = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/./;

export class Users {
  readonly inline: InlinePolicies;
  readonly tags: IamTags;

  constructor(private readonly deps: UsersDeps) {
    this.inline = new InlinePolicies(deps.store.db, 'user');
    this.tags = new IamTags(deps.store.db);
  }

  async create(accountId: string, input: NewUserInput): Promise<{ readonly user: IamUserRow; readonly tags: Tag[] }> {
    checkTagKeys(input.tags ?? []);
    if (input.permissionsBoundary !== undefined) await this.checkBoundary(accountId, input.permissionsBoundary);
    const path = input.path ?? '/';
    const user: IamUserRow = {
      id: newUserId(),
      account_id: accountId,
      name: input.name,
      name_lower: input.name.toLowerCase(),
      path,
      arn: entityArn('user', accountId, path, input.name),
      created_at: this.deps.clock.now().getTime(),
      permissions_boundary: input.permissionsBoundary ?? null,
      password_hash: null,
      password_reset_required: null,
      password_created_at: null,
    };
    return this.deps.store.transaction(async (trx) => {
      if (await this.deps.entities.byName('iam_users', accountId, input.name, trx)) throw entityErrors.entityExists('user', input.name);
      // counted before the insert: two concurrent creations may pass it together, which a quota of 5000 tolerates
      if ((await this.deps.entities.count('iam_users', accountId, trx)) >= usersPerAccount) throw entityErrors.quota('UsersPerAccount', usersPerAccount);
      await uniquelyNamed('user', input.name, () => this.deps.entities.insertUser(user, trx));
      await this.tags.tag(trx, user.id, input.tags ?? [], 'TagsPerUser');
      return { user, tags: await this.tags.list(user.id, trx) };
    });
  }

  /** The caller's user by name (case-insensitive), or NoSuchEntity. */
  get(accountId: string, name: string): Promise<IamUserRow> {
    return findEntity(this.deps.entities, 'user', accountId, name);
  }

  /**
   * The user an operation whose UserName is optional acts on: the one named, else the calling IAM user; a caller
   * that is not an IAM user (root, a role session) must name one.
   */
  async named(principal: Principal, name: string | undefined): Promise<IamUserRow> {
    if (name !== undefined) return this.get(principal.accountId, name);
    if (principal.type !== 'user') throw entityErrors.nonUserCredentials();
    const user = await this.deps.entities.byId('iam_users', principal.userId);
    // a key of a deleted user cannot authenticate (DeleteUser refuses while keys exist), but a cached one may
    if (!user) throw entityErrors.noSuchEntity('user', principal.arn.slice(principal.arn.lastIndexOf('/') + 1));
    return user;
  }

  async list(accountId: string, pathPrefix: string | undefined, request: PageRequest): Promise<Page<IamUserRow>> {
    const scope = `iam:ListUsers:${accountId}:${pathPrefix ?? ''}`;
    const cursor = iamPages.pageCursor(scope, request);
    const rows = await this.deps.entities.list('iam_users', accountId, pathPrefix, cursor);
    return iamPages.toPage(scope, rows, cursor.limit, (r) => r.name_lower, (r) => r);
  }

  /** UpdateUser: a new name and/or path, hence a new ARN, which the user's access keys authenticate as at once. */
  async update(accountId: string, name: string, change: { readonly newName?: string | undefined; readonly newPath?: string | undefined }): Promise<void> {
    const forget = await this.deps.store.transaction(async (trx) => {
      const user = await findEntity(this.deps.entities, 'user', accountId, name, trx);
      const to = await renameEntity(this.deps.entities, trx, 'user', user, change);
      return this.deps.accessKeys.follow(trx, { ...user, ...to, name_lower: to.name.toLowerCase() });
    });
    this.deps.iam.forgetKeys(forget);
  }

  /**
   * DeleteUser: refused with DeleteConflict while the user has a console password, inline or attached policies,
   * group memberships or access keys (checked in that order; IAM names the first it finds). Its tags go with it.
   */
  async delete(accountId: string, name: string): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const user = await findEntity(this.deps.entities, 'user', accountId, name, trx);
      await this.deps.entities.lock('iam_users', user.id, trx);
      const { entities } = this.deps;
      if (user.password_hash !== null) throw entityErrors.deleteConflict('delete login profile');
      if (await this.inline.any(user.id, trx)) throw entityErrors.deleteConflict('delete policies');
      if (await entities.refers('iam_user_attached_policies', 'user_id', user.id, trx)) throw entityErrors.deleteConflict('detach all policies');
      if (await entities.refers('iam_group_members', 'user_id', user.id, trx)) throw entityErrors.deleteConflict('remove users from group');
      if (await entities.refers('credentials', 'user_id', user.id, trx)) throw entityErrors.deleteConflict('delete access keys');
      if (await entities.refers('iam_mfa_devices', 'user_id', user.id, trx)) throw entityErrors.deleteConflict('delete MFA devices');
      await this.tags.deleteAll(trx, user.id);
      await entities.remove('iam_users', user.id, trx);
    });
  }

  /** Put/DeleteUserPermissionsBoundary: `arn` null removes it (no error when there is none). */
  async setBoundary(accountId: string, name: string, arn: string | null): Promise<void> {
    const user = await this.get(accountId, name);
    if (arn !== null) await this.checkBoundary(accountId, arn);
    await this.deps.entities.updateUser(user.id, { permissions_boundary: arn });
  }

  async tag(accountId: string, name: string, tags: readonly Tag[]): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const user = await findEntity(this.deps.entities, 'user', accountId, name, trx);
      await this.deps.entities.lock('iam_users', user.id, trx);
      await this.tags.tag(trx, user.id, tags, 'TagsPerUser');
    });
  }

  async untag(accountId: string, name: string, keys: readonly string[]): Promise<void> {
    const user = await this.get(accountId, name);
    await this.deps.store.transaction((trx) => this.tags.untag(trx, user.id, keys));
  }

  /** PutUserPolicy: the aggregate size is checked under the user's row lock. */
  async putPolicy(accountId: string, name: string, policyName: string, document: string): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const user = await findEntity(this.deps.entities, 'user', accountId, name, trx);
      await this.deps.entities.lock('iam_users', user.id, trx);
      await this.inline.put(trx, user, policyName, document);
    });
  }

  /** A boundary must be a managed policy ARN (InvalidInput) that exists in the account or is AWS's (NoSuchEntity). */
  private async checkBoundary(accountId: string, arn: string): Promise<void> {
    if (!managedPolicyArn.test(arn)) throw entityErrors.invalidArn(arn);
    if (!(await this.deps.iam.managedPolicyExists(accountId, arn))) throw entityErrors.policyNotAttachable(arn);
  }
}
