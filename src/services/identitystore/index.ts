import { model } from '../../aws/api/identitystore.js';
import type * as api from '../../aws/api/identitystore.js';
import type { Principal } from '../../aws/auth/principal.js';
import { ServiceError } from '../../aws/errors.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';
import { IdentityStoreDomain, type IdentitystoreDeps } from './domain.js';
import type { IdentityDirectory } from './ports.js';
import { alternateId, IdentitystoreProvider, memberUserId } from './provider.js';

export type { IdentitystoreDeps } from './domain.js';
export type { IdentityDirectory } from './ports.js';

/** The Identity Store wired to a store and to sso-admin's directory of identity stores. */
export interface Identitystore {
  readonly service: ServiceDefinition;
  /** The users and groups as other services (sso-admin assignments, the portal) see them. */
  readonly directory: IdentityDirectory;
}

export function createIdentitystore(deps: IdentitystoreDeps): Identitystore {
  const domain = new IdentityStoreDomain(deps);
  return {
    service: defineService('identitystore', model, authz, new IdentitystoreProvider(domain), {
      resolveAuthzName: (name, input, principal) => resolveAuthzName(deps, domain, name, input, principal),
    }),
    directory: domain,
  };
}

/** Values for authz.ts's resolverNames: facts about stored state the ARN templates need. A lookup the caller may not
 * make, or that finds nothing, leaves the name unresolved (the template authorizes against '*' and the operation
 * answers its own error). */
async function resolveAuthzName(
  deps: IdentitystoreDeps,
  domain: IdentityStoreDomain,
  name: string,
  input: Record<string, unknown>,
  principal: Principal,
): Promise<string | undefined> {
  const storeId = typeof input['IdentityStoreId'] === 'string' ? input['IdentityStoreId'] : undefined;
  if (storeId === undefined) return undefined;
  const found = async (lookup: () => Promise<string>): Promise<string | undefined> => {
    try {
      return await lookup();
    } catch (error) {
      if (error instanceof ServiceError) return undefined;
      throw error;
    }
  };
  switch (name) {
    case 'IdentityStoreAccountId':
      return (await deps.directory.store(storeId))?.ownerAccountId;
    case 'MembershipGroupId':
    case 'MembershipUserId': {
      const id = input['MembershipId'];
      const parts = typeof id === 'string' ? await domain.membershipParts(storeId, id) : undefined;
      return name === 'MembershipGroupId' ? parts?.groupId : parts?.userId;
    }
    case 'AlternateUserId':
      return await found(() => domain.getUserId(principal, storeId, alternateId(input['AlternateIdentifier'] as api.AlternateIdentifier)));
    case 'AlternateGroupId':
      return await found(() => domain.getGroupId(principal, storeId, alternateId(input['AlternateIdentifier'] as api.AlternateIdentifier)));
    case 'MemberMembershipId': {
      const groupId = input['GroupId'];
      if (typeof groupId !== 'string') return undefined;
      return await found(() => domain.getGroupMembershipId(principal, storeId, groupId, memberUserId(input['MemberId'] as api.MemberId)));
    }
    default:
      // PrimaryRegion: stores are not regional here; the key stays absent
      return undefined;
  }
}
