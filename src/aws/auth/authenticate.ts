import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { ServiceError } from '../errors.js';
import type { OperationModel, Protocol } from '../protocol/model.js';
import type { WireRequest } from '../protocol/wire.js';
import type { CredentialLookup, IssuedCredential } from './credentials.js';
import type { Principal } from './principal.js';
import { authErrorFor, parseSigV4, SigV4Error, verifySigV4, type AuthFailure, type ParsedSigV4 } from './sigv4.js';
import { sha256Hex } from './hash.js';

export interface Authentication {
  /** Undefined for unsigned operations (sso portal, sso-oidc). */
  readonly principal: Principal | undefined;
  /** The SigV4 scope's region. */
  readonly region: string | undefined;
  /** When the MFA code the request itself brings was checked (an operation whose authz entry names MFA members,
   * such as AssumeRole's SerialNumber and TokenCode); undefined when it brings none. */
  readonly mfaAuthenticatedAt?: number | undefined;
}

export interface AuthenticatorOptions {
  readonly credentials: CredentialLookup;
  readonly clock: Clock;
  /** Opt-in: any SigV4 credentials become the management account's root, without signature checks. */
  readonly acceptAnyCredentials: boolean;
}

const unsigned: Authentication = { principal: undefined, region: undefined };

/**
 * The authenticate step: SigV4 (header or presigned query) verified against the secret this server issued.
 * Operations the model marks unsigned pass through to their own bearer-token or client checks.
 */
export class Authenticator {
  constructor(private readonly options: AuthenticatorOptions) {}

  /**
   * Returns at once when the key is cached and no use needs recording (most requests); a promise when the store
   * must be read or written. Throws (or rejects with) the protocol's authentication error.
   */
  authenticate(request: WireRequest, operation: OperationModel, protocol: Protocol): Authentication | Promise<Authentication> {
    if (operation.authtype === 'none') return unsigned;
    const fail = (failure: AuthFailure, message?: string): ServiceError => authErrorFor(failure, protocol, message);

    let parsed: ParsedSigV4 | undefined;
    try {
      parsed = parseSigV4(request);
    } catch (error) {
      if (error instanceof SigV4Error) throw fail(error.kind, error.message);
      throw error;
    }
    if (!parsed) throw fail('missing');

    if (this.options.acceptAnyCredentials) {
      const region = parsed.region;
      return this.options.credentials.defaultPrincipal().then((principal) => ({ principal, region }));
    }

    const found = this.options.credentials.find(parsed.accessKeyId);
    if (found instanceof Promise) {
      const signed = parsed;
      return found.then((credential) => this.verify(request, signed, credential, fail));
    }
    return this.verify(request, parsed, found, fail);
  }

  private verify(
    request: WireRequest,
    parsed: ParsedSigV4,
    credential: IssuedCredential | undefined,
    fail: (failure: AuthFailure, message?: string) => ServiceError,
  ): Authentication | Promise<Authentication> {
    if (!credential || !credential.active) throw fail('unknown-key');

    if (credential.sessionTokenHash !== undefined) {
      const token = parsed.sessionToken;
      if (!token || !sameHex(sha256Hex(token), credential.sessionTokenHash)) throw fail('unknown-key');
    } else if (parsed.sessionToken) {
      throw fail('unknown-key');
    }

    const now = this.options.clock.now();
    try {
      verifySigV4(request, parsed, credential.secretAccessKey, now);
    } catch (error) {
      if (error instanceof SigV4Error) throw fail(error.kind, error.message);
      throw error;
    }
    if (credential.expiresAt !== undefined && credential.expiresAt <= now.getTime()) throw fail('expired-token');
    const authentication: Authentication = { principal: credential.principal, region: parsed.region };
    const recording = this.options.credentials.recordUse?.(credential, parsed.service, parsed.region);
    return recording === undefined ? authentication : recording.then(() => authentication);
  }
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
