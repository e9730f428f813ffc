import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { awsTimestamp } from '../aws-config/json-files.js';
import { decoded, listenOnLoopback, pathOf, Secret, sendJson } from './loopback.js';
import { RefreshingCredentials, type FetchCredentials } from './refreshing-credentials.js';
import type { RoleCredentials } from './role-credentials.js';

// The ECS container credentials protocol on 127.0.0.1, as aws-vault's --ecs-server and aws-sso-cli's `ecs server`
// serve it. Every AWS SDK, the AWS CLI and boto3 read AWS_CONTAINER_CREDENTIALS_FULL_URI (a loopback http URL is
// allowed) and send AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header; the answer is {AccessKeyId,
// SecretAccessKey, Token, Expiration, AccountId}. Clients ask again before Expiration, so a long-running tool
// (terraform, a dev server, k9s) always has live credentials and none are ever written to disk for it.
//
// One server holds one or more profiles, each at a path of its own (`assume --ecs-server`: one, at /;
// `gatehouse credential-server`: any number, at /profiles/<name>), each with its own random token and its own
// refresh timer. The token names the profile: a client handed one profile's URL and token cannot read another's
// (aws-sso-cli's slots share one token). Anything without a token of a loaded profile gets 401, before the method or
// the path is looked at, so nobody learns which profiles are loaded; a token used at another profile's path, 404.

export interface ServedProfile {
  readonly profile: string;
  /** The role, or '' for an MFA session of long-term keys. */
  readonly roleName: string;
  readonly region: string;
  /** "PROFILE (role R in account A, until HH:MM UTC)", for messages. */
  readonly what: string;
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  readonly url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN. */
  readonly token: string;
  readonly credentials: RefreshingCredentials;
}

export interface ProfileToServe {
  readonly profile: string;
  readonly roleName: string;
  readonly region: string;
  readonly what: string;
  readonly initial: RoleCredentials;
  readonly fetch: FetchCredentials;
}

export interface EcsServerOptions {
  /** A port of 127.0.0.1 (`ssh -R` needs a known one); default any free one. */
  readonly port?: number;
  /** Per-profile messages (refreshes and their failures). */
  readonly log: (profile: string, message: string) => void;
  /** Requests under this path prefix go to `handler` instead (credential-server's control requests). */
  readonly extra?: { readonly prefix: string; readonly handler: (request: IncomingMessage, response: ServerResponse) => Promise<void> };
}

interface Slot extends ServedProfile {
  readonly secret: Secret;
  /** The path, percent-decoded. */
  readonly decodedPath: string;
}

/** The path a profile is served at on a server of several: /profiles/<name>, each segment percent-encoded. */
function profilePath(profile: string): string {
  return `/profiles/${profile.split('/').map(encodeURIComponent).join('/')}`;
}


export class EcsServer {
  readonly #slots = new Map<string, Slot>();

  private constructor(
    /** http://127.0.0.1:PORT */
    readonly origin: string,
    private readonly options: EcsServerOptions,
    private readonly stopListening: () => Promise<void>,
  ) {}

  static async start(options: EcsServerOptions): Promise<EcsServer> {
    let server: EcsServer | undefined;
    const listener = await listenOnLoopback((request, response) => server!.handle(request, response), options.port);
    server = new EcsServer(`http://127.0.0.1:${listener.port}`, options, () => listener.close());
    return server;
  }

  get port(): number {
    return Number(new URL(this.origin).port);
  }

  /** Serves a profile at `path` (default: its /profiles/ path) with a new token; one already served is kept. */
  add(profile: ProfileToServe, path = profilePath(profile.profile)): ServedProfile {
    const existing = this.#slots.get(profile.profile);
    if (existing) return existing;
    const token = randomBytes(32).toString('base64url');
    const slot: Slot = {
      profile: profile.profile,
      roleName: profile.roleName,
      region: profile.region,
      what: profile.what,
      url: `${this.origin}${path}`,
      token,
      secret: new Secret(token),
      decodedPath: decoded(path) ?? path,
      credentials: new RefreshingCredentials(profile.initial, profile.fetch, (message) => this.options.log(profile.profile, message)),
    };
    this.#slots.set(profile.profile, slot);
    return slot;
  }

  get(profile: string): ServedProfile | undefined {
    return this.#slots.get(profile);
  }

  /** Stops serving a profile: its token is refused from now on. */
  remove(profile: string): boolean {
    const slot = this.#slots.get(profile);
    if (!slot) return false;
    slot.credentials.stop();
    this.#slots.delete(profile);
    return true;
  }

  profiles(): ServedProfile[] {
    return [...this.#slots.values()];
  }

  async close(): Promise<void> {
    for (const slot of this.#slots.values()) slot.credentials.stop();
    this.#slots.clear();
    await this.stopListening();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    const extra = this.options.extra;
    if (extra && path.startsWith(extra.prefix)) {
      await extra.handler(request, response);
      return;
    }
    const presented = request.headers.authorization;
    let slot: Slot | undefined;
    // Each token compared (in constant time), so how long this takes says nothing about which one nearly matched.
    for (const candidate of this.#slots.values()) if (candidate.secret.matches(presented)) slot = candidate;
    if (!slot) {
      sendJson(response, 401, { Code: 'Unauthorized', Message: 'send the token of AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header' });
      return;
    }
    if (request.method !== 'GET') {
      sendJson(response, 405, { Code: 'MethodNotAllowed', Message: 'GET only' });
      return;
    }
    if (decoded(path) !== slot.decodedPath) {
      sendJson(response, 404, { Code: 'NotFound', Message: `the credentials of this token are at ${new URL(slot.url).pathname}` });
      return;
    }
    try {
      const c = await slot.credentials.get();
      sendJson(response, 200, {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: awsTimestamp(c.expiration),
        AccountId: c.accountId,
      });
    } catch (error) {
      sendJson(response, 500, { Code: 'CredentialsUnavailable', Message: (error as Error).message });
    }
  }
}
