import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import type { Database } from '../../store/schema.js';
import type { SsoCore } from './core.js';
import { ssoErrors } from './errors.js';
import { arns, newIdentityStoreId, newInstanceId } from './ids.js';
import { pageCursor, toPage, type Page, type PageRequest } from './pagination.js';
import type { IdentityStoreDirectory, IdentityStoreFacts } from './ports.js';
import type { InstanceRow } from './store.js';

// Identity Center instances. gatehouse makes organization instances: the management account of an organization with
// all features enables Identity Center for it, which turns on the organization's trusted access for
// sso.amazonaws.com (as the console and CreateInstance do on AWS). Each instance owns one identity store (d-...).

type Db = Kysely<Database>;

export const SSO_SERVICE_PRINCIPAL = 'sso.amazonaws.com';

export interface InstanceView {
  readonly arn: string;
  readonly identityStoreId: string;
  readonly ownerAccountId: string;
  readonly name: string | undefined;
  readonly createdAt: number;
  readonly status: InstanceRow['status'];
}

export class InstancesDomain implements IdentityStoreDirectory {
  constructor(private readonly core: SsoCore) {}

  async createInstance(principal: Principal, input: { readonly name?: string | undefined; readonly tags?: readonly { Key: string; Value: string }[] | undefined }): Promise<string> {
    const { core } = this;
    const tags = input.tags ?? [];
    core.checkTags(tags);
    try {
      return await core.store.transaction(async (trx) => {
        const organization = await core.organizations.organizationOf(principal, trx).catch(() => undefined);
        if (!organization) {
          throw ssoErrors.validation('gatehouse creates organization instances only: the caller account must be the management account of an AWS Organizations organization.');
        }
        if (organization.managementAccountId !== principal.accountId) {
          throw ssoErrors.accessDenied('Only the management account of the organization can create an organization instance of IAM Identity Center.');
        }
        if (organization.featureSet !== 'ALL') {
          throw ssoErrors.validation('IAM Identity Center requires an organization with all features enabled.');
        }
        if (await core.q.instanceOfOwner(trx, principal.accountId)) {
          throw ssoErrors.conflict('An IAM Identity Center instance already exists for this organization.');
        }
        const arn = arns.instance(newInstanceId());
        await core.q.insertInstance(trx, {
          arn,
          identity_store_id: newIdentityStoreId(),
          owner_account_id: principal.accountId,
          organization_id: organization.id,
          name: input.name ?? null,
          status: 'ACTIVE',
          created_at: core.now(),
        });
        await core.putTags(trx, arn, arn, tags);
        await core.organizations.enableServiceAccess(trx, organization.id, SSO_SERVICE_PRINCIPAL);
        return arn;
      });
    } catch (error) {
      // two CreateInstance calls at once: the unique owner index lets one through
      if (isUniqueViolation(error)) throw ssoErrors.conflict('An IAM Identity Center instance already exists for this organization.');
      throw error;
    }
  }

  async describeInstance(principal: Principal, instanceArn: string): Promise<InstanceView> {
    return view(await this.core.ownedInstance(principal, instanceArn));
  }

  /** The instances the caller's account owns (one at most, as AWS allows one organization instance). */
  async listInstances(principal: Principal, request: PageRequest): Promise<Page<InstanceView>> {
    const scope = `sso-admin:ListInstances:${principal.accountId}`;
    const { limit, after } = pageCursor(scope, request);
    const own = await this.core.q.instanceOfOwner(this.core.db, principal.accountId);
    const rows = own && (after === undefined || own.arn > after) ? [own] : [];
    return toPage(scope, rows, limit, (r) => r.arn, view);
  }

  async updateInstance(principal: Principal, instanceArn: string, input: { readonly name?: string | undefined; readonly keyType?: string | undefined }): Promise<void> {
    const { core } = this;
    if (input.keyType !== undefined && input.keyType !== 'AWS_OWNED_KMS_KEY') {
      throw ssoErrors.validation('gatehouse supports only AWS_OWNED_KMS_KEY encryption for an instance.');
    }
    await core.store.transaction(async (trx) => {
      await core.ownedInstance(principal, instanceArn, trx);
      if (input.name !== undefined) await core.q.renameInstance(trx, instanceArn, input.name);
    });
  }

  /**
   * Deletes the instance and its data, as AWS does: permission sets and their tags, account assignments and their
   * requests, the AWSReservedSSO_ roles provisioned in accounts (through IAM), the identity store's users, groups
   * and memberships (through identitystore), the access control attributes and the portal settings, in one
   * transaction. The organization's trusted access for sso.amazonaws.com stays on, as AWS leaves it: turning it off
   * is the administrator's separate DisableAWSServiceAccess.
   */
  async deleteInstance(principal: Principal, instanceArn: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const instance = await core.ownedInstance(principal, instanceArn, trx);
      for (const role of await core.q.provisionedRolesOf(trx, instance.arn)) await core.iam.deleteRole(trx, role.account_id, role.role_name);
      await core.identities().deleteStore(instance.identity_store_id, trx);
      await core.q.deleteInstance(trx, instance.arn);
    });
  }

  // ---- IdentityStoreDirectory: what identitystore asks

  async store(identityStoreId: string, db: Db = this.core.db): Promise<IdentityStoreFacts | undefined> {
    const row = await this.core.q.instanceByIdentityStore(db, identityStoreId);
    return row && { identityStoreId: row.identity_store_id, instanceArn: row.arn, ownerAccountId: row.owner_account_id };
  }
}

function view(row: InstanceRow): InstanceView {
  return {
    arn: row.arn,
    identityStoreId: row.identity_store_id,
    ownerAccountId: row.owner_account_id,
    name: row.name ?? undefined,
    createdAt: row.created_at,
    status: row.status,
  };
}
