import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, exitCodes } from '../errors.js';
import { errorName, type SsoClients } from './aws-clients.js';
import type { CachedRegistration } from './token-cache.js';
import type { TokenGrant } from './token-grant.js';

// The device authorization grant (RFC 8628) as AWS's OIDC service runs it: StartDeviceAuthorization, show the
// person the verification URL and code, then CreateToken every `interval` seconds until they approve; SlowDown adds
// five seconds (the RFC and botocore), and the device code's own expiry ends the wait.

const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const slowDownSeconds = 5;
const defaultIntervalSeconds = 5;

export interface DeviceCodePrompt {
  readonly verificationUri: string;
  readonly verificationUriComplete: string | undefined;
  readonly userCode: string;
  readonly expiresInSeconds: number;
}

export async function deviceCodeSignIn(
  startUrl: string,
  registration: CachedRegistration,
  clients: SsoClients,
  show: (prompt: DeviceCodePrompt) => void,
): Promise<TokenGrant> {
  const { StartDeviceAuthorizationCommand, CreateTokenCommand } = await clients.commands();
  const oidc = await clients.oidc();
  const authorization = await oidc.send(
    new StartDeviceAuthorizationCommand({ clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl }),
  );
  const { deviceCode, userCode, verificationUri } = authorization;
  if (!deviceCode || !userCode || !verificationUri) throw new Error('StartDeviceAuthorization answered without deviceCode, userCode or verificationUri');
  const expiresIn = authorization.expiresIn ?? 600;
  show({ verificationUri, verificationUriComplete: authorization.verificationUriComplete, userCode, expiresInSeconds: expiresIn });

  const deadline = Date.now() + expiresIn * 1000;
  let interval = authorization.interval && authorization.interval > 0 ? authorization.interval : defaultIntervalSeconds;
  for (;;) {
    await sleep(interval * 1000);
    try {
      const token = await oidc.send(
        new CreateTokenCommand({ grantType: deviceGrant, clientId: registration.clientId, clientSecret: registration.clientSecret, deviceCode }),
      );
      return grantOf(token);
    } catch (error) {
      const name = errorName(error);
      if (name === 'AuthorizationPendingException') {
        if (Date.now() < deadline) continue;
        throw new CliError('the sign-in was not approved before the code expired: run gatehouse login again', exitCodes.loginFailed);
      }
      if (name === 'SlowDownException') {
        interval += slowDownSeconds;
        continue;
      }
      if (name === 'ExpiredTokenException') throw new CliError('the sign-in code expired before it was approved: run gatehouse login again', exitCodes.loginFailed);
      if (name === 'AccessDeniedException') throw new CliError('the sign-in was denied', exitCodes.loginFailed);
      throw error;
    }
  }
}

export function grantOf(token: { accessToken?: string; expiresIn?: number; refreshToken?: string }): TokenGrant {
  if (!token.accessToken || token.expiresIn === undefined) throw new Error('CreateToken answered without accessToken or expiresIn');
  return { accessToken: token.accessToken, expiresInSeconds: token.expiresIn, ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}) };
}
