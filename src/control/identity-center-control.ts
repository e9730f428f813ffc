import type { IamDomain } from '../services/iam/domain.js';
import { PortalSettingsError, type MfaMode, type PortalSettings, type PortalSettingsChange, type PortalSettingsDomain } from '../services/sso-admin/portal-settings.js';
import { ControlError, type IdentityCenterPort } from './control-area.js';

// The control API's Identity Center settings (GET / PUT /_gatehouse/identity-center/settings): the access portal's
// settings of the management account's instance, which AWS keeps in its console. JSON in and out; durations as
// "8h", "90m", "7d" or "1h30m" (or a number of minutes); a refused change is 400 (bad input), 409 (the alias was
// set already, or another instance has it) or 404 (no instance).

export interface IdentityCenterControlDeps {
  readonly portal: PortalSettingsDomain;
  readonly iam: Pick<IamDomain, 'managementAccountId'>;
  /** The server's base URL (known once the edge listens). */
  readonly baseUrl: () => string;
}

export interface SettingsDocument {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly startUrl: string;
  readonly alias: string | null;
  readonly sessionDuration: string;
  readonly sessionDurationMinutes: number;
  readonly mfa: MfaMode;
  readonly identitySource: string;
}

const FIELDS = new Set(['alias', 'sessionDuration', 'mfa', 'identitySource']);

export class IdentityCenterControl implements IdentityCenterPort {
  constructor(private readonly deps: IdentityCenterControlDeps) {}

  async identityCenterSettings(): Promise<SettingsDocument> {
    return this.document(await this.run(async (account) => this.deps.portal.settings(account)));
  }

  async updateIdentityCenterSettings(input: unknown): Promise<SettingsDocument> {
    const change = parseChange(input);
    return this.document(await this.run(async (account) => this.deps.portal.update(account, change)));
  }

  private async run(fn: (managementAccountId: string) => Promise<PortalSettings>): Promise<PortalSettings> {
    try {
      return await fn(await this.deps.iam.managementAccountId());
    } catch (error) {
      if (error instanceof PortalSettingsError) throw new ControlError({ invalid: 400, conflict: 409, 'not-found': 404 }[error.kind], error.message);
      throw error;
    }
  }

  private document(s: PortalSettings): SettingsDocument {
    return {
      instanceArn: s.instanceArn,
      identityStoreId: s.identityStoreId,
      startUrl: `${this.deps.baseUrl()}${s.startPath}`,
      alias: s.alias ?? null,
      sessionDuration: formatMinutes(s.sessionMinutes),
      sessionDurationMinutes: s.sessionMinutes,
      mfa: s.mfa,
      identitySource: s.identitySource,
    };
  }
}

function parseChange(input: unknown): PortalSettingsChange {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ControlError(400, 'The settings must be a JSON object.');
  const body = input as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) throw new ControlError(400, `Unknown setting ${JSON.stringify(key)}: the settings are ${[...FIELDS].join(', ')}.`);
  }
  const { alias, sessionDuration, mfa, identitySource } = body;
  if (alias !== undefined && typeof alias !== 'string') throw new ControlError(400, 'alias must be a string.');
  if (mfa !== undefined && typeof mfa !== 'string') throw new ControlError(400, 'mfa must be a string.');
  if (identitySource !== undefined && identitySource !== 'identity-center-directory') {
    throw new ControlError(400, 'identitySource can only be identity-center-directory: gatehouse has no external identity provider or Active Directory source.');
  }
  return {
    ...(alias !== undefined ? { alias } : {}),
    ...(sessionDuration !== undefined ? { sessionMinutes: parseMinutes(sessionDuration) } : {}),
    ...(mfa !== undefined ? { mfa: mfa as MfaMode } : {}),
  };
}

/** "8h", "90m", "7d", "1h30m" or a number of minutes. */
export function parseMinutes(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const match = typeof value === 'string' ? /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(value.trim()) : null;
  if (!match || match[0] === '') {
    throw new ControlError(400, `sessionDuration must be a duration such as 8h, 90m, 7d or 1h30m (or a number of minutes), not ${JSON.stringify(value)}.`);
  }
  return Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

export function formatMinutes(minutes: number): string {
  const parts: string[] = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (rest || parts.length === 0) parts.push(`${rest}m`);
  return parts.join('');
}
