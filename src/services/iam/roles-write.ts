import type { Kysely } from 'kysely';
import type { Store } from '../../store/database.js';
import type { Database, RoleRow } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { RoleExistsError, type IamDomain } from './domain.js';
import { iamErrors } from './errors.js';
import { policySize } from '../../policy/index.js';
import { checkPolicyDocument } from './policy-document.js';
import { IamStore } from './store.js';
import { checkTagKeys, type IamTags, type Tag } from './tags.js';

// The write side of IAM roles as an account's own principals call it (CreateRole, DeleteRole, UpdateRole, inline
// policies, the permissions boundary, tags), with IAM's rules: trust policies are checked as trust documents within
// the 2048-character quota, a role's inline policies together within 10240, a boundary names a managed policy that
// exists, a role with policies cannot be deleted, and roles under /aws-reserved/ (Identity Center's AWSReservedSSO_
// roles) are AWS's: only their owning service changes them, through IamDomain. Every change is one transaction and
// names the caller's account, so an account sees and changes only its own roles.

type Db = Kysely<Database>;

/** What role creation and the boundary check need from IAM's domain. */
export type RoleMaker = Pick<IamDomain, 'createRole' | 'managedPolicyExists'>;

/** IAM's quotas, in characters as policySize counts them. */
const TRUST_POLICY_QUOTA = 2048;
const ROLE_POLICIES_QUOTA = 10240;
/** The quota LimitExceeded names when a role would carry more than 50 tags. */
const TAG_QUOTA = 'TagsPerRole';
/** The path AWS reserves for roles its services own (Identity Center: /aws-reserved/sso.amazonaws.com/). */
const RESERVED_PATH = '/aws-reserved/';
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/./;

export interface CreateRoleInput {
  readonly accountId: string;
  readonly name: string;
  readonly path?: string | undefined;
  readonly description?: string | undefined;
  /** JSON text, as the request carries it. */
  readonly trustPolicy: string;
  readonly maxSessionDuration?: number | undefined;
  readonly permissionsBoundary?: string | undefined;
  readonly tags?: readonly Tag[] | undefined;
}

/** A role with its tags, as GetRole and the writes that answer with the role show it. */
export interface RoleView {
  readonly row: RoleRow;
  readonly tags: readonly Tag[];
}

export class RolesWrite {
  private readonly q: IamStore;

  constructor(
    private readonly store: Store,
    private readonly roles: RoleMaker,
    private readonly tags: IamTags,
  ) {
    this.q = new IamStore(store.db);
  }

  async create(input: CreateRoleInput): Promise<RoleView> {
    if ((input.path ?? '/').startsWith(RESERVED_PATH)) throw iamErrors.protectedRole(input.name);
    await checkTrustPolicy(input.trustPolicy);
    checkTagKeys(input.tags ?? []);
    return this.store.transaction(async (trx) => {
      if (input.permissionsBoundary !== undefined) await this.checkBoundary(trx, input.accountId, input.permissionsBoundary);
      try {
        const role = await this.roles.createRole(trx, {
          accountId: input.accountId,
          name: input.name,
          trustPolicy: input.trustPolicy,
          ...(input.path !== undefined ? { path: input.path } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.maxSessionDuration !== undefined ? { maxSessionDuration: input.maxSessionDuration } : {}),
          ...(input.permissionsBoundary !== undefined ? { permissionsBoundary: input.permissionsBoundary } : {}),
        });
        if (input.tags !== undefined && input.tags.length > 0) await this.tags.tag(trx, role.roleId, input.tags, TAG_QUOTA);
      } catch (error) {
        // the unique index on (account, lower(name)) settles two concurrent creations
        if (error instanceof RoleExistsError || isUniqueViolation(error)) throw iamErrors.roleExists(input.name);
        throw error;
      }
      return this.view(trx, await this.existing(trx, input.accountId, input.name));
    });
  }

  /** DeleteConflict while the role has managed policies attached or inline policies. */
  async delete(accountId: string, name: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      if ((await this.q.roleAttachedPolicies(row.id, trx)).length > 0) throw iamErrors.mustDetachPolicies();
      if ((await this.q.roleInlinePolicies(row.id, trx)).length > 0) throw iamErrors.mustDeletePolicies();
      await this.q.deleteRole(row.id, trx);
    });
  }

  async update(accountId: string, name: string, update: { readonly description?: string | undefined; readonly maxSessionDuration?: number | undefined }): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      await this.q.updateRole(
        row.id,
        {
          ...(update.description !== undefined ? { description: update.description } : {}),
          ...(update.maxSessionDuration !== undefined ? { max_session_duration: update.maxSessionDuration } : {}),
        },
        trx,
      );
    });
  }

  async updateDescription(accountId: string, name: string, description: string): Promise<RoleView> {
    return this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      await this.q.updateRole(row.id, { description }, trx);
      return this.view(trx, { ...row, description });
    });
  }

  async updateTrustPolicy(accountId: string, name: string, document: string): Promise<void> {
    await checkTrustPolicy(document);
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      await this.q.updateRole(row.id, { trust_policy: document }, trx);
    });
  }

  /** Adds or replaces an inline policy; the role's inline policies together stay within IAM's quota. */
  async putInlinePolicy(accountId: string, name: string, policyName: string, document: string): Promise<void> {
    await checkPolicyDocument(document, 'identity');
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      const others = (await this.q.roleInlinePolicies(row.id, trx)).filter((p) => p.name !== policyName);
      const total = others.reduce((sum, p) => sum + policySize(p.document), policySize(document));
      if (total > ROLE_POLICIES_QUOTA) throw iamErrors.rolePoliciesTooLarge(row.name);
      await this.q.putRoleInlinePolicy(row.id, policyName, document, trx);
    });
  }

  async deleteInlinePolicy(accountId: string, name: string, policyName: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      if (!(await this.q.deleteRoleInlinePolicy(row.id, policyName, trx))) throw iamErrors.noSuchRolePolicy(policyName);
    });
  }

  async putBoundary(accountId: string, name: string, policyArn: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      await this.checkBoundary(trx, accountId, policyArn);
      await this.q.updateRole(row.id, { permissions_boundary: policyArn }, trx);
    });
  }

  /** Removing a boundary the role does not have is not an error. */
  async deleteBoundary(accountId: string, name: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.modifiable(trx, accountId, name);
      await this.q.updateRole(row.id, { permissions_boundary: null }, trx);
    });
  }

  /** Tags go on any role of the account, AWS's own included (TagRole accepts service roles too). */
  async tag(accountId: string, name: string, tags: readonly Tag[]): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.existing(trx, accountId, name);
      await this.tags.tag(trx, row.id, tags, TAG_QUOTA);
    });
  }

  async untag(accountId: string, name: string, keys: readonly string[]): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.existing(trx, accountId, name);
      await this.tags.untag(trx, row.id, keys);
    });
  }

  private async existing(db: Db, accountId: string, name: string): Promise<RoleRow> {
    const row = await this.q.role(accountId, name, db);
    if (!row) throw iamErrors.noSuchRole(name);
    return row;
  }

  /** The role, when the account may change it: NoSuchEntity, or UnmodifiableEntity for a role AWS keeps. */
  private async modifiable(db: Db, accountId: string, name: string): Promise<RoleRow> {
    const row = await this.existing(db, accountId, name);
    if (row.path.startsWith(RESERVED_PATH)) throw iamErrors.protectedRole(row.name);
    return row;
  }

  private async checkBoundary(db: Db, accountId: string, policyArn: string): Promise<void> {
    if (!POLICY_ARN.test(policyArn)) throw iamErrors.invalidArn(policyArn);
    if (!(await this.roles.managedPolicyExists(accountId, policyArn, db))) throw iamErrors.noSuchBoundary(policyArn);
  }

  private async view(db: Db, row: RoleRow): Promise<RoleView> {
    return { row, tags: await this.tags.list(row.id, db) };
  }
}

/** A trust policy is a trust document (Principal, no Resource) within IAM's 2048-character quota. */
async function checkTrustPolicy(document: string): Promise<void> {
  await checkPolicyDocument(document, 'trust');
  if (policySize(document) > TRUST_POLICY_QUOTA) throw iamErrors.trustPolicyTooLarge();
}
