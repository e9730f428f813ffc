import type { IamDomain } from '../iam/domain.js';

// What the access portal API needs from other services (wired in src/server/services.ts).

/** The access tokens behind x-amz-sso_bearer_token (the OIDC service issues and revokes them). */
export type { AccessGrant, AccessTokens } from '../sso-oidc/ports.js';

/** The identity store's users and their groups. */
export type { DirectoryUser, IdentityDirectory } from '../identitystore/ports.js';

/** What a user's assignments reach (sso-admin). */
export type { AssignedPrincipals, PortalDirectory } from '../sso-admin/ports.js';

/** Accounts' names and emails, the provisioned roles, and the temporary credentials minted for them (IAM). */
export type PortalIam = Pick<IamDomain, 'accounts' | 'role' | 'issueSessionCredentials'>;

/** The session tags of a user's sign-in: the instance's attributes for access control (sso-admin's ABAC). */
export type { SessionTagSource } from '../sso-admin/ports.js';
