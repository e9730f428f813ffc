// What sign-in needs from other services (wired in src/server/services.ts).

/** The identity store's users: who signs in, and whether they are enabled. */
export type { DirectoryUser, IdentityDirectory } from '../../identitystore/ports.js';

/** The instances users sign in to (sso-admin). */
export type { IdentityStoreFacts, PortalDirectory } from '../../sso-admin/ports.js';

/** How often users are asked for MFA: the console's "Prompt users for MFA". */
export type MfaMode = 'always-on' | 'context-aware' | 'disabled';

/** The access portal's settings of an instance. */
export interface PortalSettings {
  /** The access portal session: how long a sign-in (and an OIDC grant) lasts. AWS: 15 minutes to 90 days. */
  readonly sessionSeconds: number;
  readonly mfa: MfaMode;
}

/**
 * The access portal's settings, which AWS keeps in its console rather than in the sso-admin API. They belong to
 * sso-admin's portal settings; until those are wired, `defaultPortalSettings` answers AWS's defaults.
 */
export interface PortalSettingsSource {
  settings(instanceArn: string): Promise<PortalSettings>;
  /** The instance whose start URL is /start/<alias>, when an alias is set. */
  instanceByAlias(alias: string): Promise<string | undefined>;
}

/** AWS's defaults for a new instance: an 8-hour portal session, MFA at every sign-in (a device registered at the
 * first one). */
export const DEFAULT_PORTAL_SETTINGS: PortalSettings = { sessionSeconds: 8 * 3600, mfa: 'always-on' };

export const defaultPortalSettings: PortalSettingsSource = {
  settings: async () => DEFAULT_PORTAL_SETTINGS,
  instanceByAlias: async () => undefined,
};
