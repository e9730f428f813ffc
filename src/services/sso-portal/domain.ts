import type { Principal } from '../../aws/auth/principal.js';
import { partition } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { portalErrors } from './errors.js';
import { pageCursor, toPage, toPageAsync, type Page, type PageRequest } from './pagination.js';
import type { AccessGrant, AccessTokens, AssignedPrincipals, DirectoryUser, IdentityDirectory, PortalDirectory, PortalIam } from './ports.js';

// The access portal API behind `aws sso login` profiles: the accounts and roles a user's assignments reach (their
// own and their groups'), and temporary credentials for one of those roles, as the assumed-role session
// arn:aws:sts::<account>:assumed-role/AWSReservedSSO_<permission set>_<hex>/<user name>. Every call names its user
// by an OIDC access token; a token that is unknown, expired, revoked, of a user since deleted or disabled, or
// without the portal's scope is refused alike.

/** Scopes that reach the portal; a token of a client registered without scopes (legacy profiles) does too. */
const PORTAL_SCOPES = ['sso:account:access', 'sso-portal:*'];

export interface AccountView {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress: string;
}

export interface RoleCredentialsView {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch ms, as the portal sends it. */
  readonly expiration: number;
}

export interface PortalDeps {
  readonly tokens: AccessTokens;
  readonly users: IdentityDirectory;
  readonly access: PortalDirectory;
  readonly iam: PortalIam;
  readonly clock: Clock;
  readonly log: Logger;
}

interface Caller {
  readonly grant: AccessGrant;
  readonly user: DirectoryUser;
  readonly principals: AssignedPrincipals;
}

export class PortalDomain {
  constructor(private readonly deps: PortalDeps) {}

  async listAccounts(accessToken: string, request: PageRequest): Promise<Page<AccountView>> {
    const { grant, user, principals } = await this.#caller(accessToken);
    const scope = `sso:ListAccounts:${user.userId}`;
    const { limit, after } = pageCursor(scope, request);
    const ids = await this.deps.access.assignedAccounts(grant.instanceArn, principals, after, limit + 1);
    return toPageAsync(scope, ids, limit, (id) => id, async (pageIds) => {
      const rows = new Map((await this.deps.iam.accounts(pageIds)).map((row) => [row.id, row]));
      return pageIds.map((id) => ({ accountId: id, accountName: rows.get(id)?.name ?? id, emailAddress: rows.get(id)?.email ?? '' }));
    });
  }

  async listAccountRoles(accessToken: string, accountId: string, request: PageRequest): Promise<Page<{ readonly roleName: string; readonly accountId: string }>> {
    const { grant, user, principals } = await this.#caller(accessToken);
    const scope = `sso:ListAccountRoles:${user.userId}:${accountId}`;
    const { limit, after } = pageCursor(scope, request);
    const names = await this.deps.access.assignedPermissionSets(grant.instanceArn, principals, accountId, after, limit + 1);
    return toPage(scope, names, limit, (name) => name, (roleName) => ({ roleName, accountId }));
  }

  async getRoleCredentials(accessToken: string, accountId: string, roleName: string): Promise<RoleCredentialsView> {
    const { grant, user, principals } = await this.#caller(accessToken);
    const assigned = await this.deps.access.assignedRole(grant.instanceArn, principals, accountId, roleName);
    const role = assigned && (await this.deps.iam.role(accountId, assigned.roleName));
    if (!assigned || !role) throw portalErrors.forbidden();
    const principal: Principal = {
      type: 'assumed-role',
      accountId,
      arn: `arn:${partition}:sts::${accountId}:assumed-role/${role.name}/${user.userName}`,
      userId: `${role.roleId}:${user.userName}`,
      roleArn: role.arn,
      sessionName: user.userName,
    };
    const expiresAt = this.deps.clock.now().getTime() + assigned.sessionSeconds * 1000;
    const credentials = await this.deps.iam.issueSessionCredentials(principal, expiresAt);
    this.deps.log.info(
      { identityStoreId: user.identityStoreId, userName: user.userName, accountId, roleName, accessKeyId: credentials.accessKeyId },
      'sso: role credentials issued',
    );
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiresAt,
    };
  }

  /** Ends the sign-in the token belongs to (its refresh token too); credentials already issued run their course. */
  async logout(accessToken: string): Promise<void> {
    await this.#caller(accessToken);
    await this.deps.tokens.revoke(accessToken);
  }

  async #caller(accessToken: string): Promise<Caller> {
    const grant = await this.deps.tokens.verify(accessToken);
    if (!grant || (grant.scopes.length > 0 && !grant.scopes.some((s) => PORTAL_SCOPES.includes(s)))) throw portalErrors.unauthorized();
    const user = await this.deps.users.user(grant.identityStoreId, grant.userId);
    if (!user?.enabled) throw portalErrors.unauthorized();
    const groupIds = await this.deps.users.groupIdsOfUser(grant.identityStoreId, grant.userId);
    return { grant, user, principals: { userId: user.userId, groupIds } };
  }
}
