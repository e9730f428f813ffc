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
  /** The MFA device and its current code (mfa_serial). */
  readonly mfa?: MfaCode | undefined;
}

export interface MfaCode {
  readonly serialNumber: string;
  readonly tokenCode: string;
}

async function stsClient(source: SigningCredentials, region: string, endpointFlag: string | undefined, env: NodeJS.ProcessEnv) {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const sdk = await import('@aws-sdk/client-sts');
  const endpoint = endpointFor('sts', endpointFlag, env);
  const client = new sdk.STSClient({
    region,
    maxAttempts: 2,
    ...(endpoint ? { endpoint } : {}),
    credentials: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey, ...(source.sessionToken ? { sessionToken: source.sessionToken } : {}) },
  });
  return { sdk, client };
}

/** An STS answer a person can act on, saying what was asked; `code` is STS's error code. */
export class StsRefusal extends CliError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message, exitCodes.failure);
  }

  /** The credentials that signed the call are not (or no longer) good: unknown, deactivated, expired. */
  get credentialsRefused(): boolean {
    return this.code === 'InvalidClientTokenId' || this.code === 'ExpiredTokenException' || this.code === 'ExpiredToken';
  }
}

/** STS's answers a person can act on become a StsRefusal saying what was asked. */
function explained(error: unknown, what: string): unknown {
  const name = errorName(error);
  if (name === 'AccessDenied' || name === 'ValidationError' || name === 'ExpiredTokenException' || name === 'ExpiredToken' || name === 'InvalidClientTokenId') {
    return new StsRefusal(name, `could not ${what}: ${name}: ${(error as Error).message}`);
  }
  return error;
}

const mfaParameters = (mfa: MfaCode | undefined) => (mfa ? { SerialNumber: mfa.serialNumber, TokenCode: mfa.tokenCode } : {});

/** Where an STS call goes: the region, and --endpoint (else AWS_ENDPOINT_URL(_STS), else AWS). */
export interface StsTarget {
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly env: NodeJS.ProcessEnv;
}

type Sts = Awaited<ReturnType<typeof stsClient>>;

/** One STS client for `call`, its errors said as `what` failing, destroyed after. */
async function withSts<T>(source: SigningCredentials, target: StsTarget, what: string, call: (sts: Sts) => Promise<T>): Promise<T> {
  const sts = await stsClient(source, target.region, target.endpoint, target.env);
  try {
    return await call(sts);
  } catch (error) {
    throw explained(error, what);
  } finally {
    sts.client.destroy();
  }
}

export function assumeRole(source: SigningCredentials, request: AssumeRoleRequest, target: StsTarget): Promise<RoleCredentials> {
  return withSts(source, target, `assume ${request.roleArn}`, async ({ sdk, client }) => {
    const response = await client.send(
      new sdk.AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        ...(request.externalId !== undefined ? { ExternalId: request.externalId } : {}),
        ...(request.durationSeconds !== undefined ? { DurationSeconds: request.durationSeconds } : {}),
        ...mfaParameters(request.mfa),
      }),
    );
    // arn:aws:sts::<account>:assumed-role/<role>/<session>
    const accountId = response.AssumedRoleUser?.Arn?.split(':')[4] ?? request.roleArn.split(':')[4] ?? '';
    return complete(response.Credentials, accountId, 'AssumeRole');
  });
}

/** GetSessionToken with an IAM user's long-term keys and, with mfa_serial, its MFA code (as aws-vault does). */
export function sessionToken(source: SigningCredentials, mfa: MfaCode | undefined, durationSeconds: number | undefined, target: StsTarget): Promise<RoleCredentials> {
  return withSts(source, target, 'get a session token', async ({ sdk, client }) => {
    const response = await client.send(new sdk.GetSessionTokenCommand({ ...(durationSeconds !== undefined ? { DurationSeconds: durationSeconds } : {}), ...mfaParameters(mfa) }));
    const accountId = mfa?.serialNumber.split(':')[4] ?? (await client.send(new sdk.GetCallerIdentityCommand({}))).Account ?? '';
    return complete(response.Credentials, accountId, 'GetSessionToken');
  });
}

function complete(
  c: { AccessKeyId?: string | undefined; SecretAccessKey?: string | undefined; SessionToken?: string | undefined; Expiration?: Date | undefined } | undefined,
  accountId: string,
  operation: string,
): RoleCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error(`${operation} answered without complete Credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration, accountId };
}
