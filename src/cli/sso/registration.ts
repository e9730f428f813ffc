import type { SsoSession } from '../aws-config/config-file.js';
import { awsTimestamp } from '../aws-config/json-files.js';
import type { SsoClients } from './aws-clients.js';
import { expiryWindowSeconds, readRegistration, secondsLeft, writeRegistration, type CachedRegistration } from './token-cache.js';

// The OIDC client registration a sign-in uses, shared with the AWS CLI through its registration cache file: reused
// while it has more than botocore's 15 minutes left and allows the flow; otherwise registered again and rewritten.

export type SignInFlow = 'device-code' | 'authorization-code';

/** The AWS CLI registers its PKCE client with a port-less loopback redirect; the port is chosen per sign-in. */
export const loopbackRedirectUri = 'http://127.0.0.1/oauth/callback';
const authorizationCodeGrants = ['authorization_code', 'refresh_token'];

function allows(registration: CachedRegistration, flow: SignInFlow): boolean {
  const grants = registration.grantTypes;
  if (flow === 'authorization-code') return grants?.includes('authorization_code') === true;
  // botocore: a registration without grantTypes is a device-code client.
  return grants === undefined || grants.includes('urn:ietf:params:oauth:grant-type:device_code');
}

export async function clientRegistration(
  session: SsoSession,
  flow: SignInFlow,
  clients: SsoClients,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CachedRegistration & { readonly authorizationEndpoint?: string }> {
  const cached = await readRegistration(session, env);
  if (cached && secondsLeft(cached.expiresAt) > expiryWindowSeconds && allows(cached, flow)) return cached;

  const { RegisterClientCommand } = await clients.commands();
  const oidc = await clients.oidc();
  const clientName = `gatehouse-${session.name ?? Math.floor(Date.now() / 1000)}`;
  const scopes = session.scopes && session.scopes.length > 0 ? [...session.scopes] : undefined;
  const response = await oidc.send(
    new RegisterClientCommand({
      clientName,
      clientType: 'public',
      ...(scopes ? { scopes } : {}),
      ...(flow === 'authorization-code' ? { grantTypes: authorizationCodeGrants, redirectUris: [loopbackRedirectUri], issuerUrl: session.startUrl } : {}),
    }),
  );
  if (!response.clientId || !response.clientSecret || response.clientSecretExpiresAt === undefined) {
    throw new Error('RegisterClient answered without clientId, clientSecret or clientSecretExpiresAt');
  }
  const registration: CachedRegistration = {
    clientId: response.clientId,
    clientSecret: response.clientSecret,
    expiresAt: awsTimestamp(new Date(response.clientSecretExpiresAt * 1000)),
    ...(scopes ? { scopes } : {}),
    ...(flow === 'authorization-code' ? { grantTypes: authorizationCodeGrants } : {}),
  };
  await writeRegistration(session, registration, env);
  return { ...registration, ...(response.authorizationEndpoint ? { authorizationEndpoint: response.authorizationEndpoint } : {}) };
}
