import { join } from 'node:path';
import type { AwsConfig, RoleProfile, SsoSession } from '../aws-config/config-file.js';
import { parseIni } from '../aws-config/ini-parse.js';
import { pythonJsonDumps, readTextIfExists, sha1Hex } from '../aws-config/json-files.js';
import { awsConfigPaths, gatehouseCacheDir } from '../aws-config/paths.js';
import { withFileLock } from '../file-lock.js';
import { usageError } from '../errors.js';
import { parseDurationSeconds } from '../option-values.js';
import { assumeRole, sessionToken, StsRefusal, type MfaCode, type SigningCredentials, type StsTarget } from './assume-role.js';
import { mfaCode, type MfaPrompt } from './mfa-code.js';
import { roleCredentials, roleStoreKey, storeCredentials, storedCredentials, type RoleCredentials } from './role-credentials.js';

// A profile's credentials as the AWS CLI resolves them, for `assume` and `credential-process`: an IAM Identity Center
// profile through the portal; a profile with role_arn through STS AssumeRole with its source's credentials
// (source_profile, recursively, down to an sso-session profile or long-term keys; or credential_source =
// Environment), with external_id, role_session_name and duration_seconds; then each `--chain` role in turn. Every
// assumed role's credentials are cached in gatehouse's secret store like the portal's, keyed by what was asked and
// by whose credentials, and used while more than 15 minutes are left. mfa_serial, aws-vault's way: when the source of
// the role is an IAM user's long-term keys, AssumeRole is called without MFA parameters with an MFA session, a
// GetSessionToken with the keys and the code (GATEHOUSE_MFA_SESSION_TTL long, 8 hours by default, as aws-vault's
// AWS_CHAINED_SESSION_TOKEN_TTL for a role hop), which carries aws:MultiFactorAuthPresent into the role session and is cached too, so a
// refresh of the role needs no new code while it lasts (--no-mfa-session: the device and code go to every AssumeRole,
// as they do for any other source: an sso-session, the environment, a role); a profile of long-term keys asked for
// itself gets the same MFA session (for duration_seconds if it has one). MFA sessions are keyed by the access key id
// and the mfa_serial, so new keys need a new code; a kept one STS refuses is replaced once. The code (--mfa-code, the
// profile's mfa_process, a YubiKey, a terminal: mfa-code.ts) is asked for only when no cached credentials will do.

export interface ResolveOptions {
  readonly endpoint: string | undefined;
  /** Skip the cache of the last link (it is still written). */
  readonly refresh?: boolean;
  /** Roles to assume, in order, after the profile's own. */
  readonly chain?: readonly string[];
  /** The code of the profile's mfa_serial device (else GATEHOUSE_MFA_CODE, mfa_process, the prompt). */
  readonly mfaCode?: string | undefined;
  /** How to ask for a code the options, the environment and mfa_process do not give. */
  readonly mfaPrompt?: MfaPrompt | undefined;
  /** false: a role hop with mfa_serial passes the code to AssumeRole instead of using an MFA session. */
  readonly mfaSession?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ResolvedCredentials {
  readonly credentials: RoleCredentials;
  /** The role the credentials are for (the last link's name). */
  readonly roleName: string;
  /** The profile's region, else its source's, else its sso-session's. */
  readonly region: string | undefined;
}

/** What a chain link's credentials came from: part of the cache key, so two sources never share credentials. */
interface Link {
  readonly credentials: SigningCredentials;
  readonly cacheKey: string;
  readonly roleName: string;
  readonly region: string | undefined;
  /** The credentials are an IAM user's long-term keys (no session token), which may call GetSessionToken. */
  readonly longTermKeys?: boolean;
}

const mfaSessionTtlVariable = 'GATEHOUSE_MFA_SESSION_TTL';
/** A person may take a while to type a code or touch a YubiKey; a lock older than this is taken over. */
const mfaLockStaleMs = 10 * 60_000;

/**
 * How long a role hop's MFA session lasts: $GATEHOUSE_MFA_SESSION_TTL (15m to 36h, GetSessionToken's range), else
 * 8 hours (aws-vault's AWS_CHAINED_SESSION_TOKEN_TTL). Read only when a new session is made.
 */
function mfaSessionSeconds(env: NodeJS.ProcessEnv): number {
  const value = env[mfaSessionTtlVariable];
  if (!value) return 8 * 3600;
  const seconds = parseDurationSeconds(value, mfaSessionTtlVariable);
  if (seconds < 900 || seconds > 129_600) throw usageError(`${mfaSessionTtlVariable} is ${value}: an MFA session lasts from 15m to 36h`);
  return seconds;
}

/** The secret store's keys of assumed roles' and MFA sessions' credentials (`logout --all` removes them). */
export const assumedPrefix = 'assumed-role.';
export const sessionTokenPrefix = 'session-token.';

/** The IAM Identity Center sign-in at the bottom of a profile's source_profile chain, if there is one. */
export function bottomSsoSession(config: AwsConfig, profile: string): SsoSession | undefined {
  const seen = new Set<string>();
  let name: string | undefined = profile;
  while (name !== undefined && !seen.has(name)) {
    seen.add(name);
    const role = config.roleProfile(name);
    if (!role) return config.ssoProfile(name)?.session;
    name = role.sourceProfile;
  }
  return undefined;
}

export async function profileCredentials(config: AwsConfig, profile: string, options: ResolveOptions): Promise<ResolvedCredentials> {
  const env = options.env ?? process.env;
  const chain = options.chain ?? [];
  const resolver = new Resolver(config, options, env);
  let link = await resolver.link(profile, [], chain.length === 0 && options.refresh === true);
  for (const [index, roleArn] of chain.entries()) {
    link = await resolver.assume(link, { roleArn, profile: undefined }, index === chain.length - 1 && options.refresh === true);
  }
  const credentials = link.credentials;
  if (!isTemporary(credentials)) {
    throw usageError(`profile ${profile} holds long-term access keys, which gatehouse does not hand out: give it mfa_serial (a session token with MFA), or assume a role with them (--chain ROLE_ARN, or a profile with role_arn and source_profile = ${profile})`);
  }
  return { credentials, roleName: link.roleName, region: link.region };
}

function isTemporary(credentials: SigningCredentials): credentials is RoleCredentials {
  return 'expiration' in credentials && credentials.sessionToken !== undefined;
}

class Resolver {
  #credentialsFile: Promise<ReturnType<typeof parseIni>> | undefined;

  constructor(
    private readonly config: AwsConfig,
    private readonly options: ResolveOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async link(name: string, path: readonly string[], refresh: boolean): Promise<Link> {
    if (!this.config.profile(name)) throw usageError(`there is no profile ${name} in ${this.config.path}${path.length > 0 ? ` (source_profile of ${path[path.length - 1]})` : ''}`);
    if (path.includes(name)) throw usageError(`profiles ${[...path, name].join(' -> ')} form a source_profile loop`);
    const role = this.config.roleProfile(name);
    if (role) {
      let source: Link;
      if (role.sourceProfile === undefined) source = this.environment(name);
      // A profile may name itself as source_profile: its own long-term keys assume its role (as in botocore).
      else if (role.sourceProfile === name) source = await this.staticKeys(name, true);
      else source = await this.link(role.sourceProfile, [...path, name], false);
      const assumed = await this.assume(source, { roleArn: role.roleArn, profile: role }, refresh);
      return { ...assumed, region: role.region ?? source.region };
    }
    const sso = this.config.ssoProfile(name);
    if (sso) {
      const credentials = await roleCredentials(sso, { endpoint: this.options.endpoint, refresh, env: this.env });
      return { credentials, cacheKey: roleStoreKey(sso), roleName: sso.roleName, region: sso.region ?? sso.session.region };
    }
    const keys = await this.staticKeys(name, false);
    // Long-term keys asked for themselves (not as a source) with mfa_serial: an MFA session, as aws-vault gives.
    const serial = this.config.profile(name)?.get('mfa_serial');
    // Keys with a session token are a session already: GetSessionToken refuses them.
    if (path.length > 0 || !serial || keys.longTermKeys !== true) return keys;
    const duration = this.config.profile(name)?.get('duration_seconds');
    return this.mfaSession(name, keys, serial, refresh, () => (duration === undefined ? undefined : Number(duration)));
  }

  /**
   * GetSessionToken with the user's keys and MFA code, cached like an assumed role under the key id and the device
   * (the profile asked for itself and a role hop with the same keys and device share it, as in aws-vault).
   */
  private async mfaSession(
    profile: string,
    keys: Link,
    serialNumber: string,
    refresh: boolean,
    /** The new session's lifetime (undefined: STS's default), asked only when one is made. */
    durationSeconds: () => number | undefined,
  ): Promise<Link & { readonly cached: boolean }> {
    const key = `${sessionTokenPrefix}${sha1Hex(pythonJsonDumps({ serialNumber, source: keys.cacheKey }, true))}`;
    const accountId = serialNumber.split(':')[4] ?? '';
    const cached = refresh ? undefined : await storedCredentials(key, accountId, this.env);
    const link = (credentials: RoleCredentials, fromCache: boolean) => ({ credentials, cacheKey: key, roleName: keys.roleName, region: keys.region, cached: fromCache });
    if (cached) return link(cached, true);
    const seconds = durationSeconds(); // before the code: a bad setting should not cost a code
    // One process makes a session at a time (terraform runs credential_process for several providers at once): the
    // others wait, then use the one it kept rather than ask for a code of their own (AWS takes each code once).
    const lock = join(gatehouseCacheDir(this.env), 'locks', `${key}.lock`);
    return withFileLock(lock, { staleAfterMs: mfaLockStaleMs }, async (waited) => {
      const made = waited ? await storedCredentials(key, accountId, this.env) : undefined;
      if (made) return link(made, true);
      const mfa = { serialNumber, tokenCode: await this.code(serialNumber, profile) };
      const credentials = await sessionToken(keys.credentials, mfa, seconds, this.target(keys.region));
      await storeCredentials(key, 'session-token', credentials, this.env);
      return link(credentials, false);
    });
  }

  /** AssumeRole with `source`'s credentials, or the cached result of the same request with the same source. */
  async assume(source: Link, role: { readonly roleArn: string; readonly profile: RoleProfile | undefined }, refresh: boolean): Promise<Link> {
    const p = role.profile;
    const request = {
      roleArn: role.roleArn,
      externalId: p?.externalId,
      durationSeconds: p?.durationSeconds,
      serialNumber: p?.mfaSerial,
    };
    const key = `${assumedPrefix}${sha1Hex(pythonJsonDumps({ ...request, roleSessionName: p?.roleSessionName, source: source.cacheKey }, true))}`;
    const accountId = role.roleArn.split(':')[4] ?? '';
    const roleName = role.roleArn.split('/').pop() ?? role.roleArn;
    const cached = refresh ? undefined : await storedCredentials(key, accountId, this.env);
    if (cached) return { credentials: cached, cacheKey: key, roleName, region: source.region };
    const region = p?.region ?? source.region;
    // botocore names sessions botocore-session-<unix time>; ours say who made them.
    const roleSessionName = p?.roleSessionName ?? `gatehouse-${Math.floor(Date.now() / 1000)}`;
    // Long-term keys sign with their MFA session, which carries the MFA context; other sources pass the code. Either is
    // asked for only now: cached role credentials need neither.
    let credentials: RoleCredentials;
    if (p?.mfaSerial && source.longTermKeys === true && this.options.mfaSession !== false) {
      const serial = p.mfaSerial;
      const lifetime = () => mfaSessionSeconds(this.env);
      const session = await this.mfaSession(p.profile, source, serial, false, lifetime);
      credentials = await assumeRole(session.credentials, { ...request, roleSessionName }, this.target(region)).catch(async (error: unknown) => {
        // A kept session the server no longer takes (its keys deactivated and back, another server on the same
        // endpoint, a reset of its state): a new session, once, with a new code.
        if (!session.cached || !(error instanceof StsRefusal && error.credentialsRefused)) throw error;
        const fresh = await this.mfaSession(p.profile, source, serial, true, lifetime);
        return assumeRole(fresh.credentials, { ...request, roleSessionName }, this.target(region));
      });
    } else {
      const mfa: MfaCode | undefined = p?.mfaSerial ? { serialNumber: p.mfaSerial, tokenCode: await this.code(p.mfaSerial, p.profile) } : undefined;
      credentials = await assumeRole(source.credentials, { ...request, roleSessionName, mfa }, this.target(region));
    }
    await storeCredentials(key, 'assume-role', credentials, this.env);
    return { credentials, cacheKey: key, roleName, region: source.region };
  }

  /** The current code of `profile`'s mfa_serial device. */
  private code(serialNumber: string, profile: string): Promise<string> {
    const device = { serialNumber, profile, process: this.config.profile(profile)?.get('mfa_process') };
    return mfaCode(device, { code: this.options.mfaCode, prompt: this.options.mfaPrompt }, this.env);
  }

  private target(region: string | undefined): StsTarget {
    return { region: region ?? 'us-east-1', endpoint: this.options.endpoint, env: this.env };
  }

  /** credential_source = Environment: the AWS_* keys of the environment. */
  private environment(profile: string): Link {
    const accessKeyId = this.env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = this.env['AWS_SECRET_ACCESS_KEY'];
    if (!accessKeyId || !secretAccessKey) throw usageError(`profile ${profile} has credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set`);
    const sessionToken = this.env['AWS_SESSION_TOKEN'] || undefined;
    return { credentials: { accessKeyId, secretAccessKey, sessionToken }, cacheKey: `environment:${accessKeyId}`, roleName: '', region: this.env['AWS_REGION'] || this.env['AWS_DEFAULT_REGION'] || undefined };
  }

  /** Long-term keys of a profile: [name] of the credentials file, else [profile name] of the config (as botocore). */
  private async staticKeys(name: string, forRole: boolean): Promise<Link> {
    this.#credentialsFile ??= readTextIfExists(awsConfigPaths(this.env).credentials).then((text) => parseIni(text ?? ''));
    const section = (await this.#credentialsFile).find((s) => s.header === name)?.entries;
    const entries = section?.has('aws_access_key_id') ? section : this.config.profile(name);
    const accessKeyId = entries?.get('aws_access_key_id');
    const secretAccessKey = entries?.get('aws_secret_access_key');
    if (!accessKeyId || !secretAccessKey) {
      throw usageError(forRole
        ? `profile ${name} names itself as source_profile but has no aws_access_key_id and aws_secret_access_key`
        : `profile ${name} has no credentials gatehouse can use (no sso_session or sso_start_url, role_arn, or access keys)`);
    }
    const sessionToken = entries?.get('aws_session_token') || undefined;
    return { credentials: { accessKeyId, secretAccessKey, sessionToken }, cacheKey: `keys:${accessKeyId}`, roleName: '', region: this.config.profile(name)?.get('region'), longTermKeys: sessionToken === undefined };
  }
}
