import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { UserAttributes } from './attributes.js';

// What the identity store needs from other services, and what it offers them (wired in src/server/services.ts).

/** sso-admin owns identity stores: each Identity Center instance has one. */
export type { IdentityStoreDirectory, IdentityStoreFacts } from '../sso-admin/ports.js';

export interface DirectoryUser {
  readonly identityStoreId: string;
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string | undefined;
  readonly email: string | undefined;
  /** False for a DISABLED user: no sign-in, no portal access. */
  readonly enabled: boolean;
  /** Every attribute of the user (sso-admin's access control attributes read them). */
  readonly attributes: UserAttributes;
}

export type { UserAttributes } from './attributes.js';

export interface DirectoryGroup {
  readonly identityStoreId: string;
  readonly groupId: string;
  readonly displayName: string | undefined;
}

/**
 * The identity store's users and groups as other services see them: sso-admin checks the principals of account
 * assignments, the portal (sign-in) finds a user and the groups their assignments come through.
 */
export interface IdentityDirectory {
  user(identityStoreId: string, userId: string, db?: Kysely<Database>): Promise<DirectoryUser | undefined>;
  userByName(identityStoreId: string, userName: string, db?: Kysely<Database>): Promise<DirectoryUser | undefined>;
  group(identityStoreId: string, groupId: string, db?: Kysely<Database>): Promise<DirectoryGroup | undefined>;
  /** The group's members, by user name (the access report expands assigned groups to their users). */
  membersOfGroup(identityStoreId: string, groupId: string, db?: Kysely<Database>): Promise<readonly { readonly userId: string; readonly userName: string }[]>;
  /** Every group the user is a member of. */
  groupIdsOfUser(identityStoreId: string, userId: string, db?: Kysely<Database>): Promise<readonly string[]>;
  /** Drops every user, group and membership of a store (its instance is deleted), inside the caller's transaction. */
  deleteStore(identityStoreId: string, db?: Kysely<Database>): Promise<void>;
}
