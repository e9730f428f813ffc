import { model } from '../../aws/api/identitystore.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';
import { IdentityStoreDomain, type IdentitystoreDeps } from './domain.js';
import type { IdentityDirectory } from './ports.js';
import { IdentitystoreProvider } from './provider.js';

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
      resolveAuthzName: (name, input) => resolveAuthzName(deps, domain, name, input),
    }),
    directory: domain,
  };
}

/** Values for authz.ts's resolverNames: facts about stored state the ARN templates need. */
async function resolveAuthzName(
  deps: IdentitystoreDeps,
  domain: IdentityStoreDomain,
  name: string,
  input: Record<string, unknown>,
): Promise<string | undefined> {
  const storeId = typeof input['IdentityStoreId'] === 'string' ? input['IdentityStoreId'] : undefined;
  if (storeId === undefined) return undefined;
  switch (name) {
    case 'IdentityStoreAccountId':
      return (await deps.directory.store(storeId))?.ownerAccountId;
    case 'MembershipGroupId':
    case 'MembershipUserId': {
      const id = input['MembershipId'];
      const parts = typeof id === 'string' ? await domain.membershipParts(storeId, id) : undefined;
      return name === 'MembershipGroupId' ? parts?.groupId : parts?.userId;
    }
    default:
      // AlternateGroupId / AlternateUserId / MemberMembershipId / PrimaryRegion: the template authorizes against '*'
      return undefined;
  }
}

/** @deprecated The unwired definition (every operation NotImplementedException), kept only until the composition
 * root calls createIdentitystore; remove with that change. */
export function identitystoreService(): ServiceDefinition {
  return defineService('identitystore', model, authz);
}
