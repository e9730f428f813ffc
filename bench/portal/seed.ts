import type { RunningServer } from '../../src/server/server.js';
import { seedOrganization } from '../organizations/seed.js';
import { seedUserAccess, ssoAccessToken } from './user-access.js';

// What the portal scenario measures against, made in the gatehouse child before its ready line
// (serve-gatehouse.ts with BENCH_PORTAL=1): an organization with one member account, Identity Center with user
// `dev` assigned AdministratorAccess on it (its AWSReservedSSO_ role provisioned), and dev's SSO access token from
// the device flow. The token is a bearer secret of a throwaway in-memory server, handed to the parent on the ready
// line like the root key is.

export interface PortalSeed {
  readonly accountId: string;
  readonly roleName: string;
  readonly accessToken: string;
}

export async function portalSeed(server: RunningServer): Promise<PortalSeed> {
  const root = server.bootstrapped;
  if (!root) throw new Error('gatehouse did not bootstrap a management account');
  const credentials = { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
  const quiet = (): void => undefined;
  const { organization } = await seedOrganization('gatehouse', server.url, credentials, process.pid, { accounts: 1, ous: 1, concurrency: 1 }, quiet);
  const access = await seedUserAccess(server.url, credentials, organization.accountIds, 1);
  const { accessToken } = await ssoAccessToken(server, access);
  return { accountId: organization.accountIds[0]!, roleName: access.roleNames[0]!, accessToken };
}
