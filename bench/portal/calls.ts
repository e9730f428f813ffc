import { hasArn, send } from '../http-check.js';
import { parseJson, type BenchCall } from '../measure-calls.js';
import { bearerGet, getCallerIdentity, signCall, type Credentials } from '../signed-request.js';
import { dummyCredentials, type StartedServer, type TargetName } from '../targets.js';
import type { PortalSeed } from './seed.js';

// The two calls a developer's `aws` makes after `aws sso login`: the portal's GetRoleCredentials with the SSO access
// token, then a signed call with the role credentials it returned (GetCallerIdentity, the cheapest one).

export const bearerHeader = 'x-amz-sso_bearer_token';

const roleCredentialsPath = (seed: PortalSeed): string =>
  `/federation/credentials?account_id=${encodeURIComponent(seed.accountId)}&role_name=${encodeURIComponent(seed.roleName)}`;

/** moto and the ceiling check no signature: any session credentials do, sent the same way. */
const dummySession: Credentials = { ...dummyCredentials, sessionToken: 'IQoJb3JpZ2luX2VjEBenchDummySessionToken' };

interface RoleCredentials {
  readonly accessKeyId?: unknown;
  readonly secretAccessKey?: unknown;
  readonly sessionToken?: unknown;
  readonly expiration?: unknown;
}

function roleCredentials(body: string): RoleCredentials {
  const value = parseJson(body)['roleCredentials'];
  return typeof value === 'object' && value !== null ? (value as RoleCredentials) : {};
}

/** Asks gatehouse's portal for the role's credentials once, to sign the second call with. */
export async function fetchRoleCredentials(server: StartedServer, seed: PortalSeed): Promise<Credentials> {
  const reply = await send(bearerGet(server.url, roleCredentialsPath(seed), bearerHeader, seed.accessToken));
  const c = roleCredentials(reply.body);
  if (reply.status !== 200 || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || typeof c.sessionToken !== 'string') {
    throw new Error(`gatehouse did not answer GetRoleCredentials (HTTP ${reply.status}): ${reply.body.slice(0, 500)}`);
  }
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

/**
 * The calls, for gatehouse's seed and the role credentials it issued. GetRoleCredentials goes to gatehouse and the
 * ceiling only (moto's server has no portal API); GetCallerIdentity to every target, signed with gatehouse's role
 * credentials for gatehouse and with dummy session credentials for the others.
 */
export function portalCalls(seed: PortalSeed, gatehouseRole: Credentials): BenchCall[] {
  return [
    {
      key: 'get-role-credentials',
      description: `sso GetRoleCredentials: GET /federation/credentials?account_id=<account>&role_name=${seed.roleName} with ${bearerHeader}: <the user's access token>`,
      operation: 'GetRoleCredentials',
      call: async (_target: TargetName, server: StartedServer) => bearerGet(server.url, roleCredentialsPath(seed), bearerHeader, seed.accessToken),
      check: (body) => {
        const c = roleCredentials(body);
        if (typeof c.accessKeyId !== 'string' || !c.accessKeyId.startsWith('ASIA')) return 'expected roleCredentials with an ASIA access key id';
        if (typeof c.secretAccessKey !== 'string' || typeof c.sessionToken !== 'string' || typeof c.expiration !== 'number') return 'expected a secret, a session token and an expiration';
        return undefined;
      },
      items: (body) => (roleCredentials(body).accessKeyId === undefined ? 0 : 1),
      freshAnswers: true,
    },
    {
      key: 'get-caller-identity-role-session',
      description: `sts GetCallerIdentity signed with the role credentials GetRoleCredentials issued (AWSReservedSSO_${seed.roleName}_... session, X-Amz-Security-Token)`,
      operation: 'GetCallerIdentity',
      call: (target: TargetName, server: StartedServer) => signCall(server.url, target === 'gatehouse' ? gatehouseRole : dummySession, getCallerIdentity),
      check: (body) => hasArn(body),
      items: (body) => (body.includes('<Arn>') ? 1 : 0),
    },
  ];
}
