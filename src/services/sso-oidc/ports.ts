import type { PortalInstances } from '../sso-portal/sign-in/instances.js';

// What the OIDC service needs from other services and offers them (wired in src/server/services.ts).

/** A signed-in portal user (the device and authorize pages hand it over after sign-in's `session(cookie)`). */
export type { PortalSession } from '../sso-portal/sign-in/domain.js';

/** Which instance a start URL names, and the instance's portal session duration (sign-in's PortalInstances). */
export type InstanceLookup = Pick<PortalInstances, 'forStartUrl' | 'instance' | 'settings'>;

/** What a live access token stands for: the portal (sso) API trusts these facts. */
export interface AccessGrant {
  readonly grantId: string;
  readonly clientId: string;
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** The access tokens the OIDC service issued, as the portal API checks them (x-amz-sso_bearer_token). */
export interface AccessTokens {
  /** The grant behind a live access token; undefined when unknown, expired or revoked. */
  verify(accessToken: string): Promise<AccessGrant | undefined>;
  /** Ends the sign-in the access token belongs to: it, and every token of its grant, stop working. */
  revoke(accessToken: string): Promise<void>;
}
