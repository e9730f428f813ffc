import { SignInDomain, type SignInDeps } from './domain.js';
import { PortalInstances } from './instances.js';
import type { PortalDirectory, PortalSettingsSource } from './ports.js';

export type { MfaEnrolment, PortalSession, Rejected, SignInRejection, SignInStep, UserRef } from './domain.js';
export type { MfaMode, PortalSettings, PortalSettingsSource } from './ports.js';
export { SignInAdminError } from './errors.js';
export type { SignInDomain } from './domain.js';
export type { PortalInstances } from './instances.js';

export interface SignIn {
  /** The domain API the pages and the control API call. */
  readonly domain: SignInDomain;
  /** Start URLs to instances, and the instances' portal settings (the OIDC service asks it too). */
  readonly instances: PortalInstances;
}

/** Sign-in to the access portal: passwords, TOTP, lockout, portal sessions. */
export function createSignIn(
  deps: Omit<SignInDeps, 'instances'> & { readonly directory: PortalDirectory; readonly settings: PortalSettingsSource },
): SignIn {
  const instances = new PortalInstances(deps.directory, deps.settings);
  return { domain: new SignInDomain({ ...deps, instances }), instances };
}
