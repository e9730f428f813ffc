import type { Principal } from '../../aws/auth/principal.js';
import { partition } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { portalErrors } from './errors.js';
import { pageCursor, toPage, toPageAsync, type Page, type PageRequest } from './pagination.js';
import type { AccessGrant, AccessTokens, AssignedPrincipals, DirectoryUser, IdentityDirectory, PortalDirectory, PortalIam, SessionTagSource } from './ports.js';

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

/** An account as the portal home lists it: with the roles (permission set names) the user has there. */
export interface AccountWithRoles extends AccountView {
  readonly roles: readonly string[];
}

/** Who is signed in to the portal pages (sign-in's PortalSession has these and more). */
export interface PortalWebSession {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly userId: string;
}

/** What the portal pages (src/web) ask of the portal for a signed-in user. */
export type PortalWeb = Pick<PortalDomain, 'accountsOf' | 'roleCredentialsOf'>;

export interface PortalDeps {
  readonly tokens: AccessTokens;
  readonly users: IdentityDirectory;
  readonly access: PortalDirectory;
  /** The user's attributes for access control, which the role session carries as session tags. */
  readonly sessionTags: SessionTagSource;
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
    const caller = await this.#caller(accessToken);
    return this.#roleCredentials(caller.grant.instanceArn, caller, accountId, roleName);
  }

  /** Ends the sign-in the token belongs to (its refresh token too); credentials already issued run their course. */
  async logout(accessToken: string): Promise<void> {
    await this.#caller(accessToken);
    await this.deps.tokens.revoke(accessToken);
  }

  // ---- the portal pages: the same answers for a signed-in portal session instead of an OIDC access token

  /** Every account the session's user reaches, with the permission sets (roles) it has there, by account id. */
  async accountsOf(session: PortalWebSession): Promise<readonly AccountWithRoles[]> {
    const caller = await this.#callerOf(session.identityStoreId, session.userId);
    const ids: string[] = [];
    for (let after: string | undefined; ; ) {
      const batch = await this.deps.access.assignedAccounts(session.instanceArn, caller.principals, after, 500);
      ids.push(...batch);
      if (batch.length < 500) break;
      after = batch[batch.length - 1];
    }
    const rows = new Map((await this.deps.iam.accounts(ids)).map((row) => [row.id, row]));
    return Promise.all(
      ids.map(async (id) => ({
        accountId: id,
        accountName: rows.get(id)?.name ?? id,
        emailAddress: rows.get(id)?.email ?? '',
        roles: await this.deps.access.assignedPermissionSets(session.instanceArn, caller.principals, id, undefined, 1000),
      })),
    );
  }

  /** Role credentials for the session's user (the console link and "Command line or programmatic access"). */
  async roleCredentialsOf(session: PortalWebSession, accountId: string, roleName: string): Promise<RoleCredentialsView> {
    const caller = await this.#callerOf(session.identityStoreId, session.userId);
    return this.#roleCredentials(session.instanceArn, caller, accountId, roleName);
  }

  async #roleCredentials(instanceArn: string, caller: Pick<Caller, 'user' | 'principals'>, accountId: string, roleName: string): Promise<RoleCredentialsView> {
    const { user, principals } = caller;
    const assigned = await this.deps.access.assignedRole(instanceArn, principals, accountId, roleName);
    const role = assigned && (await this.deps.iam.role(accountId, assigned.roleName));
    if (!assigned || !role) throw portalErrors.forbidden();
    const now = this.deps.clock.now().getTime();
    // AWS's "attributes for access control": the user's values become the session's tags (aws:PrincipalTag/<key>).
    // The sign-in does not record whether it used MFA, so the session claims none (mfaAuthenticatedAt).
    const tags = await this.deps.sessionTags.sessionTagsFor(instanceArn, user.userId);
    const principal: Principal = {
      type: 'assumed-role',
      accountId,
      arn: `arn:${partition}:sts::${accountId}:assumed-role/${role.name}/${user.userName}`,
      userId: `${role.roleId}:${user.userName}`,
      roleArn: role.arn,
      sessionName: user.userName,
      session: { issuedAt: now, ...(Object.keys(tags).length > 0 ? { tags } : {}) },
    };
    const expiresAt = now + assigned.sessionSeconds * 1000;
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

  async #caller(accessToken: string): Promise<Caller> {
    const grant = await this.deps.tokens.verify(accessToken);
    if (!grant || (grant.scopes.length > 0 && !grant.scopes.some((s) => PORTAL_SCOPES.includes(s)))) throw portalErrors.unauthorized();
    return { grant, ...(await this.#callerOf(grant.identityStoreId, grant.userId)) };
  }

  async #callerOf(identityStoreId: string, userId: string): Promise<Omit<Caller, 'grant'>> {
    const user = await this.deps.users.user(identityStoreId, userId);
    if (!user?.enabled) throw portalErrors.unauthorized();
    const groupIds = await this.deps.users.groupIdsOfUser(identityStoreId, userId);
    return { user, principals: { userId: user.userId, groupIds } };
  }
}
