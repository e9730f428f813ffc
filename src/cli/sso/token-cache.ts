import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SsoSession } from '../aws-config/config-file.js';
import { parseTimestamp, pythonJsonDumps, readJsonFile, sha1Hex, writePrivateJson } from '../aws-config/json-files.js';
import { ssoCacheDir } from '../aws-config/paths.js';
import { secretStore } from '../secure-store/open-store.js';

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

export async function deleteToken(session: SsoSession, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { store } = await secretStore(env);
  await Promise.all([rm(tokenCachePath(session, env), { force: true }), store.delete(refreshTokenKey(session))]);
}

// A private refresh token (login --private-refresh-token): the AWS CLI's file keeps the access token, the client
// and the registration's expiry, so aws, boto3 and the SDKs use the sign-in until the access token expires; the
// refresh token, the secret that outlives it (up to the portal session, 8 hours by default, 90 days at most), is
// only in gatehouse's secret store, so only gatehouse can refresh, and writes each new access token back.

export const refreshTokenPrefix = 'refresh-token.';
export function refreshTokenKey(session: SsoSession): string {
  return `${refreshTokenPrefix}${sha1Hex(session.name ?? session.startUrl)}`;
}

export const privateRefreshTokenVariable = 'GATEHOUSE_PRIVATE_REFRESH_TOKEN';

/** True when GATEHOUSE_PRIVATE_REFRESH_TOKEN asks for it (1, true, yes). */
export function privateRefreshTokenWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['1', 'true', 'yes'].includes((env[privateRefreshTokenVariable] ?? '').toLowerCase());
}

/**
 * Saves a sign-in: whole in the AWS CLI's file, or, when `privateRefreshToken`, with its refresh token in the
 * secret store only. Returns the token as this process uses it (with the refresh token).
 */
export async function saveToken(session: SsoSession, token: CachedToken, privateRefreshToken: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { store } = await secretStore(env);
  const { refreshToken, ...shared } = token;
  if (privateRefreshToken && refreshToken) {
    await store.set(refreshTokenKey(session), refreshToken);
    await writeToken(session, shared, env);
    return;
  }
  await writeToken(session, token, env);
  await store.delete(refreshTokenKey(session));
}

/** The refresh token of the sign-in: in the AWS CLI's file, else (private) in the secret store. */
export async function refreshTokenOf(session: SsoSession, token: CachedToken, env: NodeJS.ProcessEnv = process.env): Promise<{ readonly refreshToken?: string; readonly isPrivate: boolean }> {
  if (token.refreshToken) return { refreshToken: token.refreshToken, isPrivate: false };
  const { store } = await secretStore(env);
  const stored = await store.get(refreshTokenKey(session));
  return stored ? { refreshToken: stored, isPrivate: true } : { isPrivate: false };
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
