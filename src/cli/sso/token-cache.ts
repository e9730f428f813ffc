import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SsoSession } from '../aws-config/config-file.js';
import { parseTimestamp, pythonJsonDumps, readJsonFile, sha1Hex, writePrivateJson } from '../aws-config/json-files.js';
import { ssoCacheDir } from '../aws-config/paths.js';

// ~/.aws/sso/cache exactly as the AWS CLI writes it (botocore SSOTokenFetcher, awscli customizations/sso), so
// `aws`, boto3 and SDK v3 use a gatehouse sign-in and refresh it, and gatehouse uses theirs:
//   <sha1(sso-session name)>.json, or <sha1(start URL)>.json for a legacy profile: the token
//   <sha1(json.dumps({tool, startUrl, region, scopes, session_name}, sort_keys=True))>.json: the client registration

/** The token file's fields (botocore's and smithy's SSOToken). Times are botocore's `...Z` strings. */
export interface CachedToken {
  readonly startUrl: string;
  readonly region: string;
  readonly accessToken: string;
  readonly expiresAt: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly registrationExpiresAt?: string;
  readonly refreshToken?: string;
}

/** The registration file's fields; `grantTypes` only for an authorization-code (PKCE) client. */
export interface CachedRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: string;
  readonly scopes?: readonly string[];
  readonly grantTypes?: readonly string[];
}

export function tokenCachePath(session: SsoSession, env: NodeJS.ProcessEnv = process.env): string {
  return join(ssoCacheDir(env), `${sha1Hex(session.name ?? session.startUrl)}.json`);
}

export function registrationCachePath(session: SsoSession, env: NodeJS.ProcessEnv = process.env): string {
  const key = pythonJsonDumps({
    tool: 'botocore',
    startUrl: session.startUrl,
    region: session.region,
    scopes: session.scopes ?? null,
    session_name: session.name ?? null,
  });
  return join(ssoCacheDir(env), `${sha1Hex(key)}.json`);
}

export async function readToken(session: SsoSession, env: NodeJS.ProcessEnv = process.env): Promise<CachedToken | undefined> {
  const token = await readJsonFile<Partial<CachedToken>>(tokenCachePath(session, env));
  if (!token || typeof token.accessToken !== 'string' || !parseTimestamp(token.expiresAt)) return undefined;
  return token as CachedToken;
}

export function writeToken(session: SsoSession, token: CachedToken, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return writePrivateJson(tokenCachePath(session, env), token);
}

export function deleteToken(session: SsoSession, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return rm(tokenCachePath(session, env), { force: true });
}

export async function readRegistration(session: SsoSession, env: NodeJS.ProcessEnv = process.env): Promise<CachedRegistration | undefined> {
  const registration = await readJsonFile<Partial<CachedRegistration>>(registrationCachePath(session, env));
  if (!registration || typeof registration.clientId !== 'string' || typeof registration.clientSecret !== 'string') return undefined;
  if (!parseTimestamp(registration.expiresAt)) return undefined;
  return registration as CachedRegistration;
}

export function writeRegistration(session: SsoSession, registration: CachedRegistration, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return writePrivateJson(registrationCachePath(session, env), registration);
}

/** Seconds left before `timestamp`, negative once past it. */
export function secondsLeft(timestamp: string | undefined, now: Date = new Date()): number {
  const date = parseTimestamp(timestamp);
  return date ? (date.getTime() - now.getTime()) / 1000 : Number.NEGATIVE_INFINITY;
}

/** botocore treats tokens and registrations with less than 15 minutes left as expired. */
export const expiryWindowSeconds = 15 * 60;
