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

export type Variables = Readonly<Record<string, string | undefined>>;

/** Every variable assume sets cleared (`assume --unset`), a credential server's too. */
export function clearedVariables(): Variables {
  return Object.fromEntries([...assumedVariableNames, ...containerVariableNames].map((name) => [name, undefined]));
}

/**
 * The environment of a credential server's clients: its URL and token, with keys, AWS_PROFILE and any other
 * container settings cleared (every credential chain prefers them to the container provider).
 */
export function containerVariables(profile: string, server: { readonly url: string; readonly token: string }, region: string): Variables {
  return {
    ...clearedVariables(),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    GATEHOUSE_PROFILE: profile,
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
