import { awsTimestamp } from '../aws-config/json-files.js';
import type { RoleCredentials } from './role-credentials.js';

// The environment a role's credentials become: the AWS CLI's export-credentials names plus Granted's
// AWS_SESSION_EXPIRATION, the region under both names, and AWS_PROFILE cleared (with keys in the environment a
// leftover profile only confuses tools that prefer it). GATEHOUSE_PROFILE says which profile is active (prompts).

export const assumedVariableNames = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_SESSION_EXPIRATION',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'GATEHOUSE_PROFILE',
] as const;

export type AssumedVariables = Readonly<Record<(typeof assumedVariableNames)[number], string | undefined>>;

export function assumedVariables(profile: string, credentials: RoleCredentials, region: string): AssumedVariables {
  const expiration = awsTimestamp(credentials.expiration);
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: expiration,
    AWS_SESSION_EXPIRATION: expiration,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_PROFILE: undefined,
    GATEHOUSE_PROFILE: profile,
  };
}

/** What points the SDKs at a credential server (`assume --ecs-server`); the last two would win over the first two. */
const containerVariableNames = [
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const;

/** What points the SDKs at an IMDS server (`assume --imds-server`). */
const imdsVariableNames = ['AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE'] as const;

/**
 * What else comes before a credential server in the SDKs' chains (web identity, between the profile and the
 * container), or turns IMDS off or at another role name: cleared for a server's clients, left alone by --unset.
 */
const shadowingVariableNames = ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME'] as const;
const imdsOffVariableNames = ['AWS_EC2_METADATA_DISABLED', 'AWS_EC2_INSTANCE_PROFILE_NAME'] as const;

export type Variables = Readonly<Record<string, string | undefined>>;

/** Every variable assume sets cleared (`assume --unset`), a credential server's too. */
export function clearedVariables(): Variables {
  return Object.fromEntries([...assumedVariableNames, ...containerVariableNames, ...imdsVariableNames].map((name) => [name, undefined]));
}

function serverClients(profile: string, region: string): Variables {
  return {
    ...clearedVariables(),
    ...Object.fromEntries(shadowingVariableNames.map((name) => [name, undefined])),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    GATEHOUSE_PROFILE: profile,
  };
}

/**
 * The environment of an ECS credential server's clients: its URL and token, with keys, AWS_PROFILE, web identity
 * and any other container settings cleared (every credential chain prefers them to the container provider).
 */
export function containerVariables(profile: string, server: { readonly url: string; readonly token: string }, region: string): Variables {
  return {
    ...serverClients(profile, region),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
  };
}

/**
 * The environment of an IMDS server's clients: AWS_EC2_METADATA_SERVICE_ENDPOINT (SDK v3, botocore and the AWS CLI
 * read it; the mode IPv4 so a leftover IPv6 mode neither warns nor wins), with what every chain tries before IMDS
 * cleared (keys, AWS_PROFILE, web identity, the container variables) and AWS_EC2_METADATA_DISABLED and
 * AWS_EC2_INSTANCE_PROFILE_NAME, which would skip IMDS or ask it for another role.
 */
export function imdsVariables(profile: string, server: { readonly url: string }, region: string): Variables {
  return {
    ...serverClients(profile, region),
    ...Object.fromEntries(imdsOffVariableNames.map((name) => [name, undefined])),
    AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url,
    AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv4',
  };
}

/** The credential_process document (Version 1), with AccountId for SDK v3. */
export function credentialProcessDocument(credentials: RoleCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: awsTimestamp(credentials.expiration),
    AccountId: credentials.accountId,
  });
}
