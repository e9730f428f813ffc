import { usageError } from '../errors.js';
import { parseIni, profileNameOf, ssoSessionNameOf, type IniSection } from './ini-parse.js';
import { readTextIfExists } from './json-files.js';
import { awsConfigPaths } from './paths.js';

// ~/.aws/config as the developer commands read it: profiles and sso-sessions, and what a profile's IAM Identity
// Center sign-in is (an sso-session, or the legacy keys on the profile itself).

/** The AWS CLI's default registration scope for sso-session configurations. */
export const defaultScopes: readonly string[] = ['sso:account:access'];

export interface SsoSession {
  /** The sso-session name; undefined for a legacy profile that carries sso_start_url itself. */
  readonly name: string | undefined;
  readonly startUrl: string;
  /** The region of the Identity Center instance (not the workload region). */
  readonly region: string;
  /** Registration scopes; undefined for legacy profiles, which register without scopes. */
  readonly scopes: readonly string[] | undefined;
}

/** A profile that signs in through IAM Identity Center. */
export interface SsoProfile {
  readonly profile: string;
  readonly session: SsoSession;
  readonly accountId: string;
  readonly roleName: string;
  /** The profile's own `region`, if it has one. */
  readonly region: string | undefined;
}

/** A profile that assumes a role with another profile's credentials (`source_profile`) or the environment's. */
export interface RoleProfile {
  readonly profile: string;
  readonly roleArn: string;
  /** `source_profile`, or `credential_source = Environment` (undefined source name). */
  readonly sourceProfile: string | undefined;
  readonly externalId: string | undefined;
  readonly roleSessionName: string | undefined;
  readonly durationSeconds: number | undefined;
  readonly mfaSerial: string | undefined;
  readonly region: string | undefined;
}

/** Profiles written for `credential_process` keep their sign-in under these keys, so SDKs do not use SSO directly. */
const processKeyPrefix = 'gatehouse_';

export class AwsConfig {
  private readonly profileSections = new Map<string, IniSection>();
  private readonly sessionSections = new Map<string, IniSection>();

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (const section of parseIni(text)) {
      const profile = profileNameOf(section.header);
      // [profile default] wins over [default], as in botocore.
      if (profile !== undefined && !(section.header === 'default' && this.profileSections.has('default'))) this.profileSections.set(profile, section);
      const session = ssoSessionNameOf(section.header);
      if (session !== undefined) this.sessionSections.set(session, section);
    }
  }

  static async load(env: NodeJS.ProcessEnv = process.env): Promise<AwsConfig> {
    const path = awsConfigPaths(env).config;
    return new AwsConfig(path, (await readTextIfExists(path)) ?? '');
  }

  profileNames(): string[] {
    return [...this.profileSections.keys()];
  }

  profile(name: string): ReadonlyMap<string, string> | undefined {
    return this.profileSections.get(name)?.entries;
  }

  sessionNames(): string[] {
    return [...this.sessionSections.keys()];
  }

  /** The named sso-session, or a usage error naming the ones there are. */
  session(name: string): SsoSession {
    const entries = this.sessionSections.get(name)?.entries;
    if (!entries) throw usageError(`there is no [sso-session ${name}] in ${this.path}${this.knownSessions()}`);
    const startUrl = entries.get('sso_start_url');
    const region = entries.get('sso_region');
    if (!startUrl || !region) throw usageError(`[sso-session ${name}] in ${this.path} needs sso_start_url and sso_region`);
    const raw = entries.get('sso_registration_scopes');
    return { name, startUrl, region, scopes: raw === undefined ? undefined : parseScopes(raw) };
  }

  /** The sso-session whose start URL is `startUrl`, if any. */
  sessionForStartUrl(startUrl: string): SsoSession | undefined {
    const want = normalizeStartUrl(startUrl);
    for (const [name, section] of this.sessionSections) {
      const url = section.entries.get('sso_start_url');
      if (url && normalizeStartUrl(url) === want) return this.session(name);
    }
    return undefined;
  }

  /** The IAM Identity Center sign-in of a profile, or undefined when the profile signs in some other way. */
  ssoProfile(name: string): SsoProfile | undefined {
    const entries = this.profile(name);
    if (!entries) return undefined;
    const get = (key: string) => entries.get(key) ?? entries.get(processKeyPrefix + key);
    const accountId = get('sso_account_id');
    const roleName = get('sso_role_name');
    const sessionName = get('sso_session');
    let session: SsoSession | undefined;
    if (sessionName) session = this.session(sessionName);
    else {
      const startUrl = get('sso_start_url');
      const region = get('sso_region');
      if (startUrl && region) session = { name: undefined, startUrl, region, scopes: undefined };
    }
    if (!session) return undefined;
    if (!accountId || !roleName) throw usageError(`profile ${name} in ${this.path} needs sso_account_id and sso_role_name`);
    return { profile: name, session, accountId, roleName, region: entries.get('region') };
  }

  /** Like ssoProfile, but a usage error when the profile is missing or is not an IAM Identity Center profile. */
  requireSsoProfile(name: string): SsoProfile {
    if (!this.profile(name)) throw usageError(`there is no profile ${name} in ${this.path}`);
    const sso = this.ssoProfile(name);
    if (!sso) throw usageError(`profile ${name} does not sign in through IAM Identity Center (it has no sso_session or sso_start_url)`);
    return sso;
  }

  /**
   * The role a profile assumes (`role_arn`), read as the AWS CLI reads it: with `source_profile`, or
   * `credential_source = Environment`; undefined when the profile has no role_arn.
   */
  roleProfile(name: string): RoleProfile | undefined {
    const entries = this.profile(name);
    const roleArn = entries?.get('role_arn');
    if (!entries || !roleArn) return undefined;
    const sourceProfile = entries.get('source_profile');
    const credentialSource = entries.get('credential_source');
    if (sourceProfile && credentialSource) throw usageError(`profile ${name} in ${this.path} has both source_profile and credential_source: keep one`);
    if (!sourceProfile && credentialSource !== 'Environment') {
      throw usageError(credentialSource
        ? `profile ${name}: credential_source ${credentialSource} is not supported (only Environment, or a source_profile)`
        : `profile ${name} in ${this.path} has role_arn but neither source_profile nor credential_source`);
    }
    const duration = entries.get('duration_seconds');
    const durationSeconds = duration === undefined ? undefined : Number(duration);
    if (durationSeconds !== undefined && !Number.isInteger(durationSeconds)) throw usageError(`profile ${name}: duration_seconds ${duration} is not a whole number`);
    return {
      profile: name,
      roleArn,
      sourceProfile,
      externalId: entries.get('external_id'),
      roleSessionName: entries.get('role_session_name'),
      durationSeconds,
      mfaSerial: entries.get('mfa_serial'),
      region: entries.get('region'),
    };
  }

  /** The profiles `assume` can use (IAM Identity Center ones and those that assume a role), in file order. */
  assumableProfileNames(): string[] {
    return [...this.profileSections.keys()].filter((name) => {
      try {
        return this.ssoProfile(name) !== undefined || this.profile(name)?.has('role_arn') === true;
      } catch {
        return false;
      }
    });
  }

  /** Every profile that signs in through IAM Identity Center, in file order; broken ones are left out. */
  ssoProfiles(): SsoProfile[] {
    const out: SsoProfile[] = [];
    for (const name of this.profileSections.keys()) {
      try {
        const sso = this.ssoProfile(name);
        if (sso) out.push(sso);
      } catch {
        // a profile naming a missing sso-session: `assume` reports it when that profile is asked for
      }
    }
    return out;
  }

  private knownSessions(): string {
    const names = this.sessionNames();
    return names.length === 0 ? ' (it has no sso-session: run gatehouse login --start-url URL --sso-region REGION)' : ` (sso-sessions: ${names.join(', ')})`;
  }
}

export function parseScopes(raw: string): string[] {
  return raw
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

function normalizeStartUrl(url: string): string {
  return url.trim().replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase();
}
