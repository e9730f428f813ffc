import type { Clock } from '../../lib/clock.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Store } from '../../store/database.js';
import type { IamGroupRow, IamUserRow } from '../../store/schema.js';
import type { EntitiesStore } from './entities-store.js';
import { entityArn, findEntity, renameEntity, uniquelyNamed } from './entities.js';
import { entityErrors } from './entity-errors.js';
import { newGroupId } from './ids.js';
import { InlinePolicies } from './inline-policies.js';
import { iamPages } from './pages.js';

// IAM groups of an account: names and paths, members (users of the same account), inline policies, and the rules
// of deleting one. Membership is idempotent both ways, as in IAM: adding a member again or removing a user that
// is not one succeeds.

export interface GroupsDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly entities: EntitiesStore;
}

/** AWS's default GroupsPerAccount and GroupsPerUser quotas. */
const groupsPerAccount = 300;
const groupsPerUser = 10;

export class Groups {
  readonly inline: InlinePolicies;

  constructor(private readonly deps: GroupsDeps) {
    this.inline = new InlinePolicies(deps.store.db, 'group');
  }

  async create(accountId: string, name: string, path = '/'): Promise<IamGroupRow> {
    const group: IamGroupRow = {
      id: newGroupId(),
      account_id: accountId,
      name,
      name_lower: name.toLowerCase(),
      path,
      arn: entityArn('group', accountId, path, name),
      created_at: this.deps.clock.now().getTime(),
    };
    await this.deps.store.transaction(async (trx) => {
      if (await this.deps.entities.byName('iam_groups', accountId, name, trx)) throw entityErrors.entityExists('group', name);
      if ((await this.deps.entities.count('iam_groups', accountId, trx)) >= groupsPerAccount) throw entityErrors.quota('GroupsPerAccount', groupsPerAccount);
      await uniquelyNamed('group', name, () => this.deps.entities.insertGroup(group, trx));
    });
    return group;
  }

  get(accountId: string, name: string): Promise<IamGroupRow> {
    return findEntity(this.deps.entities, 'group', accountId, name);
  }

  async list(accountId: string, pathPrefix: string | undefined, request: PageRequest): Promise<Page<IamGroupRow>> {
    const scope = `iam:ListGroups:${accountId}:${pathPrefix ?? ''}`;
    const cursor = iamPages.pageCursor(scope, request);
    const rows = await this.deps.entities.list('iam_groups', accountId, pathPrefix, cursor);
    return iamPages.toPage(scope, rows, cursor.limit, (r) => r.name_lower, (r) => r);
  }

  /** GetGroup's users, in name order. */
  async members(group: IamGroupRow, request: PageRequest): Promise<Page<IamUserRow>> {
    const scope = `iam:GetGroup:${group.id}`;
    const cursor = iamPages.pageCursor(scope, request);
    const rows = await this.deps.entities.members(group.id, cursor);
    return iamPages.toPage(scope, rows, cursor.limit, (r) => r.name_lower, (r) => r);
  }

  /** ListGroupsForUser, in name order. */
  async groupsOf(user: IamUserRow, request: PageRequest): Promise<Page<IamGroupRow>> {
    const scope = `iam:ListGroupsForUser:${user.id}`;
    const cursor = iamPages.pageCursor(scope, request);
    const rows = await this.deps.entities.groupsOf(user.id, cursor);
    return iamPages.toPage(scope, rows, cursor.limit, (r) => r.name_lower, (r) => r);
  }

  async update(accountId: string, name: string, change: { readonly newName?: string | undefined; readonly newPath?: string | undefined }): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const group = await findEntity(this.deps.entities, 'group', accountId, name, trx);
      await renameEntity(this.deps.entities, trx, 'group', group, change);
    });
  }

  /** DeleteGroup: refused with DeleteConflict while the group has members, inline policies or attached policies. */
  async delete(accountId: string, name: string): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const group = await findEntity(this.deps.entities, 'group', accountId, name, trx);
      await this.deps.entities.lock('iam_groups', group.id, trx);
      const { entities } = this.deps;
      if (await entities.refers('iam_group_members', 'group_id', group.id, trx)) throw entityErrors.deleteConflict('remove users from group');
      if (await this.inline.any(group.id, trx)) throw entityErrors.deleteConflict('delete policies');
      if (await entities.refers('iam_group_attached_policies', 'group_id', group.id, trx)) throw entityErrors.deleteConflict('detach all policies');
      await entities.remove('iam_groups', group.id, trx);
    });
  }

  /** AddUserToGroup: LimitExceeded when the user is in 10 groups already (checked under the user's row lock). */
  async addUser(accountId: string, groupName: string, userName: string): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const group = await findEntity(this.deps.entities, 'group', accountId, groupName, trx);
      const user = await findEntity(this.deps.entities, 'user', accountId, userName, trx);
      await this.deps.entities.lock('iam_users', user.id, trx);
      const { entities } = this.deps;
      if ((await entities.groupCountOf(user.id, trx)) >= groupsPerUser && !(await entities.isMember(group.id, user.id, trx))) {
        throw entityErrors.quota('GroupsPerUser', groupsPerUser);
      }
      await this.deps.entities.addMember(group.id, user.id, this.deps.clock.now().getTime(), trx);
    });
  }

  async removeUser(accountId: string, groupName: string, userName: string): Promise<void> {
    const group = await this.get(accountId, groupName);
    const user = await findEntity(this.deps.entities, 'user', accountId, userName);
    await this.deps.entities.removeMember(group.id, user.id);
  }

  /** PutGroupPolicy: the aggregate size is checked under the group's row lock. */
  async putPolicy(accountId: string, name: string, policyName: string, document: string): Promise<void> {
    await this.deps.store.transaction(async (trx) => {
      const group = await findEntity(this.deps.entities, 'group', accountId, name, trx);
      await this.deps.entities.lock('iam_groups', group.id, trx);
      await this.inline.put(trx, group, policyName, document);
    });
  }
}
