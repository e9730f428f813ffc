// What sign-in needs from other services (wired in src/server/services.ts).

import type { Kysely } from 'kysely';
import type { MfaMode } from '../../sso-admin/portal-settings.js';
import type { Database } from '../../../store/schema.js';

/** The identity store's users: who signs in, and whether they are enabled. */
export type { DirectoryUser, IdentityDirectory } from '../../identitystore/ports.js';

/** The instances users sign in to (sso-admin). */
export type { IdentityStoreFacts, PortalDirectory } from '../../sso-admin/ports.js';

/** How often users are asked for MFA: the console's "Prompt users for MFA" (sso-admin's setting). */
export type { MfaMode } from '../../sso-admin/portal-settings.js';

/** The access portal's settings of an instance. */
export interface PortalSettings {
  /** The access portal session: how long a sign-in (and an OIDC grant) lasts. AWS: 15 minutes to 90 days. */
  readonly sessionSeconds: number;
  readonly mfa: MfaMode;
}

/**
 * The access portal's settings, which AWS keeps in its console rather than in the sso-admin API. They belong to
 * sso-admin's portal settings (wired in src/server/services.ts), which also hold AWS's defaults.
 */
export interface PortalSettingsSource {
  /** `db`: the caller's transaction, when it is in one (SQLite has one connection: a read beside it would wait). */
  settings(instanceArn: string, db?: Kysely<Database>): Promise<PortalSettings>;
  /** The instance whose start URL is /start/<alias>, when an alias is set. */
  instanceByAlias(alias: string): Promise<string | undefined>;
}
