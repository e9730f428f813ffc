import type { SsoSession } from '../aws-config/config-file.js';
import { awsTimestamp } from '../aws-config/json-files.js';
import { ssoClients } from './aws-clients.js';
import { authorizationCodeSignIn, type AuthorizeRequest } from './authorization-code-flow.js';
import { deviceCodeSignIn, type DeviceCodePrompt } from './device-flow.js';
import { oidcBaseUrl } from './endpoints.js';
import { withLoginLock } from './login-lock.js';
import { clientRegistration, type SignInFlow } from './registration.js';
import { expiryWindowSeconds, readToken, saveToken, secondsLeft, type CachedToken } from './token-cache.js';
import type { TokenGrant } from './token-grant.js';

// A sign-in to one sso-session: under the session's login lock, with the registration the AWS CLI would use, by
// either flow, ending in the token file the AWS CLI and the SDKs read (and refresh, thanks to the refresh token).

export interface SignInOptions {
  readonly flow: SignInFlow;
  readonly endpoint: string | undefined;
  /** Sign in even when the cache holds a valid token (the AWS CLI's `sso login` always does). */
  readonly force: boolean;
  /** Keep the refresh token in gatehouse's secret store only, not in the AWS CLI's file. */
  readonly privateRefreshToken?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly showDeviceCode: (prompt: DeviceCodePrompt) => void;
  readonly showAuthorizeUrl: (request: AuthorizeRequest) => void;
  readonly onWait: () => void;
}

export interface SignInResult {
  readonly token: CachedToken;
  /** True when another process signed in while this one waited for the lock, and its token was used. */
  readonly reused: boolean;
}

export function signIn(session: SsoSession, options: SignInOptions): Promise<SignInResult> {
  const env = options.env ?? process.env;
  return withLoginLock(
    session,
    async (waited) => {
      if (waited || !options.force) {
        const cached = await readToken(session, env);
        if (cached && secondsLeft(cached.expiresAt) > expiryWindowSeconds) return { token: cached, reused: true };
      }
      const clients = ssoClients(session.region, options.endpoint, env);
      const registration = await clientRegistration(session, options.flow, clients, env);
      const grant: TokenGrant =
        options.flow === 'device-code'
          ? await deviceCodeSignIn(session.startUrl, registration, clients, options.showDeviceCode)
          : await authorizationCodeSignIn(registration, clients, {
              authorizeEndpoint: registration.authorizationEndpoint ?? `${oidcBaseUrl(session.region, options.endpoint, env)}/authorize`,
              scopes: session.scopes,
              open: options.showAuthorizeUrl,
            });
      const token = tokenFile(session, grant, registration);
      await saveToken(session, token, options.privateRefreshToken === true, env);
      return { token, reused: false };
    },
    { env, onWait: options.onWait },
  );
}

export function tokenFile(
  session: SsoSession,
  grant: TokenGrant,
  registration: { readonly clientId: string; readonly clientSecret: string; readonly expiresAt: string },
): CachedToken {
  return {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: grant.accessToken,
    expiresAt: awsTimestamp(new Date(Date.now() + grant.expiresInSeconds * 1000)),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: registration.expiresAt,
    ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
  };
}
