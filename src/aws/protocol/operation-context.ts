import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';

/** What a service operation handler knows about the call besides its input. */
export interface OperationContext {
  readonly requestId: string;
  /** Undefined for unsigned operations (sso portal, sso-oidc), which check their own bearer tokens or clients. */
  readonly principal: Principal | undefined;
  /** The region of the SigV4 scope, or the server's default region for unsigned calls. */
  readonly region: string;
  /** The base URL the client reached us on (scheme://host:port), for URLs we hand back (portal, device page). */
  readonly origin: string;
  readonly now: Date;
  /** When the MFA code the input brings was checked, for an operation whose authz entry names MFA members. */
  readonly mfaAuthenticatedAt?: number | undefined;
  readonly log: Logger;
}
