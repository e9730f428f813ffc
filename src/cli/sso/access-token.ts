import type { SsoSession } from '../aws-config/config-file.js';
import { CliError, exitCodes } from '../errors.js';
import { errorName, ssoClients } from './aws-clients.js';
import { grantOf } from './device-flow.js';
import { withLoginLock } from './login-lock.js';
import { tokenFile } from './sign-in.js';
import { expiryWindowSeconds, readToken, refreshTokenOf, saveToken, secondsLeft, type CachedToken } from './token-cache.js';

// The access token for calls to the portal: the cached one while it has time left; refreshed with its refresh
// token (as the AWS CLI and SDK do, and written back to the same file) when it is near its end, one process at a
// time; otherwise the person must sign in again, which is never started from here: these run from scripts and
// credential_process.

/** Below this, a token is not used even if a refresh failed (a call made with it could fail half-way). */
const minimumSeconds = 60;

export function loginCommand(session: SsoSession): string {
  return session.name ? `gatehouse login --sso-session ${session.name}` : `gatehouse login --start-url ${session.startUrl} --sso-region ${session.region}`;
}

/** No usable sign-in: says why and which login to run (exit code 3); `why` alone for those who sign in themselves. */
export class LoginRequiredError extends CliError {
  constructor(
    session: SsoSession,
    readonly why: string,
  ) {
    super(`${why}: run ${loginCommand(session)}`, exitCodes.loginRequired);
  }
}

export function loginRequired(session: SsoSession, why: string): LoginRequiredError {
  return new LoginRequiredError(session, why);
}

export async function accessToken(session: SsoSession, endpoint: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<CachedToken> {
  const cached = await readToken(session, env);
  const label = session.name ? `sso-session ${session.name}` : session.startUrl;
  if (!cached) throw loginRequired(session, `not signed in to ${label}`);
  if (secondsLeft(cached.expiresAt) > expiryWindowSeconds) return cached;
  // One refresh at a time per session (the login lock): a refresh token is used once, and a server that rotates
  // them (gatehouse, as OAuth advises) revokes the whole sign-in when one is presented twice. Whoever waited finds
  // the token the first one wrote.
  const current = await withLoginLock(
    session,
    async () => {
      const latest = (await readToken(session, env)) ?? cached;
      if (secondsLeft(latest.expiresAt) > expiryWindowSeconds) return latest;
      return (await refresh(session, latest, endpoint, env).catch(() => undefined)) ?? latest;
    },
    { env },
  );
  if (secondsLeft(current.expiresAt) > minimumSeconds) return current;
  throw loginRequired(session, `the sign-in to ${label} has expired`);
}

async function refresh(session: SsoSession, cached: CachedToken, endpoint: string | undefined, env: NodeJS.ProcessEnv): Promise<CachedToken | undefined> {
  const { clientId, clientSecret, registrationExpiresAt } = cached;
  const { refreshToken, isPrivate } = await refreshTokenOf(session, cached, env);
  // The SDK refreshes only sso-session tokens; so do we.
  if (!session.name || !clientId || !clientSecret || !refreshToken || secondsLeft(registrationExpiresAt) <= 0) return undefined;
  const clients = ssoClients(session.region, endpoint, env);
  const { CreateTokenCommand } = await clients.commands();
  try {
    const response = await (await clients.oidc()).send(new CreateTokenCommand({ grantType: 'refresh_token', clientId, clientSecret, refreshToken }));
    const grant = grantOf(response);
    const token = tokenFile(session, { ...grant, refreshToken: grant.refreshToken ?? refreshToken }, {
      clientId,
      clientSecret,
      expiresAt: registrationExpiresAt!,
    });
    await saveToken(session, token, isPrivate, env);
    return token;
  } catch (error) {
    if (['InvalidGrantException', 'ExpiredTokenException', 'InvalidClientException', 'UnauthorizedClientException'].includes(errorName(error))) return undefined;
    throw error;
  }
}
