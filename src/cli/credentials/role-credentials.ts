import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SsoProfile } from '../aws-config/config-file.js';
import { awsTimestamp, parseTimestamp, pythonJsonDumps, readJsonFile, sha1Hex } from '../aws-config/json-files.js';
import { cliCacheDir } from '../aws-config/paths.js';
import { CliError, exitCodes } from '../errors.js';
import { secretStore } from '../secure-store/open-store.js';
import { accessToken, loginRequired } from '../sso/access-token.js';
import { errorName, ssoClients } from '../sso/aws-clients.js';
import { expiryWindowSeconds, secondsLeft } from '../sso/token-cache.js';

// A role's temporary credentials from the portal's GetRoleCredentials, cached in gatehouse's secret store (the OS
// keychain, else a 0600 file: secure-store/) under the name botocore's SSOCredentialFetcher gives them (the sha1 of
// {"accountId","roleName","sessionName"|"startUrl"}). Nothing else reads them there, so they stay out of plaintext
// files where a keychain exists; credentials the AWS CLI cached for the same role (~/.aws/cli/cache/<that sha1>.json)
// are used too. Used while more than botocore's 15 minutes are left.

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly accountId: string;
}

interface CacheFile {
  readonly ProviderType?: string;
  readonly Credentials?: {
    readonly AccessKeyId?: string;
    readonly SecretAccessKey?: string;
    readonly SessionToken?: string;
    readonly Expiration?: string;
    readonly AccountId?: string;
  };
}

type RoleTarget = Pick<SsoProfile, 'accountId' | 'roleName' | 'session'>;

/** botocore's cache key for a role's credentials. */
function roleCacheKey(target: RoleTarget): string {
  const key: Record<string, string> = { accountId: target.accountId, roleName: target.roleName };
  if (target.session.name) key['sessionName'] = target.session.name;
  else key['startUrl'] = target.session.startUrl;
  return sha1Hex(pythonJsonDumps(key, true));
}

/** The AWS CLI's file for the role's credentials. */
export function roleCachePath(target: RoleTarget, env: NodeJS.ProcessEnv = process.env): string {
  return join(cliCacheDir(env), `${roleCacheKey(target)}.json`);
}

/** The secret store's key for the role's credentials. */
export const roleStorePrefix = 'role-credentials.';
export function roleStoreKey(target: RoleTarget): string {
  return `${roleStorePrefix}${roleCacheKey(target)}`;
}

function parseCacheFile(text: string | undefined): CacheFile | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as CacheFile;
  } catch {
    return undefined;
  }
}

export async function cachedRoleCredentials(target: SsoProfile, env: NodeJS.ProcessEnv = process.env): Promise<RoleCredentials | undefined> {
  return (
    (await storedCredentials(roleStoreKey(target), target.accountId, env)) ??
    usable(target.accountId, await readJsonFile<CacheFile>(roleCachePath(target, env)))
  );
}

/** Credentials kept in the secret store under `key`, if more than the refresh window is left. */
export async function storedCredentials(key: string, accountId: string, env: NodeJS.ProcessEnv = process.env): Promise<RoleCredentials | undefined> {
  const { store } = await secretStore(env);
  return usable(accountId, parseCacheFile(await store.get(key)));
}

/** Keeps credentials in the secret store under `key`, in botocore's cache-file shape. */
export async function storeCredentials(key: string, providerType: string, credentials: RoleCredentials, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { store } = await secretStore(env);
  await store.set(key, JSON.stringify({
    ProviderType: providerType,
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: awsTimestamp(credentials.expiration),
      AccountId: credentials.accountId,
    },
  }));
}

function usable(accountId: string, file: CacheFile | undefined): RoleCredentials | undefined {
  const c = file?.Credentials;
  const expiration = parseTimestamp(c?.Expiration);
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !expiration) return undefined;
  if (secondsLeft(c.Expiration) <= expiryWindowSeconds) return undefined;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration, accountId: c.AccountId ?? accountId };
}

export interface FetchOptions {
  readonly endpoint: string | undefined;
  /** Skip the cache (still writes it). */
  readonly refresh?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export async function roleCredentials(target: SsoProfile, options: FetchOptions): Promise<RoleCredentials> {
  const env = options.env ?? process.env;
  if (!options.refresh) {
    const cached = await cachedRoleCredentials(target, env);
    if (cached) return cached;
  }
  const token = await accessToken(target.session, options.endpoint, env);
  const clients = ssoClients(target.session.region, options.endpoint, env);
  const { GetRoleCredentialsCommand } = await clients.commands();
  let response;
  try {
    response = await (await clients.portal()).send(
      new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: target.accountId, roleName: target.roleName }),
    );
  } catch (error) {
    const name = errorName(error);
    if (name === 'UnauthorizedException') throw loginRequired(target.session, 'the sign-in was not accepted (signed out or expired)');
    if (name === 'ForbiddenException' || name === 'ResourceNotFoundException') {
      throw new CliError(`you cannot use role ${target.roleName} in account ${target.accountId} (${(error as Error).message})`, exitCodes.failure);
    }
    throw error;
  }
  const role = response.roleCredentials;
  if (!role?.accessKeyId || !role.secretAccessKey || !role.sessionToken || role.expiration === undefined) {
    throw new Error('GetRoleCredentials answered without complete roleCredentials');
  }
  const credentials: RoleCredentials = {
    accessKeyId: role.accessKeyId,
    secretAccessKey: role.secretAccessKey,
    sessionToken: role.sessionToken,
    // The portal gives epoch milliseconds.
    expiration: new Date(role.expiration),
    accountId: target.accountId,
  };
  await storeCredentials(roleStoreKey(target), 'sso', credentials, env);
  return credentials;
}

/** Deletes the role's cached credentials: gatehouse's and the AWS CLI's. */
export async function forgetRoleCredentials(target: RoleTarget, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { store } = await secretStore(env);
  await Promise.all([store.delete(roleStoreKey(target)), rm(roleCachePath(target, env), { force: true })]);
}
