import { isUniqueViolation } from '../../store/unique-violation.js';
import type { SsoPortalSettingsTable } from '../../store/schema.js';
import type { SsoCore } from './core.js';
import type { InstanceRow } from './store.js';

// The access portal's settings of an instance. AWS keeps them in the IAM Identity Center console (Settings), not in
// the sso-admin API, so gatehouse serves them through its local control API:
// - the start URL: AWS's is https://<d-id>.awsapps.com/start until the administrator customizes the subdomain, once;
//   gatehouse's is <server>/start/<identity store id>, and /start/<alias> once an alias is set (set once, as AWS);
// - the portal session duration: 8 hours by default, from 15 minutes to 90 days (the console's range);
// - "Prompt users for MFA": always-on (every sign-in; the default), context-aware (when the sign-in context
//   changes) or disabled (never), the console's modes;
// - the identity source: the built-in Identity Center directory (the identity store), the only one gatehouse has.

export type MfaMode = SsoPortalSettingsTable['mfa_mode'];
export const MFA_MODES: readonly MfaMode[] = ['always-on', 'context-aware', 'disabled'];
export const IDENTITY_SOURCE = 'identity-center-directory';

export const DEFAULT_SESSION_MINUTES = 8 * 60;
export const MIN_SESSION_MINUTES = 15;
export const MAX_SESSION_MINUTES = 90 * 24 * 60;
const DEFAULT_MFA: MfaMode = 'always-on';

/** A DNS label of 3 to 63 lower-case letters, digits and hyphens, as a subdomain of awsapps.com must be. */
const ALIAS = /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/;

export interface PortalSettings {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** Undefined until set. */
  readonly alias: string | undefined;
  /** /start/<alias>, or /start/<identity store id> while no alias is set. */
  readonly startPath: string;
  readonly sessionMinutes: number;
  readonly mfa: MfaMode;
  readonly identitySource: typeof IDENTITY_SOURCE;
}

export interface PortalSettingsChange {
  readonly alias?: string;
  readonly sessionMinutes?: number;
  readonly mfa?: MfaMode;
}

/** Why a change is refused: `invalid` (the caller's input), `conflict` (the alias was set, or another instance has
 * it), `not-found` (no instance). The control API maps these to 400, 409 and 404. */
export class PortalSettingsError extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

export class PortalSettingsDomain {
  constructor(private readonly core: SsoCore) {}

  /** The settings of the instance the account owns (its organization instance). */
  async settings(accountId: string): Promise<PortalSettings> {
    const instance = await this.instanceOf(accountId);
    return view(instance, await this.core.q.portalSettings(this.core.db, instance.arn));
  }

  async update(accountId: string, change: PortalSettingsChange): Promise<PortalSettings> {
    const { core } = this;
    checkChange(change);
    try {
      return await core.store.transaction(async (trx) => {
        const instance = await this.instanceOf(accountId, trx);
        const current = await core.q.portalSettings(trx, instance.arn);
        if (change.alias !== undefined && current?.alias != null && current.alias !== change.alias) {
          throw new PortalSettingsError('conflict', `The access portal URL alias is already set to ${current.alias}; it can be set only once.`);
        }
        if (change.alias !== undefined && change.alias !== current?.alias && (await core.q.portalSettingsByAlias(trx, change.alias))) throw aliasTaken(change.alias);
        const row = {
          instance_arn: instance.arn,
          alias: change.alias ?? current?.alias ?? null,
          session_minutes: change.sessionMinutes ?? current?.session_minutes ?? DEFAULT_SESSION_MINUTES,
          mfa_mode: change.mfa ?? current?.mfa_mode ?? DEFAULT_MFA,
          identity_source: IDENTITY_SOURCE,
          updated_at: core.now(),
        } as const;
        await core.q.putPortalSettings(trx, row);
        return view(instance, row);
      });
    } catch (error) {
      // two instances claiming the same alias at once: the unique index lets one through
      if (isUniqueViolation(error) && change.alias !== undefined) throw aliasTaken(change.alias);
      throw error;
    }
  }

  /** What sign-in needs of an instance's settings (sign-in's PortalSettingsSource): AWS's defaults until set. */
  async sessionSettings(instanceArn: string, db = this.core.db): Promise<{ readonly sessionSeconds: number; readonly mfa: MfaMode }> {
    const row = await this.core.q.portalSettings(db, instanceArn);
    return { sessionSeconds: (row?.session_minutes ?? DEFAULT_SESSION_MINUTES) * 60, mfa: row?.mfa_mode ?? DEFAULT_MFA };
  }

  /** The instance whose start URL is /start/<alias>. */
  async instanceByAlias(alias: string): Promise<string | undefined> {
    return (await this.core.q.portalSettingsByAlias(this.core.db, alias))?.instance_arn;
  }

  private async instanceOf(accountId: string, db = this.core.db): Promise<InstanceRow> {
    const instance = await this.core.q.instanceOfOwner(db, accountId);
    if (!instance) {
      throw new PortalSettingsError('not-found', 'IAM Identity Center is not enabled for the management account: create its instance first (aws sso-admin create-instance).');
    }
    return instance;
  }
}

function checkChange(change: PortalSettingsChange): void {
  if (change.alias !== undefined && (!ALIAS.test(change.alias) || change.alias.startsWith('d-'))) {
    throw new PortalSettingsError(
      'invalid',
      `The alias ${JSON.stringify(change.alias)} is not valid: use 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen, and not starting with d- (the form of identity store ids).`,
    );
  }
  if (change.sessionMinutes !== undefined && !(Number.isInteger(change.sessionMinutes) && change.sessionMinutes >= MIN_SESSION_MINUTES && change.sessionMinutes <= MAX_SESSION_MINUTES)) {
    throw new PortalSettingsError('invalid', `The session duration must be a whole number of minutes from ${MIN_SESSION_MINUTES} minutes to 90 days.`);
  }
  if (change.mfa !== undefined && !MFA_MODES.includes(change.mfa)) {
    throw new PortalSettingsError('invalid', `The MFA mode must be one of ${MFA_MODES.join(', ')}.`);
  }
}

const aliasTaken = (alias: string) => new PortalSettingsError('conflict', `The access portal URL alias ${alias} is already used by another instance.`);

function view(instance: InstanceRow, row: Pick<SsoPortalSettingsTable, 'alias' | 'session_minutes' | 'mfa_mode'> | undefined): PortalSettings {
  const alias = row?.alias ?? undefined;
  return {
    instanceArn: instance.arn,
    identityStoreId: instance.identity_store_id,
    alias,
    startPath: `/start/${alias ?? instance.identity_store_id}`,
    sessionMinutes: row ? Number(row.session_minutes) : DEFAULT_SESSION_MINUTES,
    mfa: row?.mfa_mode ?? DEFAULT_MFA,
    identitySource: IDENTITY_SOURCE,
  };
}
