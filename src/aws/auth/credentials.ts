import type { Principal } from './principal.js';

/** A credential this server issued, as the authenticator needs it (secret already decrypted). */
export interface IssuedCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly principal: Principal;
  /** sha256 hex of the session token, for temporary credentials. */
  readonly sessionTokenHash?: string;
  /** Epoch ms, for temporary credentials. */
  readonly expiresAt?: number;
  readonly active: boolean;
}

/** The port the authenticator uses to find a key; the IAM service implements it. */
export interface CredentialLookup {
  /** Synchronous when the answer is at hand (a cached key), so the common case costs no promise turn. */
  find(accessKeyId: string): IssuedCredential | undefined | Promise<IssuedCredential | undefined>;
  /** Notes that a request authenticated with this credential (GetAccessKeyLastUsed); cheap: it writes rarely, and
   * returns a promise only when it does. */
  recordUse?(credential: IssuedCredential, service: string, region: string): Promise<void> | undefined;
  /** The principal that --accept-any-credentials maps every caller to. */
  defaultPrincipal(): Promise<Principal>;
}
