import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsConfig } from '../aws-config/config-file.js';
import { awsTimestamp } from '../aws-config/json-files.js';
import { CliError, exitCodes } from '../errors.js';
import { EcsServer, type ServedProfile } from './ecs-server.js';
import { decoded, pathOf, Secret, sendJson } from './loopback.js';
import { profileCredentials } from './profile-credentials.js';
import { describeCredentials } from './resolve-signing-in.js';
import { controlPrefix, registerServer, unregisterServer, type ServedDetail, type ServedEntry } from './server-registry.js';

// `gatehouse credential-server [PROFILE...]`: one ECS credential server (ecs-server.ts) for any number of profiles,
// each at /profiles/<name> with a token of its own and its own refresh timer (aws-sso-cli's `ecs server` with
// `ecs load --slotted`, whose slots share one token and are never refreshed). Profiles come and go while it runs
// through its control API under /_gatehouse/, which takes the control token of its registry record
// (server-registry.ts):
//   GET    profiles          what is served (no tokens)
//   GET    profiles/<name>   one profile with its token (404: not served)
//   PUT    profiles/<name>   serve it: resolved here from ~/.aws/config as it is now, from the token store's cache
//                            (the load command resolved it first, signing in or asking for an MFA code at its terminal)
//   DELETE profiles/<name>   stop serving it (its token is refused from then on); DELETE profiles: all of them

export interface ProfileServerOptions {
  readonly port: number | undefined;
  readonly endpoint: string | undefined;
  readonly log: (message: string) => void;
}

export interface ProfileServer {
  readonly port: number;
  /** Serves the profile, resolved from `config` when the caller has read it already, else from the file as it is now. */
  load(profile: string, config?: AwsConfig): Promise<ServedProfile>;
  close(): Promise<void>;
}

function entry(served: ServedProfile): ServedEntry {
  const credentials = served.credentials.peek();
  return {
    profile: served.profile,
    roleName: served.roleName,
    accountId: credentials.accountId,
    region: served.region,
    url: served.url,
    expiration: awsTimestamp(credentials.expiration),
    lastUpdated: awsTimestamp(served.credentials.lastUpdated()),
  };
}

function detail(served: ServedProfile): ServedDetail {
  return { ...entry(served), token: served.token };
}

function failure(response: ServerResponse, error: unknown): void {
  const exitCode = error instanceof CliError ? error.exitCode : exitCodes.failure;
  sendJson(response, error instanceof CliError ? 422 : 500, { Code: 'LoadFailed', Message: (error as Error).message, ExitCode: exitCode });
}

export async function startProfileServer(options: ProfileServerOptions): Promise<ProfileServer> {
  const controlToken = new Secret(randomBytes(32).toString('base64url'));
  const loading = new Map<string, Promise<ServedProfile>>();
  let ecs: EcsServer;

  const resolveAndServe = async (profile: string, config: AwsConfig): Promise<ServedProfile> => {
    const resolve = (refresh: boolean) => profileCredentials(config, profile, { endpoint: options.endpoint, refresh });
    const resolved = await resolve(false);
    const served = ecs.add({
      profile,
      roleName: resolved.roleName,
      region: resolved.region ?? 'us-east-1',
      what: describeCredentials(profile, resolved),
      initial: resolved.credentials,
      fetch: async (refresh) => (await resolve(refresh)).credentials,
    });
    options.log(`serving ${served.what} at ${served.url}`);
    return served;
  };

  const load = (profile: string, config?: AwsConfig): Promise<ServedProfile> => {
    const served = ecs.get(profile);
    if (served) return Promise.resolve(served);
    let pending = loading.get(profile);
    if (!pending) {
      pending = Promise.resolve(config ?? AwsConfig.load()).then((read) => resolveAndServe(profile, read)).finally(() => loading.delete(profile));
      loading.set(profile, pending);
    }
    return pending;
  };

  const handleControl = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!controlToken.matches(request.headers.authorization)) {
      sendJson(response, 401, { Code: 'Unauthorized', Message: 'the control API takes the token of the server\'s registry record' });
      return;
    }
    const rest = pathOf(request).slice(controlPrefix.length);
    const method = request.method ?? 'GET';
    if (rest === 'profiles') {
      if (method === 'GET') return sendJson(response, 200, ecs.profiles().map(entry));
      if (method === 'DELETE') {
        const removed = ecs.profiles().map((p) => p.profile);
        for (const profile of removed) ecs.remove(profile);
        if (removed.length > 0) options.log(`stopped serving ${removed.join(', ')}`);
        return sendJson(response, 200, removed);
      }
      return sendJson(response, 405, { Code: 'MethodNotAllowed', Message: 'GET or DELETE' });
    }
    const match = /^profiles\/([^/]+)$/.exec(rest);
    const profile = match ? decoded(match[1]!) : undefined;
    if (profile === undefined) return sendJson(response, 404, { Code: 'NotFound', Message: 'no such control path' });
    if (method === 'GET') {
      const served = ecs.get(profile);
      return served ? sendJson(response, 200, detail(served)) : sendJson(response, 404, { Code: 'NotFound', Message: `${profile} is not served` });
    }
    if (method === 'PUT') {
      try {
        return sendJson(response, 200, detail(await load(profile)));
      } catch (error) {
        return failure(response, error);
      }
    }
    if (method === 'DELETE') {
      if (!ecs.remove(profile)) return sendJson(response, 404, { Code: 'NotFound', Message: `${profile} is not served` });
      options.log(`stopped serving ${profile}`);
      return sendJson(response, 200, [profile]);
    }
    return sendJson(response, 405, { Code: 'MethodNotAllowed', Message: 'GET, PUT or DELETE' });
  };

  ecs = await EcsServer.start({
    port: options.port,
    log: (profile, message) => options.log(`${profile}: ${message}`),
    extra: { prefix: controlPrefix, handler: handleControl },
  });
  try {
    await registerServer({ pid: process.pid, port: ecs.port, controlToken: controlToken.value, startedAt: new Date().toISOString() });
  } catch (error) {
    await ecs.close();
    throw error;
  }
  return {
    port: ecs.port,
    load,
    close: async () => {
      await unregisterServer(ecs.port);
      await ecs.close();
    },
  };
}
