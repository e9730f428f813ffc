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

/** Every assumed variable cleared (`assume --unset`). */
export function clearedVariables(): AssumedVariables {
  return Object.fromEntries(assumedVariableNames.map((name) => [name, undefined])) as AssumedVariables;
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
