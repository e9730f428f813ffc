import { CliError, exitCodes } from '../errors.js';
import { errorName } from '../sso/aws-clients.js';
import { endpointFor } from '../sso/endpoints.js';
import type { RoleCredentials } from './role-credentials.js';

// STS AssumeRole with credentials in hand (a source profile's, the environment's, or the previous link of a chain),
// through SDK v3's STS client, loaded only when a role profile or --chain needs it.

/** Credentials that can sign a call: long-term keys have no session token. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly externalId?: string | undefined;
  readonly durationSeconds?: number | undefined;
}

export async function assumeRole(
  source: SigningCredentials,
  request: AssumeRoleRequest,
  region: string,
  endpointFlag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RoleCredentials> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const endpoint = endpointFor('sts', endpointFlag, env);
  const client = new STSClient({
    region,
    maxAttempts: 2,
    ...(endpoint ? { endpoint } : {}),
    credentials: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey, ...(source.sessionToken ? { sessionToken: source.sessionToken } : {}) },
  });
  let response;
  try {
    response = await client.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        ...(request.externalId !== undefined ? { ExternalId: request.externalId } : {}),
        ...(request.durationSeconds !== undefined ? { DurationSeconds: request.durationSeconds } : {}),
      }),
    );
  } catch (error) {
    const name = errorName(error);
    if (name === 'AccessDenied' || name === 'ValidationError' || name === 'ExpiredTokenException' || name === 'InvalidClientTokenId') {
      throw new CliError(`could not assume ${request.roleArn}: ${name}: ${(error as Error).message}`, exitCodes.failure);
    }
    throw error;
  } finally {
    client.destroy();
  }
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('AssumeRole answered without complete Credentials');
  // arn:aws:sts::<account>:assumed-role/<role>/<session>
  const accountId = response.AssumedRoleUser?.Arn?.split(':')[4] ?? request.roleArn.split(':')[4] ?? '';
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration, accountId };
}
