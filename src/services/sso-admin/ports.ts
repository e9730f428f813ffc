import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { IamDomain } from '../iam/domain.js';

// What sso-admin offers other services (wired in src/server/services.ts) and what it needs from them.

export interface IdentityStoreFacts {
  /** d-<10 hex> */
  readonly identityStoreId: string;
  /** arn:aws:sso:::instance/ssoins-<16 hex> */
  readonly instanceArn: string;
  /** The account that owns the instance: the organization's management account for an organization instance. */
  readonly ownerAccountId: string;
}

/** The identity stores Identity Center instances own: identitystore asks it which store an IdentityStoreId names. */
export interface IdentityStoreDirectory {
  /** The store and its instance, or undefined when no instance has that identity store (ResourceNotFoundException). */
  store(identityStoreId: string, db?: Kysely<Database>): Promise<IdentityStoreFacts | undefined>;
}

export type { OrgTrustedAccess } from '../organizations/ports.js';

/** The identity store's users and groups: assignments name them as principals. */
export type { IdentityDirectory } from '../identitystore/ports.js';

/** What provisioning asks of IAM (IamDomain implements it): the roles it makes, changes and removes in accounts, and
 * the account's Identity Center SAML provider those roles trust. */
export type SsoIamRoles = Pick<IamDomain, 'createRole' | 'role' | 'updateRole' | 'replaceRolePolicies' | 'deleteRole' | 'managedPolicyExists' | 'ensureSamlProvider'>;
