import type {
  GetRoleCredentialsRequest,
  GetRoleCredentialsResponse,
  ListAccountRolesRequest,
  ListAccountRolesResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  LogoutRequest,
  SsoApi,
} from '../../aws/api/sso.js';
import type { PortalDomain } from './domain.js';

// The access portal (botocore `sso`), wire <-> domain. Unsigned: the x-amz-sso_bearer_token header is the credential.

export class SsoPortalProvider implements SsoApi {
  constructor(private readonly portal: PortalDomain) {}

  async ListAccounts(input: ListAccountsRequest): Promise<ListAccountsResponse> {
    const page = await this.portal.listAccounts(input.accessToken, { maxResults: input.maxResults, nextToken: input.nextToken });
    return { accountList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  async ListAccountRoles(input: ListAccountRolesRequest): Promise<ListAccountRolesResponse> {
    const page = await this.portal.listAccountRoles(input.accessToken, input.accountId, { maxResults: input.maxResults, nextToken: input.nextToken });
    return { roleList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  async GetRoleCredentials(input: GetRoleCredentialsRequest): Promise<GetRoleCredentialsResponse> {
    return { roleCredentials: await this.portal.getRoleCredentials(input.accessToken, input.accountId, input.roleName) };
  }

  async Logout(input: LogoutRequest): Promise<void> {
    await this.portal.logout(input.accessToken);
  }
}
