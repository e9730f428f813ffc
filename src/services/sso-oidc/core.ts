import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../../aws/auth/hash.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import type { Store } from '../../store/database.js';
import type { Database } from '../../store/schema.js';
import { oidcErrors } from './errors.js';
import type { InstanceLookup } from './ports.js';
import { OidcStore, type ClientRow } from './store.js';

// What the parts of the OIDC service share: the store, the clock, the instances, and the question every token call
// starts with (is this a registered client, with its secret, not expired).

type Db = Kysely<Database>;

export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const GRANT_REFRESH_TOKEN = 'refresh_token';
export const GRANT_AUTHORIZATION_CODE = 'authorization_code';
/** What a client registered without grantTypes may use (the device flow of `aws sso login` before PKCE). */
const DEFAULT_GRANT_TYPES = [GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN];

export interface OidcDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly instances: InstanceLookup;
  readonly log: Logger;
}

export interface Client {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly issuerUrl: string | undefined;
  /** Epoch ms. */
  readonly secretExpiresAt: number;
}

export function toClient(row: ClientRow): Client {
  return {
    clientId: row.client_id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
    grantTypes: JSON.parse(row.grant_types) as string[],
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    issuerUrl: row.issuer_url ?? undefined,
    secretExpiresAt: Number(row.secret_expires_at),
  };
}

export function clientAllows(client: Client, grantType: string): boolean {
  return (client.grantTypes.length > 0 ? client.grantTypes : DEFAULT_GRANT_TYPES).includes(grantType);
}

/** Compares two sha256 hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class OidcCore {
  readonly q = new OidcStore();

  constructor(readonly deps: OidcDeps) {}

  get db(): Db {
    return this.deps.store.db;
  }

  now(): number {
    return this.deps.clock.now().getTime();
  }

  /** The registered client, when the secret is its own and has not expired: else InvalidClientException. */
  async authenticateClient(clientId: string, clientSecret: string): Promise<Client> {
    const row = await this.q.client(this.db, clientId);
    if (!row || !sameHash(sha256Hex(clientSecret), row.secret_hash)) throw oidcErrors.invalidClient();
    const client = toClient(row);
    if (client.secretExpiresAt <= this.now()) throw oidcErrors.invalidClient('Client registration has expired');
    return client;
  }
}
